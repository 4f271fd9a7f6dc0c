import type { BudgetsSection } from '../core/config';
import { ProxyError } from '../core/errors';
import type { RecordBuilder, Spend } from '../monitor/types';
import type { ClientCall, DispatchServices } from './dispatch/client-call';
import { sessionFields } from './session-headers';

/** The client's session id, as records carry it. */
const sessionIdOf = (headers: ClientCall['headers']): string | undefined => sessionFields(headers).sessionId;

/**
 * The route's budget step: the record carries the client's session (what session budgets sum
 * by; the same reading as the monitor's, session-headers.ts), then `checkBudget` runs on the
 * live config and the monitor's spend.
 */
export function budgetGate(record: RecordBuilder, call: Pick<ClientCall, 'action' | 'headers'>, svc: Pick<DispatchServices, 'config' | 'spend'>): void {
  const session = sessionIdOf(call.headers);
  if (session) record.set({ sessionId: session });
  checkBudget(call, svc.config().budgets, svc.spend?.());
}

/**
 * Block-mode budgets (issue 20), checked before any upstream call: once today's or this
 * session's billed dollars reach the limit, generate requests get a 429 in the caller's
 * dialect naming the budget and its reset, with `Retry-After` = seconds to the reset (exact,
 * not clamped like a vendor hint). The request that crosses the limit still goes through: its
 * cost is known only after the answer. Spend counts only what upstreams reported (or the
 * monitor estimated); flat-rate accounts count nothing. Warn mode never blocks here.
 */
export function checkBudget(call: Pick<ClientCall, 'action' | 'headers'>, budgets: BudgetsSection | undefined, spend: Spend | undefined, now = Date.now()): void {
  if (!budgets || budgets.mode !== 'block' || !spend || call.action !== 'generate') return;
  const retryAfterSeconds = secondsToLocalMidnight(now);
  const resets = new Date(now + retryAfterSeconds * 1000);
  if (budgets.dailyUsd !== undefined && spend.todayUsd >= budgets.dailyUsd) {
    throw new ProxyError(
      'rate_limit',
      `Daily budget of ${usd(budgets.dailyUsd)} reached (${usd(spend.todayUsd)} spent today); it resets at local midnight (${resets.toISOString()}).`,
      { retryAfterSeconds, exactRetryAfter: true, retryable: false, code: 'budget_exceeded' },
    );
  }
  const session = sessionIdOf(call.headers);
  if (session && budgets.sessionUsd !== undefined) {
    const spent = spend.sessionUsd(session);
    if (spent >= budgets.sessionUsd) {
      throw new ProxyError(
        'rate_limit',
        `Session budget of ${usd(budgets.sessionUsd)} reached (${usd(spent)} spent in this session); it resets when a new session starts (or raise budgets.sessionUsd).`,
        { retryAfterSeconds, exactRetryAfter: true, retryable: false, code: 'budget_exceeded' },
      );
    }
  }
}

/** Whole seconds from `now` to the next local midnight (at least 1). */
export function secondsToLocalMidnight(now: number): number {
  const midnight = new Date(now);
  midnight.setHours(24, 0, 0, 0);
  return Math.max(1, Math.ceil((midnight.getTime() - now) / 1000));
}

function usd(n: number): string {
  return `$${n.toFixed(2)}`;
}
