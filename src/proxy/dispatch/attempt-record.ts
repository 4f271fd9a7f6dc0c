import type { AttemptRecord } from '../../monitor/types';
import type { AttemptOutcome, Candidate } from '../../upstream/pool-types';

/** The monitor's record of one attempt. */
export function toAttemptRecord(candidate: Candidate, outcome: AttemptOutcome): AttemptRecord {
  const base = {
    accountId: candidate.account.id,
    accountLabel: candidate.account.label,
    accountKind: candidate.account.kind,
    upstreamModel: candidate.upstreamModel,
  };
  if (outcome.ok) return { ...base, status: 200 };
  return { ...base, status: outcome.error.status, reason: `${outcome.error.kind}: ${outcome.error.message}` };
}
