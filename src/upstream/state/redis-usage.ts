import { randomUUID } from 'node:crypto';
import type { SharedUsage, SharedUsageRow } from './shared-state';
import { digest, type Keys, type StateEvent } from './redis-keys';
import type { RedisLink } from './redis-link';

const DAY_MS = 86_400_000;
/** Usage days are kept as long as the monitor keeps them (USAGE_RETENTION_DAYS). */
const USAGE_TTL_MS = 400 * DAY_MS;
const SESSION_TTL_MS = 7 * DAY_MS;
const MAX_SESSIONS = 2000;
const COUNTERS = ['requests', 'errors', 'inputTokens', 'outputTokens', 'cachedTokens', 'reasoningTokens', 'includedRequests'] as const;
const DOLLARS = ['costUsd', 'estimatedUsd'] as const;

/**
 * Applies one batch of usage deltas atomically and once: KEYS[1] marks the batch id (a retry
 * after an ambiguous failure adds nothing twice). Returns the totals of every day and session
 * the batch touched, [day totals…, session totals…].
 */
const ADD_SCRIPT = `
local p = ARGV[1]
local b = cjson.decode(ARGV[2])
local fresh = redis.call('SET', KEYS[1], '1', 'NX', 'PX', 86400000)
local out = {}
for _, d in ipairs(b.days) do
  local h = p .. 'usage:' .. d.day
  local spend = p .. 'spend:day:' .. d.day
  if fresh then
    for _, r in ipairs(d.rows) do
      local base = r.a .. '\\0' .. r.m .. '\\0'
      redis.call('HSET', h, base .. 'accountLabel', r.l)
      for f, n in pairs(r.n) do redis.call('HINCRBY', h, base .. f, n) end
      for f, n in pairs(r.x) do redis.call('HINCRBYFLOAT', h, base .. f, n) end
    end
    redis.call('PEXPIRE', h, ARGV[3])
    redis.call('SADD', p .. 'usage:days', d.day)
    if tonumber(d.usd) > 0 then
      redis.call('INCRBYFLOAT', spend, d.usd)
      redis.call('PEXPIRE', spend, 3 * 86400000)
    end
  end
  table.insert(out, redis.call('GET', spend) or '0')
end
for _, s in ipairs(b.sessions) do
  local k = p .. 'spend:session:' .. s.k
  if fresh and tonumber(s.usd) > 0 then
    redis.call('INCRBYFLOAT', k, s.usd)
    redis.call('PEXPIRE', k, ARGV[4])
  end
  table.insert(out, redis.call('GET', k) or '0')
end
return out`;

