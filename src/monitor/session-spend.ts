import { roundUsd } from './usage-totals';
import type { RequestRecord } from './types';

/** Sessions remembered at most; the least recently charged are forgotten first. */
export const MAX_SESSIONS = 2000;

/**
 * Billed dollars per client session (issue 20 budgets). Rebuilt on start from the persisted
 * records (which survive a kill up to the last answered request), then kept as records finish.
 * Bounded: a long-running proxy sees unbounded session ids.
 */
export class SessionSpend {
  private readonly usd = new Map<string, number>();

  constructor(private readonly max = MAX_SESSIONS) {}

  add(r: Pick<RequestRecord, 'sessionId' | 'cost'>): void {
    const id = r.sessionId;
    const c = r.cost;
    if (!id || !c || c.included || !(c.usd > 0)) return;
    const prev = this.usd.get(id) ?? 0;
    this.usd.delete(id); // re-insert: Map order is recency
    this.usd.set(id, roundUsd(prev + c.usd));
    if (this.usd.size > this.max) this.usd.delete(this.usd.keys().next().value as string);
  }

  rebuild(records: readonly Pick<RequestRecord, 'sessionId' | 'cost'>[]): void {
    this.usd.clear();
    for (const r of records) this.add(r);
  }

  get(id: string): number {
    return this.usd.get(id) ?? 0;
  }

  clear(): void {
    this.usd.clear();
  }
}
