import { randomUUID } from 'node:crypto';
import { DEFAULT_STATE_KEY_PREFIX, type StateSection } from '../../core/config';
import type { Logger } from '../../core/logger';
import type { SharedBlobs, SharedState } from './shared-state';
import { keysOf, type StateEvent } from './redis-keys';
import { openRedisLink, within } from './redis-link';
import { redisPoolState } from './redis-pool-state';
import { redisSlots } from './redis-slots';
import { redisUsage } from './redis-usage';
import { DEFAULT_BINDING_TTL_MS, DEFAULT_MAX_BINDINGS } from '../session-bindings';

export interface RedisStateDeps {
  instanceId: string;
  logger: Logger;
  now?: () => number;
  bindingTtlMs?: number;
  maxBindings?: number;
}

/**
 * The shared state of team mode on Redis (issue 23): one command connection, one subscribed
 * to the change channel. Every change this instance makes is published; every other
 * instance's is applied to the local state within the channel's latency (milliseconds). On
 * every (re)connection the parts reconcile: push what happened locally meanwhile, read the
 * shared state back. Redis away never fails a request (see shared-state.ts).
 */
export function createRedisState(section: StateSection, deps: RedisStateDeps): SharedState {
  const now = deps.now ?? Date.now;
  const keys = keysOf(section.keyPrefix ?? DEFAULT_STATE_KEY_PREFIX);
  const link = openRedisLink(section.redis, deps.logger, now);
  // Unique per shared state (a restarted server in the same VS Code window keeps its instance id):
  // names this side's messages (skipped when they come back) and its leases.
  const instanceId = `${deps.instanceId}/${randomUUID().slice(0, 8)}`;
  const publish = (e: StateEvent) => {
    if (link.ready()) link.cmd.publish(keys.channel, JSON.stringify(e)).catch((err: Error) => link.warn(`a change was not published (${err.message})`));
  };
  const slots = redisSlots(link, keys, { instanceId, now, publish });
  const pool = redisPoolState(link, keys, {
    instanceId,
    now,
    publish,
    slots,
    bindingTtlMs: deps.bindingTtlMs ?? DEFAULT_BINDING_TTL_MS,
    maxBindings: deps.maxBindings ?? DEFAULT_MAX_BINDINGS,
  });
  const usage = redisUsage(link, keys, { instanceId, publish });

  link.sub.subscribe(keys.channel).catch((err: Error) => link.warn(`subscribe failed (${err.message})`));
  link.sub.on('message', (channel: string, text: string) => {
    if (channel !== keys.channel) return;
    let e: StateEvent;
    try {
      e = JSON.parse(text) as StateEvent;
    } catch {
      return;
    }
    if (!e || e.i === instanceId) return;
    pool.onEvent(e);
    slots.onEvent(e);
    usage.onEvent(e);
  });

  let reconciling: Promise<void> | undefined;
  let again = false;
  const reconcile = () => {
    if (reconciling) {
      again = true;
      return;
    }
    reconciling = (async () => {
      do {
        again = false;
        if (!link.ready()) return;
        try {
          await slots.reconcile();
          await pool.reconcile();
          await usage.reconcile();
        } catch (err) {
          link.warn(`reconciling failed (${(err as Error).message})`);
        }
      } while (again);
    })().finally(() => {
      reconciling = undefined;
    });
  };
  link.onReady(reconcile);

  const blobs: SharedBlobs = {
    put(key, value, ttlMs) {
      if (link.ready()) link.cmd.set(keys.blob(key), value, 'PX', Math.max(1, Math.round(ttlMs))).catch((err: Error) => link.warn(`a response was not stored (${err.message})`));
    },
    async get(key) {
      if (!link.ready()) throw new Error('Redis is not connected');
      // On the request path (previous_response_id from another instance): bounded.
      return (await within(link.cmd.get(keys.blob(key)), 250)) ?? undefined;
    },
    delete(key) {
      if (link.ready()) link.cmd.del(keys.blob(key)).catch((err: Error) => link.warn(`a response was not deleted (${err.message})`));
    },
  };

  return {
    pool,
    usage,
    blobs,
    connected: () => link.ready(),
    async close() {
      await usage.flush().catch(() => {});
      await reconciling;
      await link.close();
    },
  };
}
