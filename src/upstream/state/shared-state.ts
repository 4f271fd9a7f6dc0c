/**
 * Team mode (issue 23): the pool state several proxy instances share. The in-process state
 * (account-state.ts, session-bindings.ts, concurrency.ts, the monitor's usage) stays the one
 * every request reads, synchronously; a shared layer only mirrors it: it writes local changes
 * out (fire-and-forget) and applies the other instances' changes as they are published. The
 * one shared call a request waits for is a concurrency slot, bounded by a short timeout.
 * Without `state.redis` there is no shared layer at all (the pool checks one `undefined`).
 *
 * Identifiers only: accounts by their config id (never a key), sessions by a digest.
 */
import type { UsageRow } from '../../core/usage-row';

/** What a shared layer tells the pool: another instance's change, to apply locally. */
export interface PoolStateSink {
  cooled(accountId: string, model: string, until: number): void;
  /** `status`: the upstream's HTTP status that disabled it (401 / 403); `at`: epoch ms. */
  disabled(accountId: string, status: number, at: number): void;
  enabled(accountId: string): void;
  /** The local view pushed after an outage (cooldowns and disabled flags still in force). */
  snapshot(now: number): {
    cooling: Array<{ accountId: string; model: string; until: number }>;
    disabled: Array<{ accountId: string; status: number; at: number }>;
  };
}

/** Per-account concurrency slots across instances (a counting semaphore with expiring leases). */
export interface SharedSlots {
  /**
   * A slot on `accountId` for at most `max` holders across all instances, waiting until
   * `deadline` (epoch ms). `local`: the shared store cannot answer now: admit on local caps only.
   * A lease's `release` is idempotent.
   */
  acquire(accountId: string, max: number, deadline: number, signal?: AbortSignal): Promise<{ release: () => void } | 'timeout' | 'aborted' | 'local'>;
}

/** The pool's side of the shared layer. */
export interface SharedPoolState {
  /** Called once by the pool: where remote changes are applied. */
  attach(sink: PoolStateSink): void;
  cooled(accountId: string, model: string, until: number): void;
  disabled(accountId: string, status: number, at: number): void;
  enabled(accountId: string): void;
  /** A session binding (`key` is the pool's raw binding key; it is digested before it leaves). */
  bound(key: string, accountId: string, now: number): void;
  /** The shared binding of `key`, when one is known and alive. */
  boundTo(key: string, now: number): string | undefined;
  readonly slots: SharedSlots;
}

/** One day × account × model of usage totals (the monitor's UsageRow shape). */
export type SharedUsageRow = UsageRow;

/** Usage and budget counters shared by all instances. */
export interface SharedUsage {
  /** Adds finished requests (rows are deltas; `sessions` the billed dollars per client session). */
  add(rows: readonly SharedUsageRow[], sessions: ReadonlyMap<string, number>): void;
  /** Billed dollars of `day` across instances, as last known (plus what is not yet pushed). */
  dayUsd(day: string): number;
  /** Billed dollars of one client session across instances, as last known. */
  sessionUsd(sessionId: string): number;
  /** Every instance's usage rows from `sinceDay` on; rejects when the store cannot answer. */
  rows(sinceDay?: string): Promise<SharedUsageRow[]>;
}

/** Small JSON values with an expiry (the Responses store). Reads reject on failure. */
export interface SharedBlobs {
  put(key: string, value: string, ttlMs: number): void;
  get(key: string): Promise<string | undefined>;
  delete(key: string): void;
}

export interface SharedState {
  readonly pool: SharedPoolState;
  readonly usage: SharedUsage;
  readonly blobs: SharedBlobs;
  /** True while the shared store answers. */
  connected(): boolean;
  close(): Promise<void>;
}
