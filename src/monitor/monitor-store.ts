import { RecordLog } from './record-log';
import type { MonitorLogger, RequestRecord, Schedule } from './types';
import { readUsageFile, writeUsageFile } from './usage-file';
import type { UsageTotals } from './usage-totals';

export interface StoreDeps {
  /** The monitor's own directory (e.g. `<dataDir>/monitor`). */
  dir: string;
  schedule: Schedule;
  usageFlushMs: number;
  logger?: MonitorLogger;
  /** In-memory records, oldest first: what a compaction writes. */
  snapshot: () => readonly RequestRecord[];
  /** Compaction triggers: more lines than 2 × maxEntries, or more bytes than maxBytes. */
  maxEntries: () => number;
  maxBytes: () => number;
  /** The live usage totals (written as they are at write time). */
  usage: () => UsageTotals;
}

export interface LoadedState {
  records: RequestRecord[];
  usage: UsageTotals;
}

/**
 * Persistence off the request path: callers enqueue finished records synchronously; one
 * writer task appends them in batches, compacts when the log grows, and writes usage.json
 * (debounced). I/O errors are logged and dropped, never thrown at the request.
 */
export class MonitorStore {
  private log: RecordLog | undefined;
  private loading: Promise<void> | undefined;
  private pending: RequestRecord[] = [];
  private compactRequested = false;
  private usageDirty = false;
  private usageDue = false;
  private cancelUsageTimer: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  private warned = false;

  constructor(private readonly deps: StoreDeps) {}

  /**
   * Opens the log and reads usage (records after usage's watermark are counted into it), then
   * hands both to `merge` before any write may start, so a compaction never misses them.
   */
  async load(merge: (state: LoadedState) => void): Promise<void> {
    let resolve!: () => void;
    this.loading = new Promise<void>((r) => (resolve = r));
    try {
      const [{ log, records, skipped }, usage] = await Promise.all([RecordLog.open(this.deps.dir), readUsageFile(this.deps.dir)]);
      this.log = log;
      if (skipped > 0) this.deps.logger?.warn(`monitor: skipped ${skipped} incomplete record(s) in ${log.path}`);
      const through = usage.throughSeq;
      let reconciled = false;
      for (const r of records) {
        if (r.seq > through) {
          usage.add(r);
          reconciled = true;
        }
      }
      merge({ records, usage });
      if (reconciled) this.usageChanged();
    } catch (err) {
      this.warn(err);
      throw err;
    } finally {
      resolve();
    }
  }

  enqueue(record: RequestRecord): void {
    if (this.closed) return;
    this.pending.push(record);
    this.kick();
  }

  /** Rewrite the log from the snapshot at the next write (after clear(), or a smaller maxEntries). */
  compact(): void {
    if (this.closed) return;
    this.compactRequested = true;
    this.kick();
  }

  usageChanged(): void {
    if (this.closed) return;
    this.usageDirty = true;
    if (this.cancelUsageTimer) return;
    this.cancelUsageTimer = this.deps.schedule(() => {
      this.cancelUsageTimer = undefined;
      this.usageDue = true;
      this.kick();
    }, this.deps.usageFlushMs);
  }

  /** Resolves when everything enqueued so far (and the usage totals) is written. */
  async flush(): Promise<void> {
    this.cancelUsageTimer?.();
    this.cancelUsageTimer = undefined;
    if (this.usageDirty) this.usageDue = true;
    this.kick();
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    await this.log?.close();
  }

  private kick(): void {
    if (this.running) return;
    // A macrotask later: records finishing in the same tick share one write.
    this.running = new Promise<void>((r) => setImmediate(r))
      .then(() => this.drain())
      .finally(() => {
        this.running = undefined;
        if (this.hasWork()) this.kick();
      });
  }

  private hasWork(): boolean {
    return !this.closed && (this.pending.length > 0 || this.compactRequested || this.usageDue);
  }

  private async drain(): Promise<void> {
    if (this.loading) await this.loading;
    const log = this.log;
    if (!log) {
      // Load failed: nothing can be written; keep memory only.
      this.pending = [];
      this.compactRequested = this.usageDue = false;
      return;
    }
    while (this.hasWork()) {
      try {
        const tooLong = log.lines + this.pending.length > 2 * Math.max(1, this.deps.maxEntries());
        if (this.compactRequested || tooLong || log.bytes > this.deps.maxBytes()) {
          // The snapshot already holds every pending record (they are in memory first).
          const snap = this.deps.snapshot().slice();
          this.pending = [];
          this.compactRequested = false;
          await log.rewrite(snap);
        } else if (this.pending.length > 0) {
          const batch = this.pending;
          this.pending = [];
          await log.append(batch);
        }
        if (this.usageDue) {
          this.usageDue = false;
          this.usageDirty = false;
          await writeUsageFile(this.deps.dir, this.deps.usage());
        }
      } catch (err) {
        this.warn(err);
      }
    }
  }

  private warn(err: unknown): void {
    if (this.warned) return;
    this.warned = true;
    this.deps.logger?.warn(`monitor: cannot write to ${this.deps.dir}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
