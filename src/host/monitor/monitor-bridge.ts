/**
 * Host side of the Monitor tab (no `vscode`: dialogs are passed in). Answers the tab's
 * requests and forwards the monitor's batched live records (about once a second) filtered by
 * the tab's current query. Bodies never travel with rows; the detail view fetches them by id.
 */
import { usageToCsv } from '../../monitor/csv';
import { filterOptions, filterRecords } from '../../monitor/view-model';
import { buildSessions, buildSessionTree } from '../../monitor/sessions-view';
import { curlOf } from '../../monitor/curl';
import type { Monitor, RequestRecord } from '../../monitor/types';
import type { MonitorSection } from '../../core/config';
import type { Logger } from '../../core/logger';
import {
  EMPTY_QUERY, MAX_ROWS, MAX_SESSIONS, parseMonitorRequest,
  type MonitorEvent, type MonitorQuery, type MonitorRequest, type MonitorStatusView, type UsageDays,
} from '../../shared/monitor-protocol';
import type { UsageGroupBy } from '../../monitor/usage-view';
import type { Translate } from '../../shared/translate';
import { buildUsageView, exportFileName, localDetail, localRow, queryToFilter } from './monitor-view';

type Post = (payload: unknown) => void;

export interface MonitorBridgeDeps {
  /** The window's monitor (created on first call). */
  monitor(): Monitor;
  settings(): MonitorSection;
  t: Translate;
  /** Save dialog + write; resolves to where it was written, undefined when cancelled. */
  saveFile(defaultName: string, content: string): Promise<string | undefined>;
  /** Modal confirmation of Clear: records only, records and usage totals, or cancelled. */
  confirmClear(): Promise<'records' | 'all' | undefined>;
  now?: () => number;
  logger: Logger;
  /** The proxy's base URL for "Copy as curl" (default http://127.0.0.1:8045). */
  proxyUrl?: () => string;
}

export class MonitorPanelBridge {
  private post: Post | undefined;
  private query: MonitorQuery = EMPTY_QUERY;
  private usageDays: UsageDays = 7;
  private usageGroupBy: UsageGroupBy = 'day';
  /** The Sessions view asked once: live batches refresh it (and the open session's tree). */
  private sessionsShown = false;
  private openSession: string | undefined;
  private unsubscribe: Array<() => void> = [];

  constructor(private readonly deps: MonitorBridgeDeps) {}

  onReady(post: Post): void {
    this.post = post;
  }

  onMessage(payload: unknown, post: Post): void {
    this.post = post;
    const request = parseMonitorRequest(payload);
    if (!request) return;
    void this.handle(request).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      this.deps.logger.warn(`monitor panel: ${message}`);
      this.send({ kind: 'notice', text: message, error: true });
    });
  }

  /** The panel closed or was hidden: no more work until the next `ready`. */
  detach(): void {
    this.post = undefined;
  }

  dispose(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    this.post = undefined;
  }

  private send(event: MonitorEvent): void {
    this.post?.(event);
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Subscribes once, on the first request (so the monitor is not created before it is looked at). */
  private monitor(): Monitor {
    const m = this.deps.monitor();
    if (this.unsubscribe.length === 0) {
      this.unsubscribe.push(
        m.subscribe((batch) => this.onBatch(m, batch)),
        m.onReset(() => {
          if (!this.post) return;
          this.sendSnapshot(m);
          this.sendUsage(m);
        }),
      );
    }
    return m;
  }

  private async handle(r: MonitorRequest): Promise<void> {
    const m = this.monitor();
    await m.ready();
    switch (r.kind) {
      case 'query':
        this.query = r.query;
        this.sendSnapshot(m);
        return;
      case 'detail': {
        const rec = m.get(r.id);
        const proxyUrl = this.deps.proxyUrl?.() ?? 'http://127.0.0.1:8045';
        this.send({ kind: 'detail', id: r.id, ...(rec ? { detail: { ...localDetail(rec, this.deps.t), curl: curlOf(rec, proxyUrl) } } : {}) });
        return;
      }
      case 'sessions':
        this.sessionsShown = true;
        this.sendSessions(m);
        return;
      case 'session':
        this.openSession = r.id;
        this.sendSession(m, r.id);
        return;
      case 'usage':
        this.usageDays = r.days;
        this.usageGroupBy = r.groupBy;
        this.sendUsage(m);
        return;
      case 'setPaused':
        if (r.paused) m.pause();
        else m.resume();
        this.send({ kind: 'status', status: this.status(m) });
        return;
      case 'clear': {
        const choice = await this.deps.confirmClear();
        if (choice) m.clear({ usage: choice === 'all' }); // onReset re-sends the views
        return;
      }
      case 'exportCsv': {
        const t = this.deps.t;
        const csv = r.what === 'records'
          ? m.toCsv(m.list(queryToFilter(this.query)).reverse())
          : usageToCsv(m.usage({ days: this.usageDays }));
        const where = await this.deps.saveFile(exportFileName(r.what, this.now()), csv);
        if (where) this.send({ kind: 'notice', text: t('Exported to {0}', where) });
        return;
      }
    }
  }

  private status(m: Monitor, matching?: number): MonitorStatusView {
    return {
      enabled: this.deps.settings().enabled,
      paused: m.paused,
      total: m.list().length,
      matching: matching ?? m.list(queryToFilter(this.query)).length,
    };
  }

  private sendSnapshot(m: Monitor): void {
    const matching = m.list(queryToFilter(this.query));
    this.send({
      kind: 'snapshot',
      rows: matching.slice(0, MAX_ROWS).map((r) => localRow(r, this.deps.t)),
      options: filterOptions(m.list()),
      status: this.status(m, matching.length),
    });
  }

  private sendUsage(m: Monitor): void {
    const rows = m.usage({ days: this.usageDays });
    this.send({ kind: 'usage', usage: buildUsageView(rows, this.usageDays, this.usageGroupBy, this.now(), this.deps.t) });
  }

  private sendSessions(m: Monitor): void {
    this.send({ kind: 'sessions', rows: buildSessions(m.list()).slice(0, MAX_SESSIONS) });
  }

  private sendSession(m: Monitor, id: string): void {
    const tree = buildSessionTree(m.list(), id);
    this.send({ kind: 'session', id, ...(tree ? { tree } : {}) });
  }

  private onBatch(m: Monitor, batch: RequestRecord[]): void {
    if (!this.post) return;
    // The batch is oldest first; filterRecords returns newest first, as the table shows rows.
    const rows = filterRecords(batch, queryToFilter(this.query));
    this.send({ kind: 'rows', rows: rows.map((r) => localRow(r, this.deps.t)), options: filterOptions(m.list()), status: this.status(m) });
    this.sendUsage(m);
    if (this.sessionsShown && batch.some((r) => r.sessionId)) {
      this.sendSessions(m);
      if (this.openSession !== undefined) this.sendSession(m, this.openSession);
    }
  }
}
