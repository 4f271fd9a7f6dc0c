import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IrPart, IrRequest } from './ir';

/**
 * Token counts for OpenAI-family models with their real BPE (gpt-tokenizer, pure JS): o200k_base
 * for GPT-4o, GPT-4.1, GPT-5, the o-series and gpt-oss; cl100k_base for GPT-4 and GPT-3.5. The
 * encoding is loaded on first use only (from its own bundle, dist/tokenizer.js; building its rank
 * table takes a few hundred ms), so neither activation nor proxy start pays for it.
 *
 * The chat framing follows OpenAI's documented count: 3 tokens per message, 3 for the reply
 * priming; a tool adds its name, description and JSON schema plus 8; an image stays the shared
 * estimate (its size is not known here).
 */
export type BpeEncoding = 'o200k_base' | 'cl100k_base';

interface Encoder {
  countTokens(text: string): number;
}

const loaded = new Map<BpeEncoding, Encoder>();

/**
 * Bundled builds load `tokenizer.js` beside them (its own esbuild bundle, where `gpt-tokenizer` is
 * external to core.js and cli.js); from source (tests, tsx) the entry itself is required.
 */
function loadEncoding(name: BpeEncoding): Encoder {
  const bundled = join(__dirname, 'tokenizer.js');
  const entry = (existsSync(bundled) ? require(bundled) : require('./tokenizer-entry')) as { encoding(n: BpeEncoding): Encoder };
  return entry.encoding(name);
}

function encoder(name: BpeEncoding): Encoder {
  let e = loaded.get(name);
  if (!e) {
    e = loadEncoding(name);
    loaded.set(name, e);
  }
  return e;
}

/** The BPE of an OpenAI-family model, or undefined for any other model. */
export function bpeEncodingFor(model: string): BpeEncoding | undefined {
  const m = model.toLowerCase().replace(/^(openai\/|azure\/)/, '');
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o\d|gpt-oss|chatgpt-4o|codex)/.test(m)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5|text-embedding-3|text-embedding-ada)/.test(m)) return 'cl100k_base';
  return undefined;
}

/**
 * BPE merging is quadratic in the length of one pre-token: a hostile unbroken run ("a" × 100 000)
 * would take seconds. Runs longer than LONG_RUN characters are counted in slices of that length
 * (at most one token off per slice), which keeps the cost linear.
 */
const LONG_RUN = 200;
const LONG_RUNS = new RegExp(`\\S{${LONG_RUN + 1},}`, 'g');

export function bpeTokens(text: string, encoding: BpeEncoding): number {
  if (!text) return 0;
  const e = encoder(encoding);
  let total = 0;
  let from = 0;
  for (const m of text.matchAll(LONG_RUNS)) {
    if (m.index > from) total += e.countTokens(text.slice(from, m.index));
    for (let i = 0; i < m[0].length; i += LONG_RUN) total += e.countTokens(m[0].slice(i, i + LONG_RUN));
    from = m.index + m[0].length;
  }
  if (from < text.length) total += e.countTokens(text.slice(from));
  return total;
}

/**
 * Characters counted exactly per request; beyond it the rest is scaled by the ratio measured so
 * far, so a request of many megabytes costs a bounded time (about a second) on the event loop.
 */
export const EXACT_CHARS = 1_000_000;

/** The input tokens of a request as `encoding` counts them. */
export function countIrBpe(ir: IrRequest, encoding: BpeEncoding, imageTokens: number): number {
  let chars = 0;
  let counted = 0;
  const t = (s: string) => {
    const room = EXACT_CHARS - chars;
    const head = room >= s.length ? s : s.slice(0, Math.max(0, room));
    const n = head ? bpeTokens(head, encoding) : 0;
    chars += head.length;
    counted += n;
    const rest = s.length - head.length;
    return rest > 0 ? n + Math.ceil((rest * counted) / Math.max(1, chars)) : n;
  };
  let tokens = 3;
  if (ir.system.length) tokens += 3 + t(ir.system.map((p) => p.text).join('\n'));
  for (const m of ir.messages) {
    tokens += 3;
    for (const p of m.content) tokens += partTokens(p, t, imageTokens);
  }
  for (const tool of ir.tools) tokens += 8 + t(tool.name) + t(tool.description ?? '') + t(JSON.stringify(tool.parameters));
  return tokens;
}

function partTokens(p: IrPart, t: (s: string) => number, imageTokens: number): number {
  switch (p.type) {
    case 'text': return t(p.text);
    case 'image': return imageTokens;
    case 'reasoning': return t(p.text);
    case 'tool-call': return 3 + t(p.name) + t(JSON.stringify(p.input));
    case 'tool-result': return 3 + p.content.reduce((n, c) => n + partTokens(c, t, imageTokens), 0);
  }
}
