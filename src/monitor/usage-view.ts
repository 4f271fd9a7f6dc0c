/** Pure usage aggregation for the panel's usage tab and the CLI (no Node or DOM APIs). */
import { formatTokens, formatUsd } from './format';
import type { UsageRow, UsageSums } from './types';
import { dayKey, firstDayOf } from './usage-totals';

export type UsageGroupBy = 'day' | 'account' | 'model';

export type { UsageSums };

export interface UsageGroup extends UsageSums {
  key: string;
  label: string;
}

export function emptySums(): UsageSums {
  return { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0 };
}

/** Adds `r` into `t` (the cost columns only where present: rows saved before them have none). */
export function addInto(t: UsageSums, r: UsageSums): void {
  t.requests += r.requests;
  t.errors += r.errors;
  t.inputTokens += r.inputTokens;
  t.outputTokens += r.outputTokens;
  t.cachedTokens += r.cachedTokens;
  t.reasoningTokens += r.reasoningTokens;
  // issue 20: cost columns, absent from rows saved before them.
  if (r.costUsd) t.costUsd = Math.round(((t.costUsd ?? 0) + r.costUsd) * 1e6) / 1e6;
  if (r.includedRequests) t.includedRequests = (t.includedRequests ?? 0) + r.includedRequests;
  if (r.estimatedUsd) t.estimatedUsd = Math.round(((t.estimatedUsd ?? 0) + r.estimatedUsd) * 1e6) / 1e6;
}

export function sumUsage(rows: readonly UsageRow[]): UsageSums {
  const t = emptySums();
  for (const r of rows) addInto(t, r);
  return t;
}

/** Totals by one dimension: days newest first; accounts and models by total tokens, largest first. */
export function groupUsage(rows: readonly UsageRow[], by: UsageGroupBy): UsageGroup[] {
  const groups = new Map<string, UsageGroup>();
  for (const r of rows) {
    const key = by === 'day' ? r.day : by === 'account' ? r.accountId : r.model;
    const label = by === 'account' ? r.accountLabel || r.accountId || '(no account)' : key || '(unknown)';
    let g = groups.get(key);
    if (!g) {
      g = { key, label, ...emptySums() };
      groups.set(key, g);
    }
    addInto(g, r);
  }
  const list = [...groups.values()];
  if (by === 'day') return list.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  return list.sort((a, b) => b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens) || a.label.localeCompare(b.label));
}

export interface UsageChart {
  /** Days oldest first, YYYY-MM-DD, every day of the window (zero when idle). */
  days: string[];
  input: number[];
  output: number[];
  requests: number[];
  /** Billed dollars per day (issue 20). */
  cost?: number[];
  /** Largest input + output of a day: the scale of a stacked bar chart. */
  max: number;
  /** Largest cost of a day: the scale of the cost chart. */
  maxCost?: number;
}

/** Series for a small daily bar chart over the last `days` days ending at `now`'s day. */
export function usageChart(rows: readonly UsageRow[], days: number, now: number): UsageChart {
  const n = Math.max(1, Math.floor(days));
  const first = firstDayOf(now, n);
  const list: string[] = [];
  const start = new Date(first + 'T12:00:00');
  for (let i = 0; i < n; i++) {
    const d = new Date(start);
    d.setDate(start.getDate() + i);
    list.push(dayKey(d.getTime()));
  }
  const index = new Map(list.map((d, i) => [d, i]));
  const input = new Array<number>(n).fill(0);
  const output = new Array<number>(n).fill(0);
  const requests = new Array<number>(n).fill(0);
  const cost = new Array<number>(n).fill(0);
  for (const r of rows) {
    const i = index.get(r.day);
    if (i === undefined) continue;
    input[i]! += r.inputTokens;
    output[i]! += r.outputTokens;
    requests[i]! += r.requests;
    cost[i] = Math.round((cost[i]! + (r.costUsd ?? 0)) * 1e6) / 1e6;
  }
  const max = Math.max(0, ...input.map((v, i) => v + output[i]!));
  return { days: list, input, output, requests, cost, max, maxCost: Math.max(0, ...cost) };
}

/** Display strings of a usage group or row. */
export function usageCells(s: UsageSums): { requests: string; errors: string; input: string; output: string; cached: string; reasoning: string; cacheHit: string; cost: string } {
  return {
    // "included" when only flat-rate requests were served (never a misleading $0).
    cost: s.costUsd ? formatUsd(s.costUsd) + (s.estimatedUsd ? ' ~' : '') : s.includedRequests ? 'included' : formatUsd(0),
    requests: String(s.requests),
    errors: String(s.errors),
    input: formatTokens(s.inputTokens),
    output: formatTokens(s.outputTokens),
    cached: formatTokens(s.cachedTokens),
    reasoning: formatTokens(s.reasoningTokens),
    cacheHit: formatCacheHit(cacheHitRate(s)),
  };
}

/** Cached share of the input tokens (input includes cached ones), 0–1; undefined without input. */
export function cacheHitRate(s: Pick<UsageSums, 'inputTokens' | 'cachedTokens'>): number | undefined {
  return s.inputTokens > 0 ? Math.min(1, s.cachedTokens / s.inputTokens) : undefined;
}

export function formatCacheHit(rate: number | undefined): string {
  return rate === undefined ? '—' : `${Math.round(rate * 100)} %`;
}
