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
  };
}

