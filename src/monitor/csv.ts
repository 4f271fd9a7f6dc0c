import type { RequestRecord, UsageRow } from './types';

/**
 * CSV (RFC 4180, CRLF) of records or usage rows. Text cells that a spreadsheet would run as a
 * formula (= + - @ at the start) get a leading apostrophe: record text comes from clients.
 */
function cell(v: string | number | boolean | undefined): string {
  if (v === undefined) return '';
  if (typeof v !== 'string') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function table(header: string[], rows: (string | number | boolean | undefined)[][]): string {
  return [header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
}

export const RECORD_CSV_COLUMNS = [
  'time', 'id', 'status', 'error_type', 'error_message', 'dialect', 'method', 'path',
  'client_model', 'upstream_model', 'account', 'account_kind', 'attempts', 'stream', 'aborted',
  'ttfb_ms', 'duration_ms', 'input_tokens', 'output_tokens', 'cached_tokens', 'reasoning_tokens',
  'tokens_estimated', 'cost_usd', 'cost_included', 'cost_estimated', 'request_bytes', 'response_bytes', 'user_agent', 'client_address', 'notes',
  'session_id',
];

export function toCsv(records: readonly RequestRecord[]): string {
  return table(
    RECORD_CSV_COLUMNS,
    records.map((r) => [
      new Date(r.time).toISOString(),
      r.id,
      r.status,
      r.errorType,
      r.errorMessage,
      r.clientDialect,
      r.method,
      r.path,
      r.clientModel,
      r.upstreamModel,
      r.accountLabel,
      r.accountKind,
      r.attempts.map((a) => `${a.accountLabel}:${a.status ?? '-'}${a.reason ? ` (${a.reason})` : ''}`).join('; '),
      r.stream,
      r.aborted,
      r.ttfbMs,
      r.durationMs,
      r.usage?.inputTokens,
      r.usage?.outputTokens,
      r.usage?.cachedTokens,
      r.usage?.reasoningTokens,
      r.usage?.estimated,
      r.cost && !r.cost.included ? r.cost.usd.toFixed(6) : undefined,
      r.cost?.included ?? false,
      r.cost?.estimated ?? false,
      r.requestBytes,
      r.responseBytes,
      r.userAgent,
      r.clientAddress,
      r.notes.join('; '),
      r.sessionId,
    ]),
  );
}

export function usageToCsv(rows: readonly UsageRow[]): string {
  return table(
    ['day', 'account_id', 'account', 'model', 'requests', 'errors', 'input_tokens', 'output_tokens', 'cached_tokens', 'reasoning_tokens', 'cost_usd', 'included_requests', 'estimated_usd'],
    rows.map((r) => [
      r.day, r.accountId, r.accountLabel, r.model, r.requests, r.errors, r.inputTokens, r.outputTokens, r.cachedTokens, r.reasoningTokens,
      (r.costUsd ?? 0).toFixed(6), r.includedRequests ?? 0, (r.estimatedUsd ?? 0).toFixed(6),
    ]),
  );
}
