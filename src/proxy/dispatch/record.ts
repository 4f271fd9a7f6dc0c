import type { Candidate, RoutePlan } from '../../upstream/pool-types';
import type { RequestTrace } from './client-call';
import type { DispatchServices } from './client-call';
import { toAttemptRecord } from './attempt-record';
import { markLogged, type Outcome } from './outcome';
import { classifyFailure } from '../../upstream/failure-class';

/**
 * The record step: one attempt's outcome goes to the monitor's attempt list and, when the
 * account had a part in it, to the pool. Only the vendor's failures reach the pool (whose
 * failure-class.ts decides what they do to the account); a client that went away or a request
 * it refused is nobody's failure there, and a proxy bug never touches pool state. A served
 * answer names the account in the trace.
 *
 * Logging: a vendor failure is a warn line without our stack (it is not our bug); a proxy bug
 * is an error line with the stack of what was thrown. Either is marked as logged so the error
 * boundary does not log it again.
 */
export function record(trace: RequestTrace, svc: DispatchServices, plan: RoutePlan, cand: Candidate, outcome: Outcome): void {
  const pool = svc.pool();
  if (outcome.kind !== 'failure') {
    trace.attempts.push(toAttemptRecord(cand, { ok: true }));
    // The answer's headers carry the vendor's rate-limit counts (quota.ts): the pool keeps them.
    pool.report(cand, { ok: true, headers: 'headers' in outcome ? outcome.headers : undefined }, plan);
    trace.account = cand.account;
    trace.upstreamModel = cand.upstreamModel;
    return;
  }
  const err = outcome.error;
  trace.attempts.push(toAttemptRecord(cand, { ok: false, error: err }));
  if (outcome.fault === 'client') return;
  markLogged(err);
  if (outcome.fault === 'proxy') {
    const cause = err.cause as { stack?: string } | undefined;
    svc.logger.error(`proxy bug while serving ${cand.account.label} (${cand.upstreamModel}): ${cause?.stack ?? err.message}`);
    return;
  }
  pool.report(cand, { ok: false, error: err, headers: outcome.upstream?.headers, body: outcome.upstream?.body }, plan);
  if (classifyFailure(err, outcome.upstream?.body, cand.account.kind) === 'auth') noteDisabled(trace, svc, cand);
  svc.logger.warn(`${cand.account.label} (${cand.upstreamModel}): ${err.status} ${err.message}${err.retryable ? ' — trying the next account' : ''}`);
}

/** The monitor's record says why an account was disabled and when it is asked again. */
function noteDisabled(trace: RequestTrace, svc: DispatchServices, cand: Candidate): void {
  const st = svc.pool().status().find((s) => s.id === cand.account.id);
  if (st?.state !== 'disabled') return;
  const next = st.nextProbeAt ? `; next check at ${new Date(st.nextProbeAt).toISOString()}` : '';
  trace.notes.push(`${cand.account.label} disabled: ${st.disabledReason ?? 'rejected'}${next}`);
}
