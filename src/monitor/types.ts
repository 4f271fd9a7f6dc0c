import type { AccountKind, CaptureBodies } from '../core/config';
import type { Dialect } from '../core/dialect';

export type { CaptureBodies, Dialect, AccountKind };

/** One upstream attempt, as recorded for the monitor. */
export interface AttemptRecord {
  accountId: string;
  accountLabel: string;
  accountKind: AccountKind;
  upstreamModel: string;
  status?: number;
  reason?: string;
}


/**
 * Token usage of one request. Conventions follow the IR (OpenAI's): `inputTokens` includes
 * cached and cache-write tokens, `outputTokens` includes reasoning tokens. `estimated` is true
 * when no upstream reported usage and the numbers were counted locally.
 */
export interface RecordUsage {
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  /** Cache-write tokens (Anthropic's cache creation), part of inputTokens; absent when none were reported. */
  cacheWriteTokens?: number;
  estimated: boolean;
}

/** Captured bodies, redacted and each capped (see BODY_CAP_BYTES). */
export interface CapturedBodies {
  request?: string;
  response?: string;
  requestTruncated?: boolean;
  responseTruncated?: boolean;
}

/** One proxied request. Plain JSON; never carries a key (all text is redacted first). */
export interface RequestRecord {
  id: string;
  /** Monotonic per data directory, in finish order; used for ordering and usage reconciliation. */
  seq: number;
  /** Start of the request, epoch ms. */
  time: number;
  clientDialect?: Dialect;
  method: string;
  path: string;
  clientModel?: string;
  upstreamModel?: string;
  accountId?: string;
  accountLabel?: string;
  accountKind?: AccountKind;
  /** HTTP status sent to the client (200 for a stream that later failed; see errorType). */
  status: number;
  errorType?: string;
  errorMessage?: string;
  attempts: AttemptRecord[];
  stream: boolean;
  /** The client disconnected before the response ended. */
  aborted: boolean;
  ttfbMs?: number;
  durationMs: number;
  usage?: RecordUsage;
  requestBytes?: number;
  responseBytes?: number;
  userAgent?: string;
  clientAddress?: string;
  /** Things the proxy changed or dropped, e.g. "dropped web_search tool". */
  notes: string[];
  bodies?: CapturedBodies;
  /** Session and agent (Claude Code `x-claude-code-session-id` / `-agent-id` / `-parent-agent-id`, Codex and Gemini CLI headers; issue 20). */
  sessionId?: string;
  agentId?: string;
  parentAgentId?: string;
  /** Request class (src/upstream/request-class.ts) when one was decided. */
  requestClass?: string;
  /** What the request cost (issue 20), from the price catalog and the usage the upstream reported. */
  cost?: RecordCost;
}

/** Cost of one request in US dollars; `included` for flat-rate accounts (shown as "included", not $0). */
export interface RecordCost {
  usd: number;
  included?: boolean;
  /** Usage was estimated (no upstream report), so the cost is too. */
  estimated?: boolean;
}

/** Fields the dispatcher may set while a request runs (all optional, last write wins). */
export interface RecordFields {
  clientDialect?: Dialect;
  method?: string;
  path?: string;
  clientModel?: string;
  upstreamModel?: string;
  accountId?: string;
  accountLabel?: string;
  accountKind?: AccountKind;
  status?: number;
  errorType?: string;
  errorMessage?: string;
  stream?: boolean;
  aborted?: boolean;
  ttfbMs?: number;
  durationMs?: number;
  requestBytes?: number;
  responseBytes?: number;
  userAgent?: string;
  clientAddress?: string;
  sessionId?: string;
  agentId?: string;
  parentAgentId?: string;
  requestClass?: string;
  cost?: RecordCost;
}

/**
 * Token counts as the monitor stores them (input includes cached and cache-write tokens;
 * output includes reasoning); absent fields are unknown, not zero.
 */
export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
  reasoningTokens?: number;
  cacheWriteTokens?: number;
}

/** What the dispatcher knows when a request arrives. */
export interface RecordInit extends RecordFields {
  method: string;
  path: string;
}

/**
 * Filled by the dispatcher during one request. The no-op builder (monitor disabled or paused)
 * has `active === false`; every method is then an empty function, so callers need no checks,
 * but may skip work done only for the monitor (e.g. serialising a body).
 */
