/**
 * Team mode as deployed (issue 23): two `node dist/cli.js serve --config …` processes sharing a
 * real Redis, one given it in the config file (`state`), the other through
 * `ANTIGRAVITY_REDIS_URL`. The bundled CLI loads `dist/redis.js` only then; a 429 seen by one
 * process keeps the other away from that account. Every process started here is stopped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeVendor, answerError, answerWell, type RecordedRequest } from '../fakes/vendor';
import { waitListening } from '../support/listening';
import { REDIS_ABSENT, freePort, redisClient, startRedis, waitSubscribers } from './support/redis-server';
import { accountState, chat, until } from './support/pair';

const CLI = join(process.cwd(), 'dist', 'cli.js');
const keyOf = (req: RecordedRequest) => String(req.headers.authorization ?? '').replace(/^Bearer /, '');

test('two headless processes share cooldowns through Redis (config file and ANTIGRAVITY_REDIS_URL)', { skip: REDIS_ABSENT, timeout: 60_000 }, async () => {
  if (!existsSync(CLI)) assert.equal(spawnSync(process.execPath, ['esbuild.mjs']).status, 0, 'build');
  const redis = await startRedis();
  const vendor = await FakeVendor.start((req, res) => {
    if (req.method === 'POST' && keyOf(req) === 'key-a') return answerError(req, res, 429, 'Rate limit reached for requests', { retryAfter: 60 });
    return answerWell(req, res);
  });
  const dir = mkdtempSync(join(tmpdir(), 'ag-team-cli-'));
  const children: ChildProcess[] = [];
  const prefix = `cli${process.pid}:`;
  try {
    const accounts = ['a', 'b'].map((x) => ({ id: `acct-${x}`, kind: 'openai', label: `account ${x}`, baseUrl: `${vendor.url}/v1`, apiKey: `key-${x}`, enabled: true, models: ['gpt-*'] }));
    const start = async (name: string, withState: boolean) => {
      const config = { proxy: { port: await freePort(), authMode: 'off' }, scheduling: 'fill-first', accounts, ...(withState ? { state: { redis: redis.url, keyPrefix: prefix } } : { state: { keyPrefix: prefix } }) };
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(config));
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/API_KEY|BASE_URL|^ANTIGRAVITY_/.test(k)) env[k] = v;
      if (!withState) env.ANTIGRAVITY_REDIS_URL = redis.url;
      const child = spawn(process.execPath, [CLI, 'serve', '--config', file, '--data-dir', join(dir, name)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let err = '';
      child.stderr!.on('data', (c) => (err += c));
      return { url: await waitListening(child, 20_000, () => `stderr: ${err}`), stderr: () => err };
    };
    const a = await start('a', true);
    const b = await start('b', false);
    const look = redisClient(redis.url);
    try {
      await waitSubscribers(look, prefix, 2);
    } finally {
      look.disconnect();
    }
    const first = await chat(a.url);
    assert.equal(first.account, 'acct-b', first.text);
    await until(async () => ((await accountState(b.url, 'acct-a')) === 'cooling' ? true : undefined), 1000, 'process B learns the cooldown');
    const before = vendor.requests.filter((r) => keyOf(r) === 'key-a').length;
    assert.equal((await chat(b.url)).account, 'acct-b');
    assert.equal(vendor.requests.filter((r) => keyOf(r) === 'key-a').length, before, 'B sent nothing to the cooling account');
    assert.doesNotMatch(a.stderr() + b.stderr(), /redis:\/\/|Unhandled/, 'no Redis URL and no unhandled error in the log');
  } finally {
    for (const c of children) {
      if (c.exitCode !== null || c.signalCode !== null) continue;
      const gone = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      const t = setTimeout(() => c.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(t);
    }
    await vendor.close();
    await redis.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
