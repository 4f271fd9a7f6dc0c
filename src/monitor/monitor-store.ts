import { RecordLog } from './record-log';
import type { MonitorLogger, RequestRecord, Schedule } from './types';
import { readUsageFile, writeUsageFile } from './usage-file';
import { UsageJournal, usageEntryOf } from './usage-journal';
import { billedModel, type UsageTotals } from './usage-totals';

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
 * writer task appends them in batches, compacts when the log grows (and on close, so that at
 * most maxEntries records stay on disk), and checkpoints usage.json (debounced). The usage
 * of each record is journaled synchronously at enqueue (usage-journal.ts): the totals are the
 * checkpoint plus the journal, exact across a kill. I/O errors are logged and dropped, never
 * thrown at the request.
 */
export class MonitorStore {
  private log: RecordLog | undefined;
  private journal: UsageJournal | undefined;
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
   * Opens the log, reads the usage checkpoint and replays the journal after it (then any
   * logged record after both: a journal write that failed, or a version without a journal),
   * and hands both to `merge` before any write may start, so a compaction never misses them.
   */
  async load(merge: (state: LoadedState) => void): Promise<void> {
    let resolve!: () => void;
    this.loading = new Promise<void>((r) => (resolve = r));
    try {
      const { log, records, skipped } = await RecordLog.open(this.deps.dir);
      const [usage, { journal, entries }] = await Promise.all([readUsageFile(this.deps.dir), UsageJournal.open(this.deps.dir)]);
      this.log = log;
      this.journal = journal;
      if (skipped > 0) this.deps.logger?.warn(`monitor: skipped ${skipped} incomplete record(s) in ${log.path}`);
      const checkpoint = usage.throughSeq;
      let reconciled = false;
      for (const e of entries) {
        if (e.s > checkpoint) {
          usage.addEntry(e);
          reconciled = true;
        }
      }
      const journaled = usage.throughSeq;
      for (const r of records) {
        if (r.seq > journaled) {
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
    this.journalUsage(record);
    this.pending.push(record);
    this.kick();
  }

  /** Rewrite the log from the snapshot at the next write (after clear(), or a smaller maxEntries). */
  compact(): void {
    if (this.closed) return;
    this.compactRequested = true;
    this.kick();
  }

  /** Totals changed beyond the journal (a clear, a prune): checkpoint them, `soon` or debounced. */
  usageChanged(soon = false): void {
    if (this.closed) return;
    this.usageDirty = true;
    if (soon) {
      this.usageDue = true;
      return this.kick();
    }
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
    // What the log holds beyond maxEntries (it grows to 2× between compactions) goes now.
    if (this.log && this.log.lines + this.pending.length > Math.max(1, this.deps.maxEntries())) this.compactRequested = true;
    await this.flush();
    this.closed = true;
    await this.log?.close();
    this.journal?.close();
  }

  /** Write-ahead of the totals: one synchronous journal line per finished record. */
  private journalUsage(record: RequestRecord): void {
    if (!this.journal) return;
    try {
      this.journal.append(usageEntryOf(record, billedModel(record)));
    } catch (err) {
      // The record log still carries it: a restart reconciles records past the journal.
      this.warn(err);
    }
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
          // Same tick: the checkpoint holds exactly the entries of the segments up to `through`.
          const through = this.journal?.rotate();
          await writeUsageFile(this.deps.dir, this.deps.usage());
          if (through !== undefined) await this.journal?.drop(through);
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
