import type { Schedule } from './types';

export const defaultSchedule: Schedule = (fn, ms) => {
  const t = setTimeout(fn, ms);
  // Never keep a process (the CLI, a test) alive just for a pending batch.
  t.unref?.();
  return () => clearTimeout(t);
};

/**
 * Fan-out of finished items to listeners in batches: the first item arms one timer, items
 * arriving meanwhile join the batch, the timer delivers it. No listeners, no work.
 */
export class Batcher<T> {
  private readonly listeners = new Set<(batch: T[]) => void>();
  private batch: T[] = [];
  private cancel: (() => void) | undefined;

  constructor(
    private readonly schedule: Schedule,
    private intervalMs: number,
    private readonly onListenerError?: (err: unknown) => void,
  ) {}

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  subscribe(listener: (batch: T[]) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.discard();
    };
  }

  push(item: T): void {
    if (this.listeners.size === 0) return;
    this.batch.push(item);
    this.cancel ??= this.schedule(() => {
      this.cancel = undefined;
      this.deliver();
    }, this.intervalMs);
  }

  /** Delivers the pending batch now (close, tests). */
  deliver(): void {
    this.cancel?.();
    this.cancel = undefined;
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    for (const l of [...this.listeners]) {
      try {
        l(batch);
      } catch (err) {
        this.onListenerError?.(err);
      }
    }
  }

  /** Drops the pending batch (after clear(): those records no longer exist). */
  discard(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.batch = [];
  }
}
