import type { SharedSlots } from './shared-state';
import type { Keys, StateEvent } from './redis-keys';
import { REQUEST_PATH_TIMEOUT_MS, within, type RedisLink } from './redis-link';

/** A lease not renewed for this long is free again (its instance died or lost Redis). */
export const LEASE_TTL_MS = 30_000;
const RENEW_EVERY_MS = 10_000;
/** Without a release message, a waiter tries again this often (a lease may have expired). */
const RETRY_MS = 100;

/**
 * Takes a lease when fewer than ARGV[3] unexpired ones exist, on Redis' own clock (instances'
 * clocks may differ). KEYS[1] the account's ZSET; ARGV lease id, ttl ms, max.
 */
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
  return 1
end
return 0`;

/** Extends a lease still held: KEYS[1]; ARGV lease id, ttl ms. */
const RENEW_SCRIPT = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return 1`;

/**
 * Concurrency slots per account across instances (`maxConcurrent`): a ZSET of lease ids scored
 * by expiry, taken by a Lua script, renewed while held, released with a message that wakes the
 * other instances' waiters. Each Redis call a request waits on is bounded (100 ms); when Redis
 * cannot answer, the request is admitted on the local caps alone (`local`).
 */
export function redisSlots(link: RedisLink, keys: Keys, deps: {
  instanceId: string;
  now: () => number;
  publish: (e: StateEvent) => void;
}): SharedSlots & { onEvent(e: StateEvent): void; reconcile(): Promise<void> } {
  let counter = 0;
  /** Waiters per account, woken by a release anywhere. */
  const waiters = new Map<string, Set<() => void>>();
  /** Leases released while Redis was away: removed on reconnect (else they block until they expire). */
  const unreleased = new Map<string, string>();
  const fail = (err: unknown) => link.warn(`a slot call failed (${(err as Error).message})`);

  const wake = (accountId: string) => {
    const set = waiters.get(accountId);
    if (set) for (const fn of [...set]) fn();
  };

  function lease(accountId: string, id: string): { release: () => void } {
    const key = keys.slots(accountId);
    const renew = setInterval(() => {
      if (link.ready()) link.cmd.eval(RENEW_SCRIPT, 1, key, id, String(LEASE_TTL_MS)).catch(fail);
    }, RENEW_EVERY_MS);
    renew.unref();
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        clearInterval(renew);
        if (!link.ready()) {
          unreleased.set(id, key);
          return;
        }
        link.cmd.zrem(key, id).then(() => deps.publish({ i: deps.instanceId, t: 'slot', a: accountId }), (err: unknown) => {
          unreleased.set(id, key);
          fail(err);
        });
        wake(accountId);
      },
    };
  }

  /** Resolves on a release message, after RETRY_MS, or at the deadline / abort. */
  function pause(accountId: string, deadline: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      let set = waiters.get(accountId);
      if (!set) waiters.set(accountId, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        set!.delete(done);
        if (set!.size === 0) waiters.delete(accountId);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, Math.min(RETRY_MS, deadline - deps.now())));
      signal?.addEventListener('abort', done, { once: true });
      set.add(done);
    });
  }

  return {
    async acquire(accountId, max, deadline, signal) {
      const id = `${deps.instanceId}:${++counter}`;
      const key = keys.slots(accountId);
      for (;;) {
        if (signal?.aborted) return 'aborted';
        if (!link.ready()) return 'local';
        let got: unknown;
        try {
          got = await within(link.cmd.eval(ACQUIRE_SCRIPT, 1, key, id, String(LEASE_TTL_MS), String(max)), REQUEST_PATH_TIMEOUT_MS);
        } catch (err) {
          fail(err);
          // The script may have run after all: a lease nobody holds expires with its TTL; remove it now if we can.
          link.cmd.zrem(key, id).catch(() => {});
          return 'local';
        }
        if (got === 1) {
          if (signal?.aborted) {
            link.cmd.zrem(key, id).catch(fail);
            return 'aborted';
          }
          return lease(accountId, id);
        }
        if (deps.now() >= deadline) return 'timeout';
        await pause(accountId, deadline, signal);
      }
    },
    onEvent(e) {
      if (e.t === 'slot') wake(e.a);
    },
    async reconcile() {
      const pending = [...unreleased];
      unreleased.clear();
      await Promise.all(pending.map(([id, key]) => link.cmd.zrem(key, id)));
    },
  };
}
