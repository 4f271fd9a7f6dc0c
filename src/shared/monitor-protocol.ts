/**
 * The Proxy Monitor tab's messages, carried inside the panel's opaque `monitor` envelope
 * (messages.ts). The host does all view-model work (rows, detail, usage sums); the webview only
 * renders display strings. Webview input is untrusted: `parseMonitorRequest` is the gate.
 */
import type { FilterOptions, MonitorRow, RecordDetail } from '../monitor/view-model';
import type { UsageChart, UsageGroupBy } from '../monitor/usage-view';
import type { AgentNode, SessionRow, SessionTree } from '../monitor/sessions-view';

export type { AgentNode, FilterOptions, MonitorRow, RecordDetail, SessionRow, SessionTree, UsageChart, UsageGroupBy };

/** Most session rows the Sessions view holds (most recently active first). */
export const MAX_SESSIONS = 200;

/** The filter bar; empty strings mean "any". */
export interface MonitorQuery {
  errorsOnly: boolean;
  dialect: string;
  accountId: string;
  model: string;
  text: string;
}

export const EMPTY_QUERY: MonitorQuery = { errorsOnly: false, dialect: '', accountId: '', model: '', text: '' };

/** Most rows the table holds; older ones are dropped from view (they stay in the store and the CSV). */
export const MAX_ROWS = 500;
export const USAGE_DAY_CHOICES = [7, 30, 90] as const;
export type UsageDays = (typeof USAGE_DAY_CHOICES)[number];

export type MonitorRequest =
  /** Also the webview's hello: answered with a `snapshot`; live rows then follow this filter. */
  | { kind: 'query'; query: MonitorQuery }
  | { kind: 'detail'; id: string }
  | { kind: 'usage'; days: UsageDays; groupBy: UsageGroupBy }
  | { kind: 'clear' }
  | { kind: 'exportCsv'; what: 'records' | 'usage' }
  | { kind: 'setPaused'; paused: boolean }
  /** The Sessions view is shown: answered with `sessions`, refreshed with each live batch. */
  | { kind: 'sessions' }
  | { kind: 'session'; id: string };

export interface MonitorStatusView {
  /** `antigravity.monitor.enabled`. */
  enabled: boolean;
  paused: boolean;
  /** Records in the store (all, unfiltered). */
  total: number;
  /** Records matching the current filter (may exceed the rows sent). */
  matching: number;
}

export interface UsageCellsView {
  /** Billed dollars, or "included" (flat-rate only); issue 20. */
  cost?: string;
  requests: string;
  errors: string;
  input: string;
  output: string;
  cached: string;
  reasoning: string;
  /** Cached share of the input tokens ("37 %", "—" without input): the prompt-cache hit rate. */
  cacheHit: string;
}

export interface UsageView {
  days: UsageDays;
  groupBy: UsageGroupBy;
  groups: Array<{ key: string; label: string; cells: UsageCellsView }>;
  totals: UsageCellsView;
  chart: UsageChart;
}

export type MonitorEvent =
  /** Replaces the table: rows newest first. */
  | { kind: 'snapshot'; rows: MonitorRow[]; options: FilterOptions; status: MonitorStatusView }
  /** Live batch matching the current filter, newest first: prepend. */
  | { kind: 'rows'; rows: MonitorRow[]; options: FilterOptions; status: MonitorStatusView }
  | { kind: 'detail'; id: string; detail?: RecordDetail }
  | { kind: 'usage'; usage: UsageView }
  | { kind: 'sessions'; rows: SessionRow[] }
  | { kind: 'session'; id: string; tree?: SessionTree }
  | { kind: 'status'; status: MonitorStatusView }
  | { kind: 'notice'; text: string; error?: boolean };

const str = (v: unknown, max = 500): string | undefined => (typeof v === 'string' && v.length <= max ? v : undefined);

/** A well-formed request, or undefined. Strings are length-capped; enums are checked. */
export function parseMonitorRequest(value: unknown): MonitorRequest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  switch (m.kind) {
    case 'query': {
      const q = m.query as Record<string, unknown> | null | undefined;
      if (typeof q !== 'object' || q === null) return undefined;
      const dialect = str(q.dialect, 40), accountId = str(q.accountId), model = str(q.model), text = str(q.text);
      if (typeof q.errorsOnly !== 'boolean' || dialect === undefined || accountId === undefined || model === undefined || text === undefined) return undefined;
      return { kind: 'query', query: { errorsOnly: q.errorsOnly, dialect, accountId, model, text } };
    }
    case 'detail': {
      const id = str(m.id, 200);
      return id ? { kind: 'detail', id } : undefined;
    }
    case 'usage':
      if (!(USAGE_DAY_CHOICES as readonly unknown[]).includes(m.days)) return undefined;
      if (m.groupBy !== 'day' && m.groupBy !== 'account' && m.groupBy !== 'model') return undefined;
      return { kind: 'usage', days: m.days as UsageDays, groupBy: m.groupBy };
    case 'clear': return { kind: 'clear' };
    case 'exportCsv': return m.what === 'records' || m.what === 'usage' ? { kind: 'exportCsv', what: m.what } : undefined;
    case 'setPaused': return typeof m.paused === 'boolean' ? { kind: 'setPaused', paused: m.paused } : undefined;
    case 'sessions': return { kind: 'sessions' };
    case 'session': {
      const id = str(m.id, 200);
      return id ? { kind: 'session', id } : undefined;
    }
    default: return undefined;
  }
}

const EVENT_KINDS = new Set<string>(['snapshot', 'rows', 'detail', 'usage', 'sessions', 'session', 'status', 'notice']);

/** Host events come from the trusted host; this only keeps foreign messages out of the switch. */
export function parseMonitorEvent(value: unknown): MonitorEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const kind = (value as { kind?: unknown }).kind;
  return typeof kind === 'string' && EVENT_KINDS.has(kind) ? (value as MonitorEvent) : undefined;
}
