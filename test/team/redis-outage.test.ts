/**
 * Team mode (issue 23) when Redis goes away mid-run: both instances keep answering from their
 * local state without waiting on Redis, warn once (not per request), reconnect with backoff
 * and reconcile when it is back: usage served meanwhile reaches the shared totals, and a
 * cooldown set after the restart propagates again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor, answerError, answerWell, type RecordedRequest } from '../fakes/vendor';
import type { AccountConfig } from '../../src/core/config';
import { REDIS_ABSENT, redisClient, startRedis, waitSubscribers } from './support/redis-server';
import { accountState, chat, getJson, startPair, until } from './support/pair';

const keyOf = (req: RecordedRequest) => String(req.headers.authorization ?? '').replace(/^Bearer /, '');
const isGenerate = (req: RecordedRequest) => req.method === 'POST' && req.path.endsWith('/chat/completions');

async function sharedRequests(url: string): Promise<number> {
  const body = (await getJson(`${url}/antigravity/v1/usage?by=day`)) as { rows: Array<{ requests: number }> };
  return body.rows.reduce((n, r) => n + r.requests, 0);
}

test('Redis killed mid-run: both instances keep answering, then reconcile when it is back', { skip: REDIS_ABSENT, timeout: 90_000 }, async () => {
  const redis = await startRedis();
  let limited = false;
  const vendor = await FakeVendor.start((req, res) => {
    if (isGenerate(req) && keyOf(req) === 'key-a' && limited) return answerError(req, res, 429, 'Rate limit reached for requests', { retryAfter: 60 });
    return answerWell(req, res);
  });
  const accounts = ['a', 'b'].map((x) => ({ id: `acct-${x}`, kind: 'openai', label: `account ${x}`, baseUrl: `${vendor.url}/v1`, apiKey: `key-${x}`, enabled: true, models: ['gpt-*'] }) as AccountConfig);
  const pair = await startPair(redis.url, { scheduling: 'fill-first', accounts });
  try {
    // Before: two requests, counted in the shared totals.
    for (const url of [pair.a.url, pair.b.url]) assert.equal((await chat(url)).status, 200);
    await until(async () => ((await sharedRequests(pair.a.url)) === 2 ? true : undefined), 5000, 'usage before the outage');

    await redis.kill();
    // Down: every request is answered, none waits on Redis; 8 per instance.
    const downAnswers = [];
    for (let i = 0; i < 8; i++) for (const url of [pair.a.url, pair.b.url]) downAnswers.push(await chat(url, { text: `down tok-${i}` }));
    for (const r of downAnswers) {
      assert.equal(r.status, 200, r.text);
      assert.ok(r.ms < 1000, `answered in ${r.ms} ms while Redis was down`);
    }
    const slowest = Math.max(...downAnswers.map((r) => r.ms));
    console.log(`# slowest answer while Redis was down: ${slowest} ms`);
    // A cooldown while down stays local to A (B cannot hear it) …
    limited = true;
    assert.equal((await chat(pair.a.url)).account, 'acct-b');
    limited = false;
    assert.equal(await accountState(pair.a.url, 'acct-a'), 'cooling');
    // Usage served while down is still counted where it was served.
    await new Promise((r) => setTimeout(r, 1500)); // the monitor's batch tried (and failed) to write it
    for (const inst of [pair.a, pair.b]) {
      const team = inst.warnings.filter((w) => /^team state:/.test(w));
      assert.equal(team.length, 1, `one warning per minute, not per request: ${JSON.stringify(inst.warnings)}`);
      assert.match(team[0]!, /serving from local state until Redis is back/);
    }

    // Back (same port, empty: no persistence): both reconnect and push what happened meanwhile.
    await redis.start();
    const look = redisClient(redis.url);
    try {
      await waitSubscribers(look, pair.prefix, 2, 20_000);
    } finally {
      look.disconnect();
    }
    // 17 requests served while down (8 + 8 + A's rotated one) reach the shared totals, on both instances.
    for (const url of [pair.a.url, pair.b.url]) await until(async () => ((await sharedRequests(url)) === 17 ? true : undefined), 10_000, `usage made while down, as seen by ${url}`);
    // A's cooldown from the outage was pushed, and B now knows it.
    await until(async () => ((await accountState(pair.b.url, 'acct-a')) === 'cooling' ? true : undefined), 5000, 'the cooldown A set while down reached B');
    assert.ok(pair.a.infos.some((m) => /Redis is back/.test(m)), 'the reconnect is logged');

    // A cooldown set after the restart propagates again (acct-b this time, seen by B).
    const vendor2Limited = new Set<string>(['key-b']);
    vendor.handler = (req, res) => (isGenerate(req) && vendor2Limited.has(keyOf(req)) ? answerError(req, res, 429, 'Rate limit reached for requests', { retryAfter: 60 }) : answerWell(req, res));
    const r = await chat(pair.b.url);
    assert.equal(r.status, 429, 'both accounts cooling on B now');
    const seen = await until(async () => ((await accountState(pair.a.url, 'acct-b')) === 'cooling' ? true : undefined), 2000, 'A learns B\'s new cooldown');
    console.log(`# after the restart, a cooldown reached the other instance in ${seen.ms} ms`);
  } finally {
    await pair.close();
    await vendor.close();
    await redis.close();
  }
});
