/**
 * Owns the one Proxy Monitor of the window (no `vscode` here). It outlives proxy restarts and
 * exists while the proxy is stopped, so history stays viewable; it is created on first use
 * (first Start or first look at the Monitor tab), not on activation, and closed on deactivate.
 * The core receives it through `ProxyDeps.monitor` and then neither creates nor closes one.
 */
import type { MonitorSection } from '../../core/config';
import type { Logger } from '../../core/logger';
import type { Monitor, MonitorOptions } from '../../monitor/types';

export interface MonitorOwnerDeps {
  create(opts: MonitorOptions): Monitor;
  /** VS Code's globalStorageUri; without it records stay in memory. */
  dataDir?: string;
  settings(): MonitorSection;
  /** Every configured secret, read at each record's finish (redaction). */
  secrets(): string[];
  now?: () => number;
  logger: Logger;
}

export class MonitorOwner {
  private monitor: Monitor | undefined;
  private closed = false;
  private readonly created = new Set<(m: Monitor) => void>();

  constructor(private readonly deps: MonitorOwnerDeps) {}

  /** The monitor, created now if needed. After close() it is a closed monitor (records nothing). */
  get(): Monitor {
    if (!this.monitor) {
      const s = this.deps.settings();
      this.monitor = this.deps.create({
        ...(this.deps.dataDir !== undefined ? { dataDir: this.deps.dataDir } : {}),
        enabled: s.enabled,
        captureBodies: s.captureBodies,
        maxEntries: s.maxEntries,
        secrets: () => this.deps.secrets(),
        now: this.deps.now ?? Date.now,
        logger: this.deps.logger,
      });
      if (this.closed) void this.monitor.close();
      for (const l of [...this.created]) l(this.monitor);
    }
    return this.monitor;
  }

  /** The monitor if it exists; never creates one. */
  peek(): Monitor | undefined {
    return this.monitor;
  }

  /** Called once when the monitor comes into existence (or now, if it exists). Returns unsubscribe. */
  onCreated(listener: (m: Monitor) => void): () => void {
    if (this.monitor) listener(this.monitor);
    else this.created.add(listener);
    return () => this.created.delete(listener);
  }

  /** Settings changed: apply while stopped too (a running core also forwards them). */
  update(section: MonitorSection): void {
    this.monitor?.update(section);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.created.clear();
    await this.monitor?.close();
  }
}
