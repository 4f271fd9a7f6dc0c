import type { IrUsage } from '../../ir';

/**
 * Helpers of the per-dialect usage mappings (`<dialect>/usage.ts`). Each dialect maps its usage
 * object once, to the IR convention (input includes cached and cache-write tokens; output
 * includes reasoning); the codecs' decoders and the monitor's usage tap both call that mapping.
 * Absent fields are unknown, not zero.
 */

/** A token count: a finite number ≥ 0 (anything else is treated as absent). */
export function asCount(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** The sum of the known counts; undefined when none is known. */
export function sumCounts(...vs: (number | undefined)[]): number | undefined {
  return vs.every((v) => v === undefined) ? undefined : vs.reduce<number>((a, v) => a + (v ?? 0), 0);
}

/** Drops unknown fields; undefined when nothing is known. */
export function knownUsage(u: Partial<IrUsage>): Partial<IrUsage> | undefined {
  const out: Partial<IrUsage> = {};
  for (const k of Object.keys(u) as Array<keyof IrUsage>) if (u[k] !== undefined) out[k] = u[k];
  return Object.keys(out).length > 0 ? out : undefined;
}
