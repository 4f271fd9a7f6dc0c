/**
 * Concurrency caps per account: `maxConcurrent` (requests in flight at once) and
 * `requestsPerMinute` (starts per rolling 60 s). A request over a cap waits in the account's
 * FIFO queue — first come, first served, no overtaking — up to the queue timeout; then it is
 * refused (the dispatcher moves on to the next account or model, else answers 429 with
 * Retry-After). Accounts without caps are admitted at once and only counted.
 *
 * Every admission returns a `release` (idempotent) that must be called when the request no
 * longer uses the account (its answer was written, or the attempt failed).
 */
import type { SharedSlots } from './state/shared-state';

export interface GateLimits {
  maxConcurrent?: number;
  requestsPerMinute?: number;
}

export type Admission =
  | { ok: true; release: () => void; waitedMs: number }
  | { ok: false; reason: 'timeout' | 'aborted'; waitedMs: number; retryAfterMs: number };

const MINUTE_MS = 60_000;

interface Waiter {
  since: number;
  admit(): void;
}

class Gate {
  inFlight = 0;
  /** Start times within the last minute (requestsPerMinute only). */
  starts: number[] = [];
  readonly queue: Waiter[] = [];
  limits: GateLimits = {};
  rpmTimer?: NodeJS.Timeout;
}

export class AccountGates {
  private readonly gates = new Map<string, Gate>();
  /** Team mode (issue 23): `maxConcurrent` holds across instances; undefined = this process only. */
  private shared?: SharedSlots;

  constructor(private readonly now: () => number = Date.now) {}

  /** Makes `maxConcurrent` a cap across every instance sharing `slots` (team mode). */
  share(slots: SharedSlots | undefined): void {
    this.shared = slots;
  }

  /**
   * After a local admission: a slot across instances too, within the same queue wait. Refused
   * like a local timeout when none frees up in time; admitted on the local caps alone when the
   * shared store cannot answer (a lost Redis never fails a request).
   */
  private async acrossInstances(id: string, max: number, local: Admission, since: number, timeoutMs: number, signal?: AbortSignal): Promise<Admission> {
    if (!local.ok) return local;
    const got = await this.shared!.acquire(id, max, since + timeoutMs, signal);
    if (got === 'local') return local;
    const now = this.now();
    if (got === 'timeout' || got === 'aborted') {
      local.release();
      return { ok: false, reason: got, waitedMs: now - since, retryAfterMs: 1000 };
    }
    const both = () => {
      got.release();
      local.release();
    };
    return { ok: true, release: both, waitedMs: now - since };
  }

  private gate(id: string): Gate {
    let g = this.gates.get(id);
    if (!g) {
      g = new Gate();
      this.gates.set(id, g);
    }
    return g;
  }

  /** ms until the rolling minute has room again; 0 when it has room now. */
  private rpmWait(g: Gate, now: number): number {
    const rpm = g.limits.requestsPerMinute;
    g.starts = g.starts.filter((t) => now - t < MINUTE_MS);
    if (rpm === undefined || g.starts.length < rpm) return 0;
    return g.starts[g.starts.length - rpm] + MINUTE_MS - now;
  }

  private canStart(g: Gate, now: number): boolean {
    const max = g.limits.maxConcurrent;
    return (max === undefined || g.inFlight < max) && this.rpmWait(g, now) === 0;
  }

  private start(g: Gate, now: number): () => void {
    g.inFlight += 1;
    if (g.limits.requestsPerMinute !== undefined) g.starts.push(now);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      g.inFlight -= 1;
      this.pump(g);
    };
  }

  /** Admits waiters from the head of the queue while the caps allow. */
  private pump(g: Gate): void {
    const now = this.now();
    while (g.queue.length > 0 && this.canStart(g, now)) g.queue.shift()!.admit();
    if (g.queue.length > 0 && !g.rpmTimer) {
      const wait = this.rpmWait(g, now);
      if (wait > 0) {
        g.rpmTimer = setTimeout(() => {
          g.rpmTimer = undefined;
          this.pump(g);
        }, wait);
        g.rpmTimer.unref();
      }
    }
  }

  /**
   * A place on account `id`: at once when its caps allow and nobody is queued, else after
   * waiting in its queue; refused after `timeoutMs` or when `signal` aborts.
   */
  acquire(id: string, limits: GateLimits, timeoutMs: number, signal?: AbortSignal): Promise<Admission> {
    if (this.shared && limits.maxConcurrent !== undefined) {
      const since = this.now();
      return this.admitLocally(id, limits, timeoutMs, signal).then((a) => this.acrossInstances(id, limits.maxConcurrent!, a, since, timeoutMs, signal));
    }
    return this.admitLocally(id, limits, timeoutMs, signal);
  }

  private admitLocally(id: string, limits: GateLimits, timeoutMs: number, signal?: AbortSignal): Promise<Admission> {
    const g = this.gate(id);
    g.limits = limits;
    const since = this.now();
    if (g.queue.length === 0 && this.canStart(g, since)) return Promise.resolve({ ok: true, release: this.start(g, since), waitedMs: 0 });
    const refuse = (reason: 'timeout' | 'aborted') => {
      const now = this.now();
      return { ok: false as const, reason, waitedMs: now - since, retryAfterMs: Math.max(1000, this.rpmWait(g, now)) };
    };
    if (timeoutMs <= 0 || signal?.aborted) return Promise.resolve(refuse(signal?.aborted ? 'aborted' : 'timeout'));
    return new Promise<Admission>((resolve) => {
      const leave = (reason: 'timeout' | 'aborted') => {
        const i = g.queue.indexOf(waiter);
        if (i >= 0) g.queue.splice(i, 1);
        cleanup();
        resolve(refuse(reason));
        this.pump(g);
      };
      const timer = setTimeout(() => leave('timeout'), timeoutMs);
      const onAbort = () => leave('aborted');
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        since,
        admit: () => {
          cleanup();
          const now = this.now();
          resolve({ ok: true, release: this.start(g, now), waitedMs: now - since });
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      g.queue.push(waiter);
      this.pump(g);
    });
  }

  /** Requests holding a place on `id` now. */
  inFlight(id: string): number {
    return this.gates.get(id)?.inFlight ?? 0;
  }

  /** Requests waiting in `id`'s queue now. */
  queued(id: string): number {
    return this.gates.get(id)?.queue.length ?? 0;
  }
}
