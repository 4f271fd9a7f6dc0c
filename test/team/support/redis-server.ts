import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
export { freePort } from '../../support/free-port';
import { freePort } from '../../support/free-port';

/**
 * A real `redis-server` (the Debian package; `.ci/run` installs it) on a free 127.0.0.1 port,
 * without persistence, in a temp dir. `stop` kills it (data gone, like a crashed Redis without
 * persistence); `start` brings it back on the same port.
 */
export const REDIS_ABSENT = spawnSync('redis-server', ['--version']).status === 0
  ? undefined
  : 'redis-server is not installed (apt-get install redis-server; .ci/run does): team mode tests skipped';


export interface RedisProcess {
  port: number;
  url: string;
  start(): Promise<void>;
  /** SIGKILL: the connections drop at once, nothing is saved. */
  kill(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ag-redis-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    const c = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out.slice(-500)}`)), 10_000);
      c.stdout!.on('data', (d) => {
        out += d;
        if (/Ready to accept connections/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      c.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}): ${out.slice(-500)}`));
      });
    });
  };
  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    start,
    kill,
    async close() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A test's own look into Redis (what the instances see is checked through their HTTP answers). */
export function redisClient(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => 200 });
}

/** Waits until `n` instances are connected: command connections named and subscribers on the channel of `prefix`. */
export async function waitSubscribers(client: Redis, prefix: string, n: number, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const [, count] = (await client.pubsub('NUMSUB', `${prefix}events`)) as [string, number];
      const list = String(await client.client('LIST'));
      const cmds = list.split('\n').filter((l) => l.includes('name=antigravity-cmd')).length;
      if (Number(count) >= n && cmds >= n) {
        // The ready check (INFO) follows the name by a round trip.
        await new Promise((r) => setTimeout(r, 100));
        return;
      }
    } catch {
      // not back yet
    }
    if (Date.now() > until) throw new Error(`fewer than ${n} instances subscribed to ${prefix}events within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