interface Pending {
  rows: Map<string, SharedUsageRow>;
  /** Session digest → dollars. */
  sessions: Map<string, number>;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;
const empty = (): Pending => ({ rows: new Map(), sessions: new Map() });

/**
 * Usage totals and budget counters across instances. Finished requests are added in batches
 * (the monitor delivers them about once a second); a batch that cannot be written stays
 * pending and is merged into the next one, so what was served while Redis was away is counted
 * once it is back. Budget reads are synchronous, from the totals last seen (the script's
 * answer and the other instances' `spend` messages) plus what is still pending here.
 */
export function redisUsage(link: RedisLink, keys: Keys, deps: {
  instanceId: string;
  publish: (e: StateEvent) => void;
}): SharedUsage & { onEvent(e: StateEvent): void; reconcile(): Promise<void>; flush(): Promise<void> } {
  let pending = empty();
  /** The batch being written, or the one whose write failed (retried with the same id first). */
  let inFlight: { id: string; batch: Pending } | undefined;
  let writing = false;
  const days = new Map<string, number>();
  const sessions = new Map<string, number>();
  const fetching = new Set<string>();

  const rememberSession = (k: string, usd: number) => {
    sessions.delete(k);
    sessions.set(k, usd);
    while (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
  };

  function merge(into: Pending, from: Pending): void {
    for (const [k, r] of from.rows) {
      const cur = into.rows.get(k);
      if (!cur) {
        into.rows.set(k, { ...r });
        continue;
      }
      for (const f of [...COUNTERS, ...DOLLARS]) {
        const v = (r[f] ?? 0) + (cur[f] ?? 0);
        if (v !== 0) cur[f] = DOLLARS.includes(f as (typeof DOLLARS)[number]) ? round(v) : v;
      }
      if (r.accountLabel) cur.accountLabel = r.accountLabel;
    }
    for (const [k, v] of from.sessions) into.sessions.set(k, round((into.sessions.get(k) ?? 0) + v));
  }

  async function push(): Promise<void> {
    if (writing || !link.ready()) return;
    if (!inFlight) {
      if (pending.rows.size === 0 && pending.sessions.size === 0) return;
      inFlight = { id: randomUUID(), batch: pending };
      pending = empty();
    }
    writing = true;
    const byDay = new Map<string, { day: string; rows: unknown[]; usd: number }>();
    for (const r of inFlight.batch.rows.values()) {
      let d = byDay.get(r.day);
      if (!d) byDay.set(r.day, (d = { day: r.day, rows: [], usd: 0 }));
      const n: Record<string, number> = {};
      const x: Record<string, number> = {};
      for (const f of COUNTERS) if (r[f]) n[f] = r[f]!;
      for (const f of DOLLARS) if (r[f]) x[f] = r[f]!;
      d.rows.push({ a: r.accountId, m: r.model, l: r.accountLabel, n, x });
      d.usd = round(d.usd + (r.costUsd ?? 0));
    }
    const sessionList = [...inFlight.batch.sessions].map(([k, usd]) => ({ k, usd }));
    const body = JSON.stringify({ days: [...byDay.values()], sessions: sessionList });
    try {
      const totals = (await link.cmd.eval(ADD_SCRIPT, 1, `${keys.prefix}usage:batch:${inFlight.id}`, keys.prefix, body, String(USAGE_TTL_MS), String(SESSION_TTL_MS))) as string[];
      const d: Array<[string, number]> = [...byDay.keys()].map((day, i) => [day, Number(totals[i])]);
      const s: Array<[string, number]> = sessionList.map((x, i) => [x.k, Number(totals[byDay.size + i])]);
      for (const [day, v] of d) days.set(day, v);
      for (const [k, v] of s) rememberSession(k, v);
      inFlight = undefined;
      writing = false;
      deps.publish({ i: deps.instanceId, t: 'spend', d, s });
      if (pending.rows.size > 0 || pending.sessions.size > 0) void push();
    } catch (err) {
      // Kept with its id: written again when Redis is back, and counted at most once.
      writing = false;
      link.warn(`usage not written yet (${(err as Error).message})`);
    }
  }

  function pendingDayUsd(day: string): number {
    let sum = 0;
    for (const b of inFlight ? [pending, inFlight.batch] : [pending]) for (const r of b.rows.values()) if (r.day === day) sum += r.costUsd ?? 0;
    return sum;
  }

  return {
    add(rows, bySession) {
      const next = empty();
      for (const r of rows) next.rows.set(`${r.day}\u0000${r.accountId}\u0000${r.model}`, { ...r });
      for (const [id, usd] of bySession) if (usd > 0) next.sessions.set(digest(id), usd);
      merge(pending, next);
      void push();
    },
    dayUsd(day) {
      return round((days.get(day) ?? 0) + pendingDayUsd(day));
    },
    sessionUsd(id) {
      const k = digest(id);
      const known = sessions.get(k);
      const mine = (pending.sessions.get(k) ?? 0) + (inFlight?.batch.sessions.get(k) ?? 0);
      if (known === undefined && link.ready() && !fetching.has(k)) {
        // Not seen here yet (a session that started on another instance): read it for the next request.
        fetching.add(k);
        link.cmd.get(`${keys.prefix}spend:session:${k}`).then(
          (v) => {
            fetching.delete(k);
            if (!sessions.has(k)) rememberSession(k, Number(v ?? 0));
          },
          () => fetching.delete(k),
        );
      }
      return round((known ?? 0) + mine);
    },
    async rows(since) {
      const all = (await link.cmd.smembers(`${keys.prefix}usage:days`)).filter((d) => !since || d >= since).sort();
      const out: SharedUsageRow[] = [];
      for (const day of all) {
        const h = await link.cmd.hgetall(`${keys.prefix}usage:${day}`);
        const byRow = new Map<string, SharedUsageRow>();
        for (const [field, value] of Object.entries(h)) {
          const [a, m, f] = field.split('\u0000');
          if (a === undefined || m === undefined || !f) continue;
          let row = byRow.get(`${a}\u0000${m}`);
          if (!row) {
            row = { day, accountId: a, accountLabel: '', model: m, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0 };
            byRow.set(`${a}\u0000${m}`, row);
          }
          if (f === 'accountLabel') row.accountLabel = value;
          else if ((COUNTERS as readonly string[]).includes(f) || (DOLLARS as readonly string[]).includes(f)) (row as unknown as Record<string, number>)[f] = round(Number(value));
        }
        out.push(...byRow.values());
      }
      return out;
    },
    onEvent(e) {
      if (e.t !== 'spend') return;
      for (const [day, v] of e.d) days.set(day, Math.max(v, days.get(day) ?? 0));
      for (const [k, v] of e.s) rememberSession(k, Math.max(v, sessions.get(k) ?? 0));
    },
    async reconcile() {
      await push();
      let cursor = '0';
      do {
        const [next, found] = await link.cmd.scan(cursor, 'MATCH', `${keys.prefix}spend:day:*`, 'COUNT', 100);
        cursor = next;
        for (const k of found) days.set(k.slice(`${keys.prefix}spend:day:`.length), Number((await link.cmd.get(k)) ?? 0));
      } while (cursor !== '0');
      sessions.clear();
    },
    flush: push,
  };
}
