import type { Spend, UsageRow } from '../../monitor/types';
import type { IncomingHttpHeaders } from 'node:http';
import type { Dialect } from '../../core/dialect';
import type { AccountPool } from '../../upstream/pool-types';
import type { AttemptRecord } from '../../monitor/types';
import type { AccountConfig, AccountKind, ProxyConfig } from '../../core/config';
import type { Logger } from '../../core/logger';
import type { Dispatcher } from 'undici';
import type { Action } from '../../upstream/client/upstream-request';
import type { RecordBuilder } from '../../monitor/types';
import type { LocalProvider } from '../../upstream/local-provider';
import type { ImageFetchOptions } from '../../upstream/image-fetch';
import type { ResponseStore } from '../../monitor/response-store';
import type { LearnedLimits } from '../../upstream/model-catalog';
import type { Monitor } from '../../monitor/types';

/** One client request, decoded just enough to route it. */
export interface ClientCall {
  dialect: Dialect;
  action: Action;
  clientModel: string;
  stream: boolean;
  /** Gemini only: the client asked `alt=sse` (otherwise a streamed JSON array). */
  geminiSse: boolean;
  body: Record<string, unknown>;
  /** The body exactly as received (after content decoding), forwarded as is on a passthrough. */
  raw: Buffer;
  headers: IncomingHttpHeaders;
}

/** What happened to a request, filled in as it goes; the monitor reads it at the end. */
export interface RequestTrace {
  call?: ClientCall;
  attempts: AttemptRecord[];
  account?: AccountConfig;
  upstreamModel?: string;
  /** ms from request start to the first byte sent to the client. */
  ttfbMs?: number;
  responseBytes: number;
  aborted: boolean;
  notes: string[];
  /** The monitor's record (a shared no-op when the monitor is off). */
  record: RecordBuilder;
  /** Tokens the upstream reported (input + output), for the pool's per-account totals. */
  tokens: number;
  /**
   * Passed the Host / Origin guards and auth (set by the auth middleware). A request refused
   * before is not recorded by the monitor nor counted as a usage error: only counted (issue 15
   * item 13), so nobody without the key can push the real records out.
   */
  admitted?: boolean;
  /** Its client may learn who answers (a valid key, or auth off): identity headers go out (item 14). */
  identified?: boolean;
}

export interface DispatchServices {
  pool(): AccountPool;
  config(): ProxyConfig;
  logger: Logger;
  dispatcher(): Dispatcher | undefined;
  /** Every secret the proxy knows (account keys, proxy key), for redaction. */
  secrets(): string[];
  keepAliveMs: number;
  /** The in-process provider that serves accounts of this kind (`vscode-lm`, `demo`); undefined: HTTP. */
  localProvider(kind: AccountKind): LocalProvider | undefined;
  /** Options of the image URL fetcher (Gemini upstreams); absent: the safe defaults. */
  imageFetch?: Pick<ImageFetchOptions, 'allowAddresses' | 'maxBytes' | 'timeoutMs'>;
  /** Stored OpenAI Responses (issue 18); undefined: `store` is not honoured. */
  responses?: ResponseStore;
  /** Model limits the vendors reported, and the call that reads their lists (issue 18). */
  limits?: { learned: LearnedLimits; discover(): Promise<void> };
  /** The monitor, for the HTTP API's usage and sessions (issue 20); absent: none. */
  monitor?: () => Monitor | undefined;
  /** Dollars spent today and per session, for block-mode budgets (issue 20); absent: no monitor, no budgets. */
  spend?(): Spend | undefined;
  /** Team mode (issue 23): every instance's usage rows from Redis; absent: this instance's monitor. */
  teamUsage?: (sinceDay?: string) => Promise<UsageRow[]>;
}
