/**
 * Session → account bindings: which account produced a session's history. Bounded (least
 * recently used evicted first) and expiring after an idle TTL; clock passed in.
 */
export const DEFAULT_BINDING_TTL_MS = 60 * 60 * 1000;
export const DEFAULT_MAX_BINDINGS = 10_000;

interface Binding {
  accountId: string;
  lastUsed: number;
}

export class SessionBindings {
  // Map iteration order is insertion order: re-inserting on use keeps the LRU entry first.
  private readonly map = new Map<string, Binding>();

  constructor(
    private readonly ttlMs = DEFAULT_BINDING_TTL_MS,
    private readonly maxEntries = DEFAULT_MAX_BINDINGS,
  ) {}

  /** The bound account, refreshing its idle timer; undefined when unbound or expired. */
  get(key: string, now: number): string | undefined {
    const b = this.map.get(key);
    if (!b) return undefined;
    this.map.delete(key);
    if (now - b.lastUsed > this.ttlMs) return undefined;
    b.lastUsed = now;
    this.map.set(key, b);
    return b.accountId;
  }

  set(key: string, accountId: string, now: number): void {
    this.map.delete(key);
    this.map.set(key, { accountId, lastUsed: now });
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
    }
  }

  size(): number {
    return this.map.size;
  }
}
