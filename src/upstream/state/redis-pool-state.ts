import type { PoolStateSink, SharedPoolState, SharedSlots } from './shared-state';
import { digest, type Keys, type StateEvent } from './redis-keys';
import type { RedisLink } from './redis-link';

/** A disabled flag outlives its instance at most this long (every instance re-probes meanwhile). */
export const DISABLED_TTL_MS = 30 * 60_000;
/** A binding is rewritten (its TTL refreshed) at most this often while it stays on one account. */
const BIND_REFRESH_FRACTION = 10;

/** Sets a cooldown unless a longer one is stored: KEYS[1]; ARGV until, ttl ms. */
const COOL_SCRIPT = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if cur >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

interface Mirror {
  a: string;
  /** Epoch ms the binding expires. */
  e: number;
  /** Epoch ms this instance last wrote it to Redis. */
  w: number;
}

/**
 * Cooldowns, disabled flags and session bindings across instances. Writes are fire-and-forget;
 * while Redis is away they are remembered (cooldowns and flags from the pool's own state,
 * bindings in `dirty`) and pushed on reconnect, then the shared state is read back.
 */
export function redisPoolState(link: RedisLink, keys: Keys, deps: {
  instanceId: string;
  now: () => number;
  bindingTtlMs: number;
  maxBindings: number;
  publish: (e: StateEvent) => void;
  slots: SharedSlots;
}): SharedPoolState & { onEvent(e: StateEvent): void; reconcile(): Promise<void> } {
  let sink: PoolStateSink | undefined;
  /** Digest → binding, least recently used first (Map order). */
  const mirror = new Map<string, Mirror>();
  /** Bindings written while Redis was away (digests), pushed on reconnect. */
  const dirty = new Set<string>();
  /** Accounts revived while Redis was away: their shared flags are cleared on reconnect. */
  const revived = new Set<string>();
  const fail = (err: unknown) => link.warn(`a write failed (${(err as Error).message})`);
  const cmd = link.cmd;

  const remember = (d: string, m: Mirror) => {
    mirror.delete(d);
    mirror.set(d, m);
    while (mirror.size > deps.maxBindings) mirror.delete(mirror.keys().next().value as string);
  };

  function writeCool(accountId: string, model: string, until: number, now: number): Promise<unknown> {
    return cmd.eval(COOL_SCRIPT, 1, keys.cool(accountId, model), String(until), String(Math.max(1, until - now)));
  }
  function writeDisabled(accountId: string, status: number, at: number): Promise<unknown> {
    return cmd.set(keys.disabled(accountId), JSON.stringify({ status, at }), 'PX', DISABLED_TTL_MS, 'NX');
  }
  function writeBind(d: string, m: Mirror): Promise<unknown> {
    return cmd.set(keys.bind(d), JSON.stringify([m.a, m.e]), 'PX', Math.max(1, m.e - deps.now()));
  }

  async function scan(pattern: string): Promise<string[]> {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await cmd.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      out.push(...found);
    } while (cursor !== '0');
    return out;
  }

  /** After a (re)connection: push what happened locally meanwhile, then read everything back. */
  async function reconcile(): Promise<void> {
    const now = deps.now();
    const local = sink?.snapshot(now);
    const writes: Array<Promise<unknown>> = [];
    for (const c of local?.cooling ?? []) writes.push(writeCool(c.accountId, c.model, c.until, now));
    for (const d of local?.disabled ?? []) writes.push(writeDisabled(d.accountId, d.status, d.at));
    for (const a of revived) writes.push(cmd.del(keys.disabled(a)));
    revived.clear();
    for (const d of dirty) {
      const m = mirror.get(d);
      if (m && m.e > now) writes.push(writeBind(d, { ...m, w: now }));
    }
    dirty.clear();
    await Promise.all(writes);
    if (!sink) return;
    const coolKeys = await scan(`${keys.prefix}cool:*`);
    if (coolKeys.length > 0) {
      const values = await cmd.mget(...coolKeys);
      coolKeys.forEach((k, i) => {
        const [accountId, model] = k.slice(keys.prefix.length + 'cool:'.length).split('\u0000');
        const until = Number(values[i]);
        if (accountId && model !== undefined && until > deps.now()) sink!.cooled(accountId, model, until);
      });
    }
    const flagKeys = await scan(`${keys.prefix}disabled:*`);
    if (flagKeys.length > 0) {
      const values = await cmd.mget(...flagKeys);
      flagKeys.forEach((k, i) => {
        try {
          const v = JSON.parse(values[i] ?? 'null') as { status: number; at: number } | null;
          if (v) sink!.disabled(k.slice(keys.prefix.length + 'disabled:'.length), Number(v.status), Number(v.at));
        } catch {
          // not ours: skipped
        }
      });
    }
    const bindKeys = (await scan(`${keys.prefix}bind:*`)).slice(-deps.maxBindings);
    for (let i = 0; i < bindKeys.length; i += 500) {
      const part = bindKeys.slice(i, i + 500);
      const values = await cmd.mget(...part);
      part.forEach((k, j) => {
        try {
          const [a, e] = JSON.parse(values[j] ?? 'null') as [string, number];
          if (typeof a === 'string' && e > deps.now()) remember(k.slice(keys.prefix.length + 'bind:'.length), { a, e, w: deps.now() });
        } catch {
          // not ours: skipped
        }
      });
    }
  }

  return {
    slots: deps.slots,
    attach(s) {
      sink = s;
    },
    cooled(accountId, model, until) {
      deps.publish({ i: deps.instanceId, t: 'cool', a: accountId, m: model, u: until });
      if (link.ready()) writeCool(accountId, model, until, deps.now()).catch(fail);
    },
    disabled(accountId, status, at) {
      deps.publish({ i: deps.instanceId, t: 'disabled', a: accountId, s: status, at });
      if (link.ready()) writeDisabled(accountId, status, at).catch(fail);
    },
    enabled(accountId) {
      deps.publish({ i: deps.instanceId, t: 'enabled', a: accountId });
      if (link.ready()) cmd.del(keys.disabled(accountId)).catch(fail);
      else revived.add(accountId);
    },
    bound(key, accountId, now) {
      const d = digest(key);
      const old = mirror.get(d);
      const e = now + deps.bindingTtlMs;
      const changed = !old || old.a !== accountId || old.e <= now;
      const stale = old !== undefined && now - old.w > deps.bindingTtlMs / BIND_REFRESH_FRACTION;
      const m: Mirror = { a: accountId, e, w: changed || stale ? now : old!.w };
      remember(d, m);
      if (!changed && !stale) return;
      if (changed) deps.publish({ i: deps.instanceId, t: 'bind', k: d, a: accountId, e });
      if (!link.ready()) {
        if (dirty.size < deps.maxBindings) dirty.add(d);
        return;
      }
      writeBind(d, m).catch(fail);
    },
    boundTo(key, now) {
      const d = digest(key);
      const m = mirror.get(d);
      if (!m) return undefined;
      if (m.e <= now) {
        mirror.delete(d);
        return undefined;
      }
      return m.a;
    },
    onEvent(e) {
      if (e.t === 'bind') remember(e.k, { a: e.a, e: e.e, w: deps.now() });
      else if (e.t === 'cool') sink?.cooled(e.a, e.m, e.u);
      else if (e.t === 'disabled') sink?.disabled(e.a, e.s, e.at);
      else if (e.t === 'enabled') sink?.enabled(e.a);
    },
    reconcile,
  };
}
