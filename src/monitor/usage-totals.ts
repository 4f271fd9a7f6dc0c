import { entryUsd, usageEntryOf, type UsageEntry } from './usage-entry';
import type { RequestRecord, UsageQuery, UsageRow } from './types';

/** Usage totals are kept this many days; older days are pruned. */
export const USAGE_RETENTION_DAYS = 400;
const DAY_MS = 86_400_000;

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Local calendar day of an epoch-ms time, YYYY-MM-DD. */
/** The last day computed, as [local midnight, next local midnight): records arrive in time order. */
let lastDay = { from: 0, to: 0, key: '' };

export function dayKey(time: number): string {
  if (time >= lastDay.from && time < lastDay.to) return lastDay.key;
  const d = new Date(time);
  const key = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const from = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const to = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
  if (time >= from && time < to) lastDay = { from, to, key };
  return key;
}

/** The day `days - 1` days before `now`'s day: the first day of a "last N days" window. */
export function firstDayOf(now: number, days: number): string {
  const d = new Date(now);
  d.setHours(12, 0, 0, 0); // noon: immune to DST shifts when stepping whole days
  return dayKey(d.getTime() - (Math.max(1, days) - 1) * DAY_MS);
}

/** The model a record is billed under: the upstream model, else what the client asked for. */
export function billedModel(r: Pick<RequestRecord, 'upstreamModel' | 'clientModel'>): string {
  return r.upstreamModel || r.clientModel || '';
}

/** Sums of dollars kept to the micro-dollar (float sums drift otherwise). */
export function roundUsd(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function rowKey(day: string, accountId: string, model: string): string {
  return `${day}\u0000${accountId}\u0000${model}`;
}

/** Totals per day × account × model; plain data, persisted by usage-file.ts. */
export class UsageTotals {
  private readonly rows = new Map<string, UsageRow>();
  /** Highest record seq counted, for reconciling with the record log after a crash. */
  throughSeq = 0;

  static fromRows(rows: readonly UsageRow[], throughSeq = 0): UsageTotals {
    const t = new UsageTotals();
    for (const r of rows) t.rows.set(rowKey(r.day, r.accountId, r.model), { ...r });
    t.throughSeq = throughSeq;
    return t;
  }

  add(r: RequestRecord): void {
    this.addEntry(usageEntryOf(r, billedModel(r)));
  }

  /** One answered request, as journaled (usage-journal.ts). */
  addEntry(u: UsageEntry): void {
    if (u.s > this.throughSeq) this.throughSeq = u.s;
    const day = dayKey(u.t);
    const key = rowKey(day, u.a, u.m);
    let row = this.rows.get(key);
    if (!row) {
      row = {
        day,
        accountId: u.a,
        accountLabel: u.l,
        model: u.m,
        requests: 0,
        errors: 0,
        inputTokens: 0,
        outputTokens: 0,
        cachedTokens: 0,
        reasoningTokens: 0,
      };
      this.rows.set(key, row);
    }
    if (u.l) row.accountLabel = u.l;
    row.requests++;
    if (u.e) row.errors++;
    row.inputTokens += u.i;
    row.outputTokens += u.o;
    row.cachedTokens += u.c;
    row.reasoningTokens += u.r;
    // issue 20: cost columns (absent from rows saved before, so started at first use).
    const usd = entryUsd(u);
    if (usd > 0) row.costUsd = roundUsd((row.costUsd ?? 0) + usd);
    if (usd > 0 && u.x === 1) row.estimatedUsd = roundUsd((row.estimatedUsd ?? 0) + usd);
    if (u.f === 1) row.includedRequests = (row.includedRequests ?? 0) + 1;
  }

  /** Billed dollars of one local day (budgets). */
  dayUsd(day: string): number {
    let sum = 0;
    for (const row of this.rows.values()) if (row.day === day) sum += row.costUsd ?? 0;
    return roundUsd(sum);
  }

  /** Drops days before the retention window; returns whether anything was dropped. */
  prune(now: number, days = USAGE_RETENTION_DAYS): boolean {
    const first = firstDayOf(now, days);
    let dropped = false;
    for (const [k, row] of this.rows) {
      if (row.day < first) {
        this.rows.delete(k);
        dropped = true;
      }
    }
    return dropped;
  }

  clear(): void {
    this.rows.clear();
  }

  get size(): number {
    return this.rows.size;
  }

  /** Newest day first, then account label, then model. Copies. */
  query(q: UsageQuery = {}, now = Date.now()): UsageRow[] {
    const since = q.since ?? (q.days !== undefined ? firstDayOf(now, q.days) : undefined);
    const out: UsageRow[] = [];
    for (const row of this.rows.values()) {
      if (since !== undefined && row.day < since) continue;
      if (q.accountId !== undefined && row.accountId !== q.accountId) continue;
      if (q.model !== undefined && row.model !== q.model) continue;
      out.push({ ...row });
    }
    return out.sort(
      (a, b) =>
        (a.day < b.day ? 1 : a.day > b.day ? -1 : 0) ||
        a.accountLabel.localeCompare(b.accountLabel) ||
        a.accountId.localeCompare(b.accountId) ||
        a.model.localeCompare(b.model),
    );
  }

  rowsForSave(): UsageRow[] {
    return [...this.rows.values()];
  }
}
