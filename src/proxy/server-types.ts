import type { Logger } from '../core/logger';
import type { ProxyConfig } from '../core/config';
import type { AccountStatus } from '../upstream/pool-types';
import type { Monitor } from '../monitor/types';
import type { LocalProvider } from '../upstream/local-provider';
import type { ImageFetchOptions } from '../upstream/image-fetch';

/** Core status, mapped by the UI into its own status union. */
export type ProxyState = 'stopped' | 'starting' | 'running' | 'error';

export interface ProxyStatus {
  state: ProxyState;
  host: string;
  port: number;
  /** Accounts that can serve (enabled ones, plus the z.ai dispatcher when active). */
  accounts: number;
  activeRequests: number;
  /** Requests answered 401 / 403 / 404 before auth let them in (not in the monitor, not in usage). */
  refusedBeforeAuth?: number;
  /** Epoch ms of the last successful start. */
  startedAt?: number;
  error?: string;
  /** Per-account state for the UI. */
  accountStates: AccountStatus[];
}

/** I/O passed into the core (no globals, no process.env inside). */
export interface ProxyDeps {
  logger?: Logger;
  /** Wall clock in epoch ms; injected so tests need no sleeping. */
  now?: () => number;
  /** Delays between re-probes of an account the vendor disabled (default 30 s … 30 min; tests shorten them). */
  probeBackoffMs?: readonly number[];
  /** Identifies this server instance: `x-antigravity-instance` once auth let a request in; bound into the port probe's proof. */
  instanceId?: string;
  /** Extension version or CLI version, for `x-antigravity-proxy`. */
  version?: string;
  /** Keep-alive interval during upstream silence; DESIGN §2 requires ≤ 10 s (tests shorten it). */
  keepAliveMs?: number;
  /** The Proxy Monitor; when absent and `dataDir` is given, the server creates (and owns) one. */
  monitor?: Monitor;
  /** Where the monitor persists (VS Code globalStorageUri, headless --data-dir). */
  dataDir?: string;
  /** Serves `vscode-lm` accounts (only inside VS Code). */
  localProvider?: LocalProvider;
  /** Bounds of the stored Responses (defaults 2 000 per proxy key, 7 days); tests shorten them. */
  responseStore?: { maxResponses?: number; maxAgeMs?: number };
  /** In-process providers of other account kinds (kind → provider), e.g. the demo. */
  localProviders?: Readonly<Record<string, LocalProvider>>;
  /** Image URL fetching for Gemini upstreams (tests allow-list their loopback image server). */
  imageFetch?: Pick<ImageFetchOptions, 'allowAddresses' | 'maxBytes' | 'timeoutMs'>;
}

/** How a stop treats requests in flight. */
export interface StopOptions {
  /** Seconds in-flight requests may still finish (default `proxy.drainTimeoutSeconds`); 0 ends them at once. */
  drainSeconds?: number;
}

export interface ProxyServer {
  /** Throws StartError (see start-error.ts) with the exact texts of the HTTP contract. */
  start(): Promise<void>;
  /** Graceful: stops accepting, lets in-flight requests finish (see StopOptions), then closes. */
  stop(opts?: StopOptions): Promise<void>;
  status(): ProxyStatus;
  /** Hot update of everything but host and port (those need a restart). */
  update(config: ProxyConfig): void;
  /** Subscribe to status changes (state, active requests, account states). Returns an unsubscribe function. */
  onStatus(listener: (s: ProxyStatus) => void): () => void;
  /** The monitor requests are recorded in (undefined when neither given nor creatable). */
  monitor(): Monitor | undefined;
  /** Stops (gracefully, as `stop`) and releases everything the server owns (its monitor included). */
  dispose(opts?: StopOptions): Promise<void>;
}

/** Identity headers: only on answers to an authenticated client, or with auth off (never on a 401 / 403). */
export const INSTANCE_HEADER = 'x-antigravity-instance';
export const SERVICE_HEADER = 'x-antigravity-proxy';
