/**
 * Scheduling strategies: given the ready slots for a request, the order to try them in.
 * All strategies keep accounts serving the model itself ahead of those serving only a
 * stand-in (`substitute`, see model-mapping.ts).
 *  - sticky: the session's bound account first while it is ready; a session without a
 *    binding (or without a key) is placed round-robin, spreading new sessions.
 *  - round-robin: rotates the starting slot on every request (per client model).
 *  - fill-first: priority (higher first), then weight (higher first), then config order.
 */
import type { AccountConfig, SchedulingMode } from '../core/config';

export interface Slot {
  account: AccountConfig;
  upstreamModel: string;
  substitute: boolean;
  /** Position in the config (the z.ai dispatcher comes last). */
  index: number;
}

export interface ScheduleContext {
  /** Rotation counters are kept per key (the client model). */
  rotationKey: string;
  /** The account that served this session last, if any. */
  boundAccountId?: string;
}

export interface Scheduler {
  readonly mode: SchedulingMode;
  order<T extends Slot>(slots: readonly T[], ctx: ScheduleContext): T[];
}

function byTier<T extends Slot>(slots: T[]): T[] {
  // Array.prototype.sort is stable: the strategy order survives within each tier.
  return slots.sort((a, b) => Number(a.substitute) - Number(b.substitute));
}

class RoundRobin {
  private readonly counters = new Map<string, number>();

  rotate<T extends Slot>(slots: readonly T[], key: string): T[] {
    const base = [...slots].sort((a, b) => a.index - b.index);
    if (base.length === 0) return base;
    const n = this.counters.get(key) ?? 0;
    this.counters.set(key, (n + 1) % 1_000_000_007);
    const start = n % base.length;
    return [...base.slice(start), ...base.slice(0, start)];
  }
}

export function fillFirstCompare(a: Slot, b: Slot): number {
  return (b.account.priority ?? 0) - (a.account.priority ?? 0)
    || (b.account.weight ?? 0) - (a.account.weight ?? 0)
    || a.index - b.index;
}

export function createScheduler(mode: SchedulingMode): Scheduler {
  const rr = new RoundRobin();
  switch (mode) {
    case 'fill-first':
      return { mode, order: (slots) => byTier([...slots].sort(fillFirstCompare)) };
    case 'round-robin':
      return { mode, order: (slots, ctx) => byTier(rr.rotate(slots, ctx.rotationKey)) };
    case 'sticky':
    default:
      return {
        mode: 'sticky',
        order(slots, ctx) {
          const bound = slots.find((s) => s.account.id === ctx.boundAccountId);
          if (bound) return [bound, ...byTier(rr.rotate(slots.filter((s) => s !== bound), ctx.rotationKey))];
          return byTier(rr.rotate(slots, ctx.rotationKey));
        },
      };
  }
}
