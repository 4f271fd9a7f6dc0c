import type { Logger } from '../core/logger';
import type { ProxyConfig } from '../core/config';
import type { AccountStatus } from '../upstream/pool-types';
import type { Monitor } from '../monitor/types';
import type { LocalProvider } from '../upstream/local-provider';

/** Core status, mapped by the UI into its own status union. */
export type ProxyState = 'stopped' | 'starting' | 'running' | 'error';

export interface ProxyStatus {
  state: ProxyState;
  host: string;
  port: number;
  /** Accounts that can serve (enabled ones, plus the z.ai dispatcher when active). */
  accounts: number;
  activeRequests: number;
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
  /** Identifies this server instance; sent as `x-antigravity-instance` on every response (multi-window detection). */
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
}

export interface ProxyServer {
  /** Throws StartError (see start-error.ts) with the exact texts of the HTTP contract. */
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): ProxyStatus;
  /** Hot update of everything but host and port (those need a restart). */
  update(config: ProxyConfig): void;
  /** Subscribe to status changes (state, active requests, account states). Returns an unsubscribe function. */
  onStatus(listener: (s: ProxyStatus) => void): () => void;
  /** The monitor requests are recorded in (undefined when neither given nor creatable). */
  monitor(): Monitor | undefined;
  /** Stops and releases everything the server owns (its monitor included). */
  dispose(): Promise<void>;
}

/** Response headers every answer carries, so a second window can tell who holds the port. */
export const INSTANCE_HEADER = 'x-antigravity-instance';
export const SERVICE_HEADER = 'x-antigravity-proxy';
