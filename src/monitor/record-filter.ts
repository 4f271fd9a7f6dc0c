import type { RecordFilter, RequestRecord } from './types';

/** Pure, shared by the monitor's list() and the panel's view model. */
export function isError(r: Pick<RequestRecord, 'status' | 'errorType'>): boolean {
  return r.status >= 400 || r.errorType !== undefined;
}

export function matchesFilter(r: RequestRecord, f: RecordFilter, needle?: string): boolean {
  if (f.errorsOnly && !isError(r)) return false;
  if (f.dialect && r.clientDialect !== f.dialect) return false;
  if (f.accountId && r.accountId !== f.accountId && !r.attempts.some((a) => a.accountId === f.accountId)) return false;
  if (f.model && r.clientModel !== f.model && r.upstreamModel !== f.model) return false;
  if (f.since !== undefined && r.time < f.since) return false;
  if (needle) {
    const hay = [
      r.id,
      r.path,
      r.clientModel,
      r.upstreamModel,
      r.accountLabel,
      r.errorType,
      r.errorMessage,
      r.userAgent,
      r.clientAddress,
      String(r.status),
      ...r.notes,
      ...r.attempts.map((a) => `${a.accountLabel} ${a.reason ?? ''}`),
    ];
    if (!hay.some((h) => h !== undefined && h.toLowerCase().includes(needle))) return false;
  }
  return true;
}

/** `records` oldest first (store order); result newest first, at most `limit`. */
export function filterRecords(records: readonly RequestRecord[], f: RecordFilter = {}): RequestRecord[] {
  const needle = f.text?.trim().toLowerCase() || undefined;
  const limit = f.limit !== undefined && f.limit >= 0 ? f.limit : Infinity;
  const out: RequestRecord[] = [];
  for (let i = records.length - 1; i >= 0 && out.length < limit; i--) {
    const r = records[i]!;
    if (matchesFilter(r, f, needle)) out.push(r);
  }
  return out;
}
