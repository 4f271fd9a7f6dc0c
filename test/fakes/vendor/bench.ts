import type { PacedTurn } from './serve';
import type { Script } from './wire/turn';

/**
 * Answers shaped by the model name, so the shape survives any proxy in between (passthrough,
 * translation, a peer router) without custom headers:
 *   bench                → one small delta
 *   bench-n200-d0-s16    → n text deltas, d ms apart (fractions allowed, 0 = back to back),
 *                          s characters each; delta i starts with `tok<i> `
 */
export interface BenchDefaults {
  chunks?: number;
  delay?: number;
  size?: number;
}

export function parseModelParams(model: unknown, defaults: BenchDefaults = {}): { n: number; d: number; s: number } {
  const p = { n: defaults.chunks ?? 1, d: defaults.delay ?? 0, s: defaults.size ?? 16 };
  if (typeof model !== 'string') return p;
  for (const m of model.matchAll(/-([nds])(\d+(?:\.\d+)?)/g)) p[m[1] as 'n' | 'd' | 's'] = Number(m[2]);
  return p;
}

const delta = (s: number, i: number) => {
  const base = `tok${i} `;
  return base.length >= s ? base.slice(0, Math.max(1, s)) : base + 'x'.repeat(s - base.length);
};

/** The bench's script: the model name decides the deltas and their pacing. */
export function benchScript(defaults: BenchDefaults = {}): Script {
  return (view): PacedTurn => {
    const p = parseModelParams(view.model, defaults);
    const parts = Array.from({ length: p.n }, (_, i) => delta(p.s, i));
    return { text: parts.join(''), parts, frameDelayMs: p.d };
  };
}
