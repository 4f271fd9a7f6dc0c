import type Router from '@koa/router';
import type { Context } from 'koa';
import { ProxyError } from '../../core/errors';
import type { DispatchServices } from '../dispatch/client-call';
import { dayKey } from '../../monitor/usage-totals';
import { sessionView, usageBySession } from '../../monitor/sessions';
import type { UsageRow } from '../../monitor/types';

/**
 * The proxy's own HTTP API (issue 20), under the same auth as the proxy routes (auth.ts runs
 * before every route: with auth on, nothing here answers without the key):
 *   GET /antigravity/v1/usage?from=YYYY-MM-DD&to=YYYY-MM-DD&by=day|account|model|session
 *   GET /antigravity/v1/sessions/{id}
 *   GET /antigravity/v1/accounts
 * JSON only. Usage by day / account / model reads the persisted usage totals; by session and
 * the session tree read the monitor's records (the newest `monitor.maxEntries`).
 */
export function apiRoutes(router: Router, svc: DispatchServices): void {
  router.get('/antigravity/v1/usage', async (ctx) => {
    ctx.body = svc.teamUsage ? await teamUsage(ctx, svc, svc.teamUsage) : usage(ctx, svc);
  });
  router.get('/antigravity/v1/sessions/:id', (ctx) => {
    const id = ctx.params.id ?? '';
    const view = sessionView(svc.monitor?.()?.list() ?? [], id);
    if (!view) throw new ProxyError('not_found', `No session "${id.slice(0, 128)}" in the monitor's records.`);
    ctx.body = { ...view, ...budgetOf(svc, view.totals.costUsd) };
  });
  router.get('/antigravity/v1/accounts', (ctx) => {
    ctx.body = {
      accounts: svc.pool().status().map((s) => ({
        id: s.id, label: s.label, kind: s.kind, enabled: s.enabled, state: s.state,
        coolingUntil: s.coolingUntil, coolingModels: s.coolingModels, disabledReason: s.disabledReason,
        nextProbeAt: s.nextProbeAt, lastError: s.lastError, lastErrorAt: s.lastErrorAt,
        requests: s.requests, failures: s.failures, tokens: s.tokens,
        inFlight: s.inFlight ?? 0, queued: s.queued ?? 0, quota: s.quota,
        limits: limitsOf(svc, s.id),
      })),
    };
  });
}

/** What is left of the per-session budget (config `budgets.sessionUsd`, issue 20), when one is set. */
function budgetOf(svc: DispatchServices, spent: number | undefined): { budget?: { sessionUsd: number; leftUsd: number } } {
  const limit = (svc.config() as { budgets?: { sessionUsd?: unknown } }).budgets?.sessionUsd;
  if (typeof limit !== 'number' || !(limit > 0)) return {};
  return { budget: { sessionUsd: limit, leftUsd: Math.round((limit - (spent ?? 0)) * 1e6) / 1e6 } };
}

/** The account's configured caps (maxConcurrent, requestsPerMinute …), when any. */
function limitsOf(svc: DispatchServices, id: string): unknown {
  const a = svc.config().accounts.find((x) => x.id === id) as Record<string, unknown> | undefined;
  if (!a) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of ['maxConcurrent', 'requestsPerMinute']) if (a[k] !== undefined) out[k] = a[k];
  return Object.keys(out).length > 0 ? out : undefined;
}

const BY = ['day', 'account', 'model', 'session'] as const;
type By = (typeof BY)[number];

function dayParam(ctx: Context, name: string): string | undefined {
  const v = ctx.query[name];
  const s = Array.isArray(v) ? v[0] : v;
  if (s === undefined || s === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) throw new ProxyError('invalid_request', `${name} must be a date YYYY-MM-DD.`);
  return s;
}

/** Team mode (issue 23): by day / account / model from every instance's totals in Redis (this instance's when Redis cannot answer). */
async function teamUsage(ctx: Context, svc: DispatchServices, read: (since?: string) => Promise<UsageRow[]>) {
  const by = ctx.query.by;
  if ((Array.isArray(by) ? by[0] : by) === 'session') return usage(ctx, svc);
  const from = dayParam(ctx, 'from');
  let rows: UsageRow[];
  try {
    rows = await read(from);
  } catch {
    return usage(ctx, svc);
  }
  return usage(ctx, svc, rows);
}

function usage(ctx: Context, svc: DispatchServices, shared?: readonly UsageRow[]) {
  const rawBy = ctx.query.by;
  const by = (Array.isArray(rawBy) ? rawBy[0] : rawBy) ?? 'day';
  if (!(BY as readonly string[]).includes(by)) throw new ProxyError('invalid_request', `by must be one of ${BY.join(', ')}.`);
  const from = dayParam(ctx, 'from');
  const to = dayParam(ctx, 'to');
  const inRange = (day: string) => (!from || day >= from) && (!to || day <= to);
  const monitor = svc.monitor?.();
  if ((by as By) === 'session') {
    const records = (monitor?.list() ?? []).filter((r) => inRange(dayKey(r.time)));
    return { by, from, to, rows: usageBySession(records) };
  }
  const rows = (shared ?? monitor?.usage(from ? { since: from } : undefined) ?? []).filter((r) => inRange(r.day));
  return { by, from, to, rows: group(rows, by as Exclude<By, 'session'>) };
}

type Row = Record<string, string | number>;

function group(rows: readonly UsageRow[], by: 'day' | 'account' | 'model'): Row[] {
  const out = new Map<string, Row>();
  for (const r of rows) {
    const key = by === 'day' ? r.day : by === 'account' ? r.accountId : r.model;
    let row = out.get(key);
    if (!row) {
      row = by === 'account' ? { accountId: r.accountId, account: r.accountLabel } : { [by]: key };
      Object.assign(row, { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0 });
      out.set(key, row);
    }
    for (const k of ['requests', 'errors', 'inputTokens', 'outputTokens', 'cachedTokens', 'reasoningTokens'] as const) row[k] = (row[k] as number) + r[k];
    // Cost totals (issue 20 prices) when the usage rows carry them.
    const cost = (r as unknown as { costUsd?: unknown }).costUsd;
    if (typeof cost === 'number') row.costUsd = Math.round(((row.costUsd as number | undefined ?? 0) + cost) * 1e6) / 1e6;
  }
  return [...out.values()].sort((a, b) => String(Object.values(a)[0]).localeCompare(String(Object.values(b)[0])));
}
