/**
 * Coalesces panel updates (pure; timers passed in). A `status` update (status + account states,
 * small, leaves the controls alone) is sent while only counters moved; a `full` state when
 * anything the controls or snippets show may have changed. A pending `full` covers a `status`.
 */
import type { ProxyUiStatus } from '../../shared/status';

export type PanelUpdate = 'status' | 'full';

/** What a status change needs: `status` while only active requests / uptime moved, else `full`. */
export function panelUpdateFor(prev: ProxyUiStatus | undefined, next: ProxyUiStatus): PanelUpdate {
  if (!prev || prev.kind !== next.kind) return 'full';
  if (prev.kind === 'running' && next.kind === 'running') return prev.host === next.host && prev.port === next.port ? 'status' : 'full';
  if (prev.kind === 'servedByOtherWindow' && next.kind === 'servedByOtherWindow') return prev.port === next.port ? 'status' : 'full';
  if (prev.kind === 'error' && next.kind === 'error') return prev.message === next.message ? 'status' : 'full';
  return 'status';
}

export interface RefreshTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class PanelRefresher {
  private pending: PanelUpdate | undefined;
  private timer: unknown;

  constructor(private readonly send: (update: PanelUpdate) => Promise<void>, private readonly timers: RefreshTimers, private readonly delayMs = 250) {}

  request(update: PanelUpdate): void {
    if (this.pending === 'full') return;
    this.pending = update;
    if (this.timer !== undefined) return;
    this.timer = this.timers.setTimeout(() => {
      const what = this.pending ?? 'status';
      this.timer = undefined;
      this.pending = undefined;
      void this.send(what).catch(() => undefined);
    }, this.delayMs);
  }

  dispose(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }
}
