/**
 * Owns the proxy lifecycle for one window: start / stop / restart, hot updates, the UI status
 * union and multi-window detection. No `vscode` here: config loading, the core factory, fetch
 * and timers are passed in, so the lifecycle is tested in plain Node.
 */
import type { ProxyConfig } from '../../core/config';
import { bindHost } from '../../core/config';
import type { ProxyDeps, ProxyServer, ProxyStatus } from '../../proxy/server-types';
import type { Logger } from '../../core/logger';
import { StartError } from '../../core/start-error';
import { ProxyError } from '../../core/errors';
import { ConfigError } from '../../core/validate-config';
import type { AccountStatus } from '../../upstream/pool-types';
import type { ProxyUiStatus } from '../../shared/status';
import { needsRestart, SettingsError } from '../settings/settings-to-config';
import { probePort, type FetchLike } from './health-check';

export type CreateServer = (config: ProxyConfig, deps: ProxyDeps) => ProxyServer;

export interface ProxyServiceDeps {
  loadConfig(): Promise<ProxyConfig>;
  /** Loaded lazily: the core (Koa & co.) is only evaluated on the first start. */
  loadCore(): Promise<CreateServer>;
  fetch: FetchLike;
  log: Logger;
  instanceId: string;
  version: string;
  /** Where the core persists (the monitor): VS Code's globalStorageUri. */
  dataDir?: string;
  /** Adds the window's I/O (monitor, vscode-lm provider) to the core's deps. */
  extendDeps?: (deps: ProxyDeps) => ProxyDeps;
  /**
   * The proxy key (all windows share one SecretStorage). Verifies the port probe's
   * challenge–response proof that another window holds the port; never sent by the probe.
   */
  proxyKey?(): Promise<string | undefined>;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  pollMs?: number;
}

export type StartOutcome =
  | { ok: true }
  | { ok: false; code: 'NO_ACCOUNT' | 'PORT_IN_USE' | 'BIND_FAILED' | 'OTHER_WINDOW' | 'INVALID_CONFIG' | 'UNKNOWN'; message: string; port: number };

/** A setting the host or the core rejects (SettingsError, the core's ConfigError or invalid_request ProxyError). */
function isConfigError(err: unknown): boolean {
  if (err instanceof SettingsError) return true;
  return ConfigError.isInstance(err) || (ProxyError.isInstance(err) && err.kind === 'invalid_request');
}

type Listener = () => void;

export class ProxyService {
  private server: ProxyServer | undefined;
  private unsubscribe: (() => void) | undefined;
  private config: ProxyConfig | undefined;
  private core: ProxyStatus | undefined;
  private ui: ProxyUiStatus = { kind: 'stopped' };
  private queue: Promise<unknown> = Promise.resolve();
  private pollHandle: unknown;
  private takeOverRequested = false;
  private readonly listeners = new Set<Listener>();
  private readonly freedListeners = new Set<(port: number) => void>();
  private readonly takeOverListeners = new Set<(outcome: Extract<StartOutcome, { ok: false }>) => void>();
  private disposed = false;

  constructor(private readonly deps: ProxyServiceDeps) {}

  status(): ProxyUiStatus {
    return this.ui;
  }

  /** Per-account state from the core while running; empty otherwise. */
  accountStates(): AccountStatus[] {
    return this.core?.accountStates ?? [];
  }

  isRunning(): boolean {
    return this.ui.kind === 'running';
  }

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Fired when the other window released the port and we did not take over automatically. */
  onOtherWindowStopped(listener: (port: number) => void): () => void {
    this.freedListeners.add(listener);
    return () => this.freedListeners.delete(listener);
  }

  /** Fired when the automatic take-over (after "Take Over When Free") could not start. */
  onTakeOverFailed(listener: (outcome: Extract<StartOutcome, { ok: false }>) => void): () => void {
    this.takeOverListeners.add(listener);
    return () => this.takeOverListeners.delete(listener);
  }

  start(): Promise<StartOutcome> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  restart(): Promise<StartOutcome> {
    return this.enqueue(async () => {
      await this.doStop();
      return this.doStart();
    });
  }

