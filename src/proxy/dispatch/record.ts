import type { Candidate, RoutePlan } from '../../upstream/pool-types';
import type { RequestTrace } from './client-call';
import type { DispatchServices } from './client-call';
import { toAttemptRecord } from './attempt-record';
import type { Outcome } from './outcome';

/**
 * The record step: one attempt's outcome goes to the monitor's attempt list and to the pool
 * (success, or a failure the account is to blame for; a client that went away is nobody's
 * failure, so the pool does not hear of it). A served answer names the account in the trace.
 */
export function record(trace: RequestTrace, svc: DispatchServices, plan: RoutePlan, cand: Candidate, outcome: Outcome): void {
  const pool = svc.pool();
  if (outcome.kind !== 'failure') {
    trace.attempts.push(toAttemptRecord(cand, { ok: true }));
    pool.report(cand, { ok: true }, plan);
    trace.account = cand.account;
    trace.upstreamModel = cand.upstreamModel;
    return;
  }
  const err = outcome.error;
  trace.attempts.push(toAttemptRecord(cand, { ok: false, error: err }));
  if (outcome.fault === 'client') return;
  pool.report(cand, { ok: false, error: err, headers: outcome.upstream?.headers, body: outcome.upstream?.body }, plan);
  svc.logger.warn(`${cand.account.label} (${cand.upstreamModel}): ${err.status} ${err.message}${err.retryable ? ' — trying the next account' : ''}`);
}
