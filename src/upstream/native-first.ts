/**
 * Native first: among the accounts that can serve a model, the order of preference is
 *   0. the vendor that owns the model's family (an Anthropic-kind account for `claude-*`, a
 *      Gemini one for `gemini-*`, OpenAI for `gpt-*` / `o<N>`, z.ai for `glm-*`: the provider's
 *      `nativeFamily`, see FAMILY_OWNER in model-mapping.ts);
 *   1. an account spoken to in the client's own dialect (a passthrough: nothing is translated);
 *   2. any other account serving the model itself (translated);
 *   3. stand-ins (`substitute`: the account serves another model in its place).
 * The scheduler (scheduler.ts) orders the accounts within each tier; the tiers themselves are
 * never reordered, so a ready native account is always tried before an OpenAI-compatible one
 * that would also take `claude-*`.
 *
 * The z.ai dispatcher keeps its dispatch mode's meaning: `pooled` is one more slot in the
 * rotation of the first tier (not demoted behind Anthropic accounts), `fallback` stays last
 * (the pool appends it after everything, outside these tiers).
 */
import type { Dialect } from '../core/dialect';
import { familyOf } from './model-mapping';
import { providerOf } from './providers/registry';
import type { ScheduleContext, Scheduler, Slot } from './scheduler';

export type NativeTier = 0 | 1 | 2 | 3;

export interface TierInput {
  /** The dialect this slot's account would be spoken to in (see candidateWire). */
  wire: Dialect;
  /** True for the synthetic z.ai dispatcher slot in `pooled` mode. */
  pooledDispatcher?: boolean;
}

export function nativeTier(slot: Slot, client: Dialect, input: TierInput): NativeTier {
  if (slot.substitute) return 3;
  if (input.pooledDispatcher) return 0;
  const family = familyOf(slot.upstreamModel);
  if (family !== undefined && providerOf(slot.account.kind).nativeFamily === family) return 0;
  if (input.wire === client) return 1;
  return 2;
}

/**
 * `slots` grouped by tier (lowest first), each group ordered by the scheduler. Each tier
 * rotates on its own counter (`rotationKey` + tier), so round-robin spreads within a tier no
 * matter how many tiers a request has.
 */
export function orderNativeFirst<T extends Slot>(slots: readonly T[], tierOf: (s: T) => NativeTier, scheduler: Scheduler, ctx: ScheduleContext): T[] {
  const groups = new Map<NativeTier, T[]>();
  for (const s of slots) {
    const t = tierOf(s);
    groups.set(t, [...(groups.get(t) ?? []), s]);
  }
  return [...groups.keys()]
    .sort((a, b) => a - b)
    .flatMap((t) => scheduler.order(groups.get(t)!, { ...ctx, rotationKey: `${ctx.rotationKey}\u0000tier${t}` }));
}