  /** Ask to start here as soon as the other window releases the port. */
  takeOverWhenFree(): void {
    this.takeOverRequested = true;
  }

  /**
   * Settings, secrets or accounts changed: restart for host/port, hot-update the rest. A config
   * the host or core rejects is not swapped in: the proxy keeps serving with the last good one
   * and the outcome says why (INVALID_CONFIG).
   */
  applyConfigChange(): Promise<StartOutcome | undefined> {
    return this.enqueue(async () => {
      if (!this.server || this.ui.kind !== 'running' || !this.config) return undefined;
      const port = this.config.proxy.port;
      let next: ProxyConfig;
      try {
        next = await this.deps.loadConfig();
      } catch (err) {
        return this.updateRejected(err, port);
      }
      if (needsRestart(this.config, next)) {
        this.deps.log.info(`Listen address or shared state changed; restarting on ${bindHost(next.proxy)}:${next.proxy.port}.`);
        await this.doStop();
        return this.doStart();
      }
      try {
        this.server.update(next);
      } catch (err) {
        return this.updateRejected(err, port);
      }
      this.config = next; // only once the core took it
      this.deps.log.info('Configuration updated without restart.');
      return undefined;
    });
  }

  /**
   * Accounts were added, enabled or removed (or z.ai dispatch changed) while nothing is served
   * here: the result of the last failed Start is stale and is replaced at once — by `stopped`
   * when an account can serve now, else by `needsAccount`. Running, starting and "served by
   * another window" are left alone (a running proxy hot-updates through applyConfigChange).
   */
  accountsChanged(usable: boolean): void {
    if (this.server || (this.ui.kind !== 'error' && this.ui.kind !== 'needsAccount')) return;
    const next: ProxyUiStatus = usable ? { kind: 'stopped' } : { kind: 'needsAccount' };
    if (next.kind !== this.ui.kind) this.setUi(next);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.stopPolling();
    await this.stop();
    this.listeners.clear();
    this.freedListeners.clear();
    this.takeOverListeners.clear();
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private setUi(status: ProxyUiStatus): void {
    this.ui = status;
    for (const l of [...this.listeners]) l();
  }

  private async doStart(): Promise<StartOutcome> {
    if (this.server && this.ui.kind === 'running') return { ok: true };
    this.stopPolling();
    this.setUi({ kind: 'starting' });
    let port = this.config?.proxy.port ?? 0;
    try {
      const config = await this.deps.loadConfig();
      port = config.proxy.port;
      const createServer = await this.deps.loadCore();
      const base: ProxyDeps = {
        logger: this.deps.log, instanceId: this.deps.instanceId, version: this.deps.version,
        ...(this.deps.dataDir ? { dataDir: this.deps.dataDir } : {}),
      };
      const server = createServer(config, this.deps.extendDeps ? this.deps.extendDeps(base) : base);
      this.server = server;
      this.config = config;
      this.unsubscribe = server.onStatus((s) => this.onCoreStatus(s));
      await server.start();
      this.core = server.status();
      this.setUi(this.runningStatus(this.core, config));
      this.deps.log.info(`Proxy listening on ${bindHost(config.proxy)}:${port}.`);
      return { ok: true };
    } catch (err) {
      await this.discardServer();
      return this.startFailed(err, port);
    }
  }

  private updateRejected(err: unknown, port: number): StartOutcome {
    const message = err instanceof Error ? err.message : String(err);
    this.deps.log.warn(`Configuration not applied (the proxy keeps the previous one): ${message}`);
    return { ok: false, code: isConfigError(err) ? 'INVALID_CONFIG' : 'UNKNOWN', message, port };
  }

  private async startFailed(err: unknown, port: number): Promise<StartOutcome> {
    if (isConfigError(err)) {
      const message = err instanceof Error ? err.message : String(err);
      this.deps.log.warn(message);
      this.setUi({ kind: 'error', message });
      return { ok: false, code: 'INVALID_CONFIG', message, port };
    }
    if (StartError.isInstance(err) && err.code === 'NO_ACCOUNT') {
      this.deps.log.warn(err.message);
      this.setUi({ kind: 'needsAccount' });
      return { ok: false, code: 'NO_ACCOUNT', message: err.message, port };
    }
    if (StartError.isInstance(err) && err.code === 'BIND_FAILED') {
      this.deps.log.warn(err.message);
      if (err.reason === 'EADDRINUSE') {
        const holder = await this.probe(port);
        if (holder.kind === 'otherWindow') {
          this.deps.log.info(`Port ${port} is served by this extension in another window.`);
          this.setUi({ kind: 'servedByOtherWindow', port });
          this.startPolling(port);
          return { ok: false, code: 'OTHER_WINDOW', message: err.message, port };
        }
        this.setUi({ kind: 'error', message: err.message });
        return { ok: false, code: 'PORT_IN_USE', message: err.message, port };
      }
      this.setUi({ kind: 'error', message: err.message });
      return { ok: false, code: 'BIND_FAILED', message: err.message, port };
    }
    const message = err instanceof Error ? err.message : String(err);
    this.deps.log.error(`Start failed: ${message}`);
    this.setUi({ kind: 'error', message });
    return { ok: false, code: 'UNKNOWN', message, port };
  }

  private async doStop(): Promise<void> {
    this.stopPolling();
    this.takeOverRequested = false;
    const wasRunning = this.server !== undefined;
    await this.discardServer();
    if (wasRunning) this.deps.log.info('Proxy stopped.');
    this.setUi({ kind: 'stopped' });
  }

  private async discardServer(): Promise<void> {
    const server = this.server;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.server = undefined;
    this.core = undefined;
    if (server) {
      try {
        // dispose = stop + release what the server owns (its monitor).
        await server.dispose();
      } catch (err) {
        this.deps.log.warn(`Stop failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  private onCoreStatus(s: ProxyStatus): void {
    this.core = s;
    if (!this.config || this.ui.kind === 'starting') return;
    if (s.state === 'running') this.setUi(this.runningStatus(s, this.config));
    else if (s.state === 'error' && s.error) this.setUi({ kind: 'error', message: s.error });
    else if (s.state === 'stopped' && this.ui.kind === 'running') this.setUi({ kind: 'stopped' });
  }

  private runningStatus(s: ProxyStatus, config: ProxyConfig): ProxyUiStatus {
    return {
      kind: 'running',
      host: s.host || bindHost(config.proxy),
      port: s.port || config.proxy.port,
      accounts: s.accounts,
      activeRequests: s.activeRequests,
      ...(s.startedAt !== undefined ? { startedAt: s.startedAt } : {}),
    };
  }

  private startPolling(port: number): void {
    const setI = this.deps.setInterval ?? ((fn, ms) => setInterval(fn, ms));
    let busy = false;
    this.pollHandle = setI(() => {
      if (busy || this.disposed) return;
      busy = true;
      void this.probe(port)
        .then((holder) => {
          if (holder.kind !== 'free' || this.ui.kind !== 'servedByOtherWindow') return;
          this.stopPolling();
          if (this.takeOverRequested) {
            this.deps.log.info(`Port ${port} is free again; taking over.`);
            void this.start().then((outcome) => {
              if (!outcome.ok) for (const l of [...this.takeOverListeners]) l(outcome);
            });
          } else {
            this.setUi({ kind: 'stopped' });
            for (const l of [...this.freedListeners]) l(port);
          }
        })
        .finally(() => { busy = false; });
    }, this.deps.pollMs ?? 5000);
  }

  /** Who holds the port: the key verifies the answer's challenge proof and is never sent. */
  private async probe(port: number) {
    const apiKey = await this.deps.proxyKey?.().catch(() => undefined);
    return probePort(this.deps.fetch, port, this.deps.instanceId, apiKey ? { apiKey } : {});
  }

  private stopPolling(): void {
    if (this.pollHandle === undefined) return;
    (this.deps.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout)))(this.pollHandle);
    this.pollHandle = undefined;
  }
}
