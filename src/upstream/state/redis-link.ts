import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis as RedisClient, RedisOptions } from 'ioredis';
import type { Logger } from '../../core/logger';

/**
 * The two Redis connections of team mode: `cmd` for commands and `sub` for the change channel
 * (a subscribed connection can do nothing else). ioredis reconnects with backoff
 * (`retryStrategy`); commands are never queued while disconnected (`enableOfflineQueue: false`
 * on `cmd`): they fail at once and the caller keeps its local state, to be reconciled on
 * `ready`. A lost Redis is logged once per minute, not per request.
 */
export const WARN_EVERY_MS = 60_000;
/** Longest wait for one command a request waits on (a concurrency slot). */
export const REQUEST_PATH_TIMEOUT_MS = 100;

type RedisCtor = new (url: string, opts: RedisOptions) => RedisClient;

/** Bundled builds load `redis.js` beside them; from source (tests, tsx) the entry itself. */
function loadRedis(): RedisCtor {
  const bundled = join(__dirname, 'redis.js');
  const entry = (existsSync(bundled) ? require(bundled) : require('./redis-entry')) as { Redis: RedisCtor };
  return entry.Redis;
}

/** Backoff between reconnects: 100 ms, 200 ms … capped at 5 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(5000, 100 * 2 ** Math.min(6, Math.max(0, attempt - 1)));
}

export interface RedisLink {
  readonly cmd: RedisClient;
  readonly sub: RedisClient;
  ready(): boolean;
  /** Called on every (re)connection of either connection. */
  onReady(fn: () => void): void;
  /** A problem, logged at most once per minute. */
  warn(what: string): void;
  close(): Promise<void>;
}

export function openRedisLink(url: string, logger: Logger, now: () => number = Date.now): RedisLink {
  const Redis = loadRedis();
  const base: RedisOptions = {
    lazyConnect: false,
    connectTimeout: 2000,
    commandTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: reconnectDelay,
    enableReadyCheck: true,
  };
  const cmd = new Redis(url, { ...base, enableOfflineQueue: false, connectionName: 'antigravity-cmd' });
  // The subscriber's SUBSCRIBE may wait for the connection; ioredis re-subscribes after a reconnect.
  const sub = new Redis(url, { ...base, connectionName: 'antigravity-sub', commandTimeout: undefined });
  let lastWarn = -Infinity;
  let down = false;
  let closing = false;
  const readyFns: Array<() => void> = [];
  const warn = (what: string) => {
    const t = now();
    if (t - lastWarn < WARN_EVERY_MS) return;
    lastWarn = t;
    logger.warn(`team state: ${what}; serving from local state until Redis is back`);
  };
  const lost = (err?: Error) => {
    down = true;
    if (closing) return;
    // The message names host and port at most (ioredis never prints the password).
    warn(`Redis unreachable (${err?.message ?? 'connection closed'})`);
  };
  for (const c of [cmd, sub]) {
    c.on('error', (err: Error) => lost(err));
    c.on('end', () => lost());
    c.on('close', () => {
      if (c === cmd) down = true;
    });
    c.on('ready', () => {
      if (down) logger.info('team state: Redis is back; reconciling');
      down = false;
      for (const fn of readyFns) fn();
    });
  }
  return {
    cmd,
    sub,
    ready: () => cmd.status === 'ready',
    onReady: (fn) => readyFns.push(fn),
    warn,
    async close() {
      closing = true;
      // A polite QUIT when Redis answers; never waits long for one that does not.
      const polite = (c: RedisClient) => (c.status === 'ready' ? within(c.quit(), 500) : Promise.resolve());
      await Promise.allSettled([polite(cmd), polite(sub)]);
      cmd.disconnect();
      sub.disconnect();
    },
  };
}

/** `p`, or `undefined`-rejection after `ms`: what a request may wait for Redis. */
export function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
