import type { ProxyConfig } from '../core/config';
import type { Logger } from '../core/logger';
import type { Monitor, RequestRecord, Spend, UsageRow } from '../monitor/types';
import type { ResponseStore, StoredResponse } from '../monitor/response-store';
import { usageEntryOf, entryUsd } from '../monitor/usage-entry';
import { billedModel, dayKey } from '../monitor/usage-totals';
import type { SharedState, SharedUsageRow } from '../upstream/state/shared-state';
import { createRedisState } from '../upstream/state/redis-state';

/** How long the usage API waits for the shared totals before answering with this instance's. */
const USAGE_READ_TIMEOUT_MS = 2000;
/** Remote Responses read into memory here, at most (their home is Redis). */
const MAX_FETCHED_RESPONSES = 500;

/** A ResponseStore that also reads other instances' responses (after `prefetch`). */
export interface SharedResponseStore extends ResponseStore {
  /** Loads `id` and the responses before it from the shared store, when not known here. */
  prefetch(owner: string, id: string): Promise<void>;
}

/**
 * Team mode wiring (issue 23) between the proxy's parts and the shared state: the pool gets
 * `shared.pool`; finished records feed the shared usage and budget counters; budgets read the
 * larger of this instance's spend and the shared one; the usage API reads the shared totals;
 * stored Responses are written through to Redis. Built only when `state.redis` is set.
 */
export interface TeamState {
  readonly shared: SharedState;
  spend(local: Spend | undefined): Spend;
  responses(store: ResponseStore, maxAgeMs: number): SharedResponseStore;
  usageRows(since?: string): Promise<UsageRow[]>;
  close(): Promise<void>;
}

export function createTeamState(config: ProxyConfig, deps: { logger: Logger; instanceId: string; now: () => number; monitor?: Monitor }): TeamState | undefined {
  if (!config.state?.redis) return undefined;
  const shared = createRedisState(config.state, { instanceId: deps.instanceId, logger: deps.logger, now: deps.now });
  deps.logger.info(`team state: sharing pool state through Redis (key prefix "${config.state.keyPrefix ?? 'antigravity:'}")`);
  const unsubscribe = deps.monitor?.subscribe((batch) => shared.usage.add(...usageOf(batch)));

  return {
    shared,
    spend(local) {
      const u = shared.usage;
      const today = dayKey(deps.now());
      return {
        todayUsd: Math.max(local?.todayUsd ?? 0, u.dayUsd(today)),
        sessionUsd: (id) => Math.max(local?.sessionUsd(id) ?? 0, u.sessionUsd(id)),
      };
    },
    responses: (store, maxAgeMs) => sharedResponses(store, shared, maxAgeMs, deps.now),
    async usageRows(since) {
      return (await Promise.race([
        shared.usage.rows(since),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), USAGE_READ_TIMEOUT_MS).unref()),
      ])) as UsageRow[];
    },
    async close() {
      unsubscribe?.();
      await shared.close();
    },
  };
}

/** Finished records as usage deltas per day × account × model, and billed dollars per session. */
function usageOf(batch: readonly RequestRecord[]): [SharedUsageRow[], Map<string, number>] {
  const rows = new Map<string, SharedUsageRow>();
  const sessions = new Map<string, number>();
  for (const r of batch) {
    const u = usageEntryOf(r, billedModel(r));
    const day = dayKey(u.t);
    const key = `${day}\u0000${u.a}\u0000${u.m}`;
    let row = rows.get(key);
    if (!row) {
      row = { day, accountId: u.a, accountLabel: u.l, model: u.m, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0 };
      rows.set(key, row);
    }
    row.requests++;
    row.errors += u.e;
    row.inputTokens += u.i;
    row.outputTokens += u.o;
    row.cachedTokens += u.c;
    row.reasoningTokens += u.r;
    const usd = entryUsd(u);
    if (usd > 0) row.costUsd = (row.costUsd ?? 0) + usd;
    if (usd > 0 && u.x === 1) row.estimatedUsd = (row.estimatedUsd ?? 0) + usd;
    if (u.f === 1) row.includedRequests = (row.includedRequests ?? 0) + 1;
    if (r.sessionId && usd > 0) sessions.set(r.sessionId, (sessions.get(r.sessionId) ?? 0) + usd);
  }
  return [[...rows.values()], sessions];
}

/**
 * The local store stays the one every read uses; puts and deletes are written through to Redis
 * (keyed by the owner's digest and the id, expiring with the store's age bound); a response
 * this instance does not know is fetched by `prefetch` into a small in-memory cache.
 */
function sharedResponses(local: ResponseStore, shared: SharedState, maxAgeMs: number, now: () => number): SharedResponseStore {
  const fetched = new Map<string, StoredResponse>();
  const keyOf = (owner: string, id: string) => `resp:${owner}:${id}`;
  const cache = (owner: string, r: StoredResponse) => {
    fetched.set(keyOf(owner, r.id), r);
    while (fetched.size > MAX_FETCHED_RESPONSES) fetched.delete(fetched.keys().next().value as string);
  };
  return {
    put(owner, r) {
      local.put(owner, r);
      const stored = local.get(owner, r.id) ?? { ...r, createdAt: r.createdAt ?? now() };
      shared.blobs.put(keyOf(owner, r.id), JSON.stringify(stored), maxAgeMs - (now() - stored.createdAt));
    },
    get(owner, id) {
      return local.get(owner, id) ?? fetched.get(keyOf(owner, id));
    },
    delete(owner, id) {
      const here = local.delete(owner, id);
      const there = fetched.delete(keyOf(owner, id));
      shared.blobs.delete(keyOf(owner, id));
      return here || there;
    },
    async prefetch(owner, id) {
      // Walks the previous_response_id chain while links are missing here (bounded like history.ts).
      let next: string | undefined = id;
      for (let hops = 0; next && hops < 1000; hops++) {
        const known = local.get(owner, next) ?? fetched.get(keyOf(owner, next));
        if (!known) {
          let text: string | undefined;
          try {
            text = await shared.blobs.get(keyOf(owner, next));
          } catch {
            return; // Redis away: what this instance has is all there is
          }
          if (!text) return;
          const r = JSON.parse(text) as StoredResponse;
          cache(owner, r);
          next = r.previousResponseId;
        } else {
          next = known.previousResponseId;
        }
      }
    },
  };
}
