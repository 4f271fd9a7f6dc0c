import { isError } from './record-filter';
import type { RequestRecord } from './types';

/**
 * What the usage totals count of one answered request: one line of the usage journal
 * (usage-journal.ts). Pure (no Node APIs): the webview's usage view shares this module chain.
 */
export interface UsageEntry {
  /** The record's seq (strictly increasing across restarts). */
  s: number;
  /** Epoch ms (the day it is billed to). */
  t: number;
  /** Account id and label, billed model. */
  a: string;
  l: string;
  m: string;
  /** 1 when the request ended in an error. */
  e: 0 | 1;
  i: number;
  o: number;
  c: number;
  r: number;
  /** Billed dollars (issue 20), when the record had a cost that was not included in a flat rate. */
  d?: number;
  /** 1: a flat-rate account's request (cost "included"). */
  f?: 1;
  /** 1: the dollars came from estimated usage. */
  x?: 1;
}

export function usageEntryOf(r: RequestRecord, model: string): UsageEntry {
  const u = r.usage;
  return {
    s: r.seq,
    t: r.time,
    a: r.accountId ?? '',
    l: r.accountLabel ?? '',
    m: model,
    e: isError(r) ? 1 : 0,
    i: u?.inputTokens ?? 0,
    o: u?.outputTokens ?? 0,
    c: u?.cachedTokens ?? 0,
    r: u?.reasoningTokens ?? 0,
    ...costFields(r),
  };
}

function costFields(r: RequestRecord): Pick<UsageEntry, 'd' | 'f' | 'x'> {
  const c = r.cost;
  if (!c) return {};
  if (c.included) return { f: 1 };
  return { d: c.usd, ...(c.estimated ? { x: 1 as const } : {}) };
}

/** Billed dollars of a journal entry (0 when none or malformed). */
export function entryUsd(u: UsageEntry): number {
  return typeof u.d === 'number' && Number.isFinite(u.d) && u.d > 0 ? u.d : 0;
}