export interface RecordBuilder {
  readonly active: boolean;
  /** Bodies may be kept: producing them is worth it. */
  readonly wantsBodies: boolean;
  readonly id: string;
  set(fields: RecordFields): void;
  attempt(attempt: AttemptRecord): void;
  note(text: string): void;
  /** Merge reported usage; counts are cumulative, so the larger wins; real usage beats estimated. */
  addUsage(usage: TokenUsage, estimated?: boolean): void;
  /** Record time to first byte now (first call wins). */
  markFirstByte(): void;
  /** The client's request body (raw text or bytes preferred; objects are JSON-serialised). */
  requestBody(body: string | Uint8Array | object): void;
  /** A chunk sent to the client: counted into responseBytes, captured when wanted. */
  responseChunk(chunk: string | Uint8Array): void;
  /** Completes the record (idempotent: later calls return undefined). */
  finish(fields?: RecordFields): RequestRecord | undefined;
}

export interface RecordFilter {
  errorsOnly?: boolean;
  dialect?: Dialect;
  accountId?: string;
  /** Matches the client or the upstream model. */
  model?: string;
  /** Case-insensitive substring of path, models, account, error, user agent, notes, id. */
  text?: string;
  /** Records starting at or after this epoch ms. */
  since?: number;
  /** Newest N (after filtering). */
  limit?: number;
}

import type { UsageRow } from '../core/usage-row';
export type { UsageRow, UsageSums } from '../core/usage-row';

export interface UsageQuery {
  /** Last N days including today (by the injected clock). */
  days?: number;
  /** First day to include, YYYY-MM-DD. */
  since?: string;
  accountId?: string;
  model?: string;
}

export interface MonitorLogger {
  warn(message: string): void;
}

/** Schedules `fn` after `ms`; returns a cancel function. Injected by tests. */
export type Schedule = (fn: () => void, ms: number) => () => void;

export interface MonitorOptions {
  /** Without it the monitor keeps records in memory only. */
  dataDir?: string;
  enabled: boolean;
  captureBodies: CaptureBodies;
  maxEntries: number;
  /** Every configured secret (account keys, proxy key); read at each finish. */
  secrets: () => string[];
  now: () => number;
  /** Subscriber batching interval (default 1000 ms). */
  flushIntervalMs?: number;
  /** Debounce of usage.json writes (default 5000 ms). */
  usageFlushMs?: number;
  /** Total captured-body bytes kept; bodies of the oldest records are dropped beyond it (default 64 MiB). */
  maxBodyBytes?: number;
  schedule?: Schedule;
  logger?: MonitorLogger;
  /** Prices a finished record (issue 20: src/monitor/prices.ts recordCost); absent: records carry no cost. */
  costOf?: (r: RequestRecord) => RecordCost | undefined;
}

export type MonitorUpdate = Partial<Pick<MonitorOptions, 'enabled' | 'captureBodies' | 'maxEntries' | 'costOf'>>;

/** What has been spent, for budgets (issue 20): billed dollars only (flat-rate requests are included, not counted). */
export interface Spend {
  /** Today (local day of the injected clock). */
  todayUsd: number;
  /** One client session (records carrying this sessionId), since the records were kept. */
  sessionUsd(sessionId: string): number;
}

export interface Monitor {
  /** Enabled, not paused, not closed: begin() returns a real builder. */
  readonly recording: boolean;
  readonly paused: boolean;
  /** Resolves when the persisted records and usage have been loaded. */
  ready(): Promise<void>;
  begin(init: RecordInit): RecordBuilder;
  /** Newest first. */
  list(filter?: RecordFilter): RequestRecord[];
  get(id: string): RequestRecord | undefined;
  /** Finished records, batched (about once per flushIntervalMs). Returns unsubscribe. */
  subscribe(listener: (batch: RequestRecord[]) => void): () => void;
  /** Called after clear(). Returns unsubscribe. */
  onReset(listener: () => void): () => void;
  usage(query?: UsageQuery): UsageRow[];
  /** Dollars spent today and per session (budgets). */
  spend(): Spend;
  /** Clears the records; usage totals too only when asked. */
  clear(opts?: { usage?: boolean }): void;
  pause(): void;
  resume(): void;
  update(opts: MonitorUpdate): void;
  toCsv(records: readonly RequestRecord[]): string;
  /** Resolves when everything finished so far is on disk. */
  flush(): Promise<void>;
  /** Flushes and stops; later begin() calls return the no-op builder. */
  close(): Promise<void>;
}
