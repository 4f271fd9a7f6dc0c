import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Batcher, defaultSchedule } from './batcher';
import { toCsv } from './csv';
import { MonitorStore, type LoadedState } from './monitor-store';
import { NOOP_BUILDER, createRecordBuilder } from './record-builder';
import { filterRecords } from './record-filter';
import { createRedactorCache } from '../core/redactor';
import type { Monitor, MonitorOptions, MonitorUpdate, RecordBuilder, RecordInit, RequestRecord, Spend, UsageQuery, UsageRow } from './types';
import { UsageTotals, dayKey } from './usage-totals';
import { SessionSpend } from './session-spend';

export const DEFAULT_MAX_ENTRIES = 1000;
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Subdirectory of the data directory that holds the monitor's files. */
export const MONITOR_DIR = 'monitor';

function bodyBytes(r: RequestRecord): number {
  const b = r.bodies;
  return b ? (b.request?.length ?? 0) + (b.response?.length ?? 0) : 0;
}

function sanitizeMax(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n >= 1 ? Math.floor(n) : DEFAULT_MAX_ENTRIES;
}

/**
 * The Proxy Monitor: records of finished requests (bounded, newest kept), usage totals per
 * day × account × model, batched live updates, persistence under `<dataDir>/monitor`.
 * While disabled or paused, begin() returns a shared no-op builder: no allocation, no I/O.
 */
