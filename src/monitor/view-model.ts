/**
 * Pure view model of the Proxy Monitor panel: the webview only renders what this returns.
 * No Node or DOM APIs (bundled into the webview as well as used by the host).
 */
import { formatBytes, formatClock, formatDateTime, formatMs, formatTokens } from './format';
import { filterRecords, isError } from './record-filter';
import type { Dialect, RecordFilter, RequestRecord } from './types';

export { filterRecords, isError };

export type RowTone = 'ok' | 'error' | 'warn' | 'aborted';

/** One line of the live table; all display strings precomputed. */
export interface MonitorRow {
  id: string;
  seq: number;
  time: string;
  dateTime: string;
  status: string;
  tone: RowTone;
  dialect: string;
  /** "client → upstream", or the one model when they are equal. */
  model: string;
  account: string;
  tokensIn: string;
  tokensOut: string;
  ttfb: string;
  duration: string;
  stream: boolean;
  /** Token counts were estimated locally. */
  estimated: boolean;
  attempts: number;
  hasBodies: boolean;
}

export const DIALECT_LABELS: Record<Dialect, string> = {
  'openai-chat': 'OpenAI Chat',
  'openai-responses': 'OpenAI Responses',
  anthropic: 'Anthropic',
  gemini: 'Gemini',
};

export function modelLabel(r: Pick<RequestRecord, 'clientModel' | 'upstreamModel'>): string {
  const c = r.clientModel ?? '';
  const u = r.upstreamModel ?? '';
  if (!u || u === c) return c || u || '—';
  return `${c || '?'} → ${u}`;
}

export function rowTone(r: RequestRecord): RowTone {
  if (isError(r)) return r.status === 429 || r.status === 529 ? 'warn' : 'error';
  if (r.aborted) return 'aborted';
  return 'ok';
}

export function toRow(r: RequestRecord): MonitorRow {
  return {
    id: r.id,
    seq: r.seq,
    time: formatClock(r.time),
    dateTime: formatDateTime(r.time),
    status: r.aborted && !isError(r) ? `${r.status} (aborted)` : r.errorType && r.status < 400 ? `${r.status} ${r.errorType}` : String(r.status),
    tone: rowTone(r),
    dialect: r.clientDialect ? DIALECT_LABELS[r.clientDialect] : '—',
    model: modelLabel(r),
    account: r.accountLabel || '—',
    tokensIn: formatTokens(r.usage?.inputTokens),
    tokensOut: formatTokens(r.usage?.outputTokens),
    ttfb: formatMs(r.ttfbMs),
    duration: formatMs(r.durationMs),
    stream: r.stream,
    estimated: r.usage?.estimated ?? false,
    attempts: r.attempts.length,
    hasBodies: r.bodies !== undefined,
  };
}

/** The record without its bodies: what the live table needs (bodies come with the detail). */
export function stripBodies(r: RequestRecord): RequestRecord {
  if (!r.bodies) return r;
  const { bodies: _bodies, ...rest } = r;
  return rest;
}

/** Adds a live batch (oldest first) to rows shown newest first, keeping at most `max`. */
export function mergeLive<T extends { seq: number }>(shownNewestFirst: readonly T[], batchOldestFirst: readonly T[], max: number): T[] {
  const added = [...batchOldestFirst].reverse();
  return [...added, ...shownNewestFirst].slice(0, Math.max(0, max));
}

export interface FilterOptions {
  dialects: Dialect[];
  accounts: { id: string; label: string }[];
  models: string[];
}

/** Values for the filter dropdowns, from what the records contain. */
export function filterOptions(records: readonly RequestRecord[]): FilterOptions {
  const dialects = new Set<Dialect>();
  const accounts = new Map<string, string>();
  const models = new Set<string>();
  for (const r of records) {
    if (r.clientDialect) dialects.add(r.clientDialect);
    if (r.accountId) accounts.set(r.accountId, r.accountLabel || r.accountId);
    for (const a of r.attempts) if (!accounts.has(a.accountId)) accounts.set(a.accountId, a.accountLabel || a.accountId);
    if (r.clientModel) models.add(r.clientModel);
    if (r.upstreamModel) models.add(r.upstreamModel);
  }
  return {
    dialects: [...dialects].sort(),
    accounts: [...accounts].map(([id, label]) => ({ id, label })).sort((a, b) => a.label.localeCompare(b.label)),
    models: [...models].sort(),
  };
}

export interface DetailField {
  label: string;
  value: string;
}

export interface RecordDetail {
  title: string;
  fields: DetailField[];
  attempts: { account: string; kind: string; model: string; status: string; reason: string }[];
  notes: string[];
  /** Pretty-printed when the body is JSON; as captured otherwise. */
  requestBody?: string;
  responseBody?: string;
  requestTruncated: boolean;
  responseTruncated: boolean;
  /** "Copy as curl" text (issue 20), set by the host, which knows the proxy's address. */
  curl?: string;
}

function pretty(body: string | undefined, truncated: boolean | undefined): string | undefined {
  if (body === undefined || truncated) return body;
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function detailOf(r: RequestRecord): RecordDetail {
  const u = r.usage;
  const fields: [string, string | undefined][] = [
    ['Time', formatDateTime(r.time)],
    ['Request', `${r.method} ${r.path}`],
    ['Dialect', r.clientDialect ? DIALECT_LABELS[r.clientDialect] : undefined],
    ['Model', modelLabel(r)],
    ['Account', r.accountLabel ? `${r.accountLabel}${r.accountKind ? ` (${r.accountKind})` : ''}` : undefined],
    ['Status', String(r.status)],
    ['Error', r.errorType ? `${r.errorType}${r.errorMessage ? `: ${r.errorMessage}` : ''}` : r.errorMessage],
    ['Stream', r.stream ? 'yes' : 'no'],
    ['Client disconnected', r.aborted ? 'yes' : undefined],
    ['Time to first byte', formatMs(r.ttfbMs)],
    ['Duration', formatMs(r.durationMs)],
    [
      'Tokens',
      u
        ? `in ${formatTokens(u.inputTokens)} (cached ${formatTokens(u.cachedTokens)}) · out ${formatTokens(u.outputTokens)} (reasoning ${formatTokens(u.reasoningTokens)})${u.estimated ? ' · estimated' : ''}`
        : undefined,
    ],
    ['Request size', r.requestBytes !== undefined ? formatBytes(r.requestBytes) : undefined],
    ['Response size', r.responseBytes !== undefined ? formatBytes(r.responseBytes) : undefined],
    ['User agent', r.userAgent],
    ['Client address', r.clientAddress],
    ['Id', r.id],
  ];
  return {
    title: `${r.method} ${r.path} — ${r.status}`,
    fields: fields.filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '').map(([label, value]) => ({ label, value })),
    attempts: r.attempts.map((a) => ({
      account: a.accountLabel,
      kind: a.accountKind,
      model: a.upstreamModel,
      status: a.status !== undefined ? String(a.status) : '—',
      reason: a.reason ?? '',
    })),
    notes: [...r.notes],
    requestBody: pretty(r.bodies?.request, r.bodies?.requestTruncated),
    responseBody: pretty(r.bodies?.response, r.bodies?.responseTruncated),
    requestTruncated: r.bodies?.requestTruncated ?? false,
    responseTruncated: r.bodies?.responseTruncated ?? false,
  };
}

/** The default filter of the panel applied to a record list; re-exported for symmetry. */
export function applyFilter(records: readonly RequestRecord[], filter: RecordFilter): RequestRecord[] {
  return filterRecords(records, filter);
}

export * from './usage-view';