export function createMonitor(opts: MonitorOptions): Monitor {
  const now = opts.now;
  const schedule = opts.schedule ?? defaultSchedule;
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let enabled = opts.enabled;
  let captureBodies = opts.captureBodies;
  let maxEntries = sanitizeMax(opts.maxEntries);
  let costOf = opts.costOf;
  /** Dollars per client session (budgets): rebuilt from the kept records on start. */
  const sessions = new SessionSpend();
  let paused = false;
  let closed = false;

  /** Oldest first. */
  let records: RequestRecord[] = [];
  const byId = new Map<string, RequestRecord>();
  let bodyTotal = 0;
  let usage = new UsageTotals();
  let nextSeq = 1;
  let loaded = !opts.dataDir;
  /** Finished before the persisted state was loaded: seq assigned after the merge. */
  let early: RequestRecord[] = [];
  /** clear() ran before the load finished: the loaded records are gone too. */
  let clearedBeforeLoad = false;
  let usageClearedBeforeLoad = false;

  const redactors = createRedactorCache();
  const batcher = new Batcher<RequestRecord>(schedule, opts.flushIntervalMs ?? 1000, (err) =>
    opts.logger?.warn(`monitor: subscriber failed: ${String(err)}`),
  );
  const resetListeners = new Set<() => void>();
  let counter = 0;
  const idPrefix = randomBytes(3).toString('hex');

  const store = opts.dataDir
    ? new MonitorStore({
        dir: join(opts.dataDir, MONITOR_DIR),
        schedule,
        usageFlushMs: opts.usageFlushMs ?? 5000,
        logger: opts.logger,
        snapshot: () => records,
        maxEntries: () => maxEntries,
        maxBytes: () => 2 * maxBodyBytes + 2 * maxEntries * 8192,
        usage: () => {
          usage.prune(now());
          return usage;
        },
      })
    : undefined;

  function trim(): void {
    const excess = records.length - maxEntries;
    if (excess > 0) {
      // In place (usually one record): a copy of the whole list per finished request cost more.
      for (const r of records.splice(0, excess)) {
        byId.delete(r.id);
        bodyTotal -= bodyBytes(r);
      }
    }
    // Bodies are the heavy part: beyond the budget, the oldest records lose theirs.
    for (let i = 0; bodyTotal > maxBodyBytes && i < records.length; i++) {
      const r = records[i]!;
      if (r.bodies) {
        bodyTotal -= bodyBytes(r);
        const stripped = { ...r };
        delete stripped.bodies;
        stripped.notes = [...r.notes, 'captured bodies dropped (size budget)'];
        records[i] = stripped;
        byId.set(r.id, stripped);
      }
    }
  }

  function accept(r: RequestRecord): void {
    r.seq = nextSeq++;
    records.push(r);
    byId.set(r.id, r);
    bodyTotal += bodyBytes(r);
    usage.add(r);
    sessions.add(r);
    trim();
    store?.enqueue(r);
    store?.usageChanged();
    batcher.push(r);
  }

  function complete(r: RequestRecord): void {
    if (closed) return;
    // issue 20: priced once, when the record finishes (the usage is final).
    if (r.cost === undefined && costOf) {
      try {
        const c = costOf(r);
        if (c) r.cost = c;
      } catch (err) {
        opts.logger?.warn(`monitor: pricing failed: ${String(err)}`);
      }
    }
    if (!loaded) {
      early.push(r);
      return;
    }
    accept(r);
  }

  function merge(state: LoadedState): void {
    const restored = clearedBeforeLoad ? [] : state.records.slice(-maxEntries);
    const maxSeq = state.records.reduce((m, r) => Math.max(m, r.seq), state.usage.throughSeq);
    nextSeq = Math.max(nextSeq, maxSeq + 1);
    records = restored;
    byId.clear();
    bodyTotal = 0;
    for (const r of restored) {
      byId.set(r.id, r);
      bodyTotal += bodyBytes(r);
    }
    if (!clearedBeforeLoad) sessions.rebuild(state.records);
    usage = state.usage;
    if (usageClearedBeforeLoad) usage.clear();
    usage.prune(now());
    loaded = true;
    const pending = early;
    early = [];
    for (const r of pending) accept(r);
  }

  const readyPromise: Promise<void> = store
    ? store.load(merge).catch(() => {
        // Unreadable directory: run in memory.
        loaded = true;
        const pending = early;
        early = [];
        for (const r of pending) accept(r);
      })
    : Promise.resolve();

  const recording = (): boolean => enabled && !paused && !closed;

  const monitor: Monitor = {
    get recording() {
      return recording();
    },
    get paused() {
      return paused;
    },
    ready: () => readyPromise,
    begin(init: RecordInit): RecordBuilder {
      if (!recording()) return NOOP_BUILDER;
      return createRecordBuilder(
        {
          id: `${now().toString(36)}-${idPrefix}-${(++counter).toString(36)}`,
          now,
          captureBodies,
          redactor: () => redactors(opts.secrets()),
          complete,
        },
        init,
      );
    },
    list: (filter) => filterRecords(loaded ? records : [...records, ...early], filter),
    get: (id) => byId.get(id) ?? early.find((r) => r.id === id),
    subscribe: (listener) => batcher.subscribe(listener),
    onReset(listener) {
      resetListeners.add(listener);
      return () => resetListeners.delete(listener);
    },
    usage(query?: UsageQuery): UsageRow[] {
      return usage.query(query, now());
    },
    spend(): Spend {
      return { todayUsd: usage.dayUsd(dayKey(now())), sessionUsd: (id) => sessions.get(id) };
    },
    clear(clearOpts) {
      if (!loaded) clearedBeforeLoad = true;
      records = [];
      early = [];
      byId.clear();
      bodyTotal = 0;
      batcher.discard();
      if (clearOpts?.usage) {
        if (!loaded) usageClearedBeforeLoad = true;
        usage.clear();
        sessions.clear();
        // At once: until the empty checkpoint is on disk, a restart would replay the journal.
        store?.usageChanged(true);
      }
      store?.compact();
      for (const l of [...resetListeners]) l();
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
    },
    update(u: MonitorUpdate) {
      if (u.enabled !== undefined) enabled = u.enabled;
      if (u.captureBodies !== undefined) captureBodies = u.captureBodies;
      if (u.costOf !== undefined) costOf = u.costOf;
      if (u.maxEntries !== undefined) {
        const next = sanitizeMax(u.maxEntries);
        const shrank = next < maxEntries;
        maxEntries = next;
        trim();
        if (shrank) store?.compact();
      }
    },
    toCsv: (rs) => toCsv(rs),
    async flush() {
      await readyPromise;
      if (usage.prune(now())) store?.usageChanged();
      await store?.flush();
    },
    async close() {
      if (closed) return;
      await readyPromise;
      closed = true;
      batcher.deliver();
      if (usage.prune(now())) store?.usageChanged();
      await store?.close();
    },
  };
  return monitor;
}
