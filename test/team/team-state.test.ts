/**
 * Team mode (issue 23): two proxy instances sharing one real Redis, the shared fake vendor as
 * upstream. Cooldowns, sticky sessions, concurrency slots, usage and budgets hold across both.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor, answerError, answerWell, type RecordedRequest } from '../fakes/vendor';
import type { AccountConfig } from '../../src/core/config';
import { REDIS_ABSENT, startRedis, type RedisProcess } from './support/redis-server';
import { accountState, chat, getJson, startPair, until } from './support/pair';

const keyOf = (req: RecordedRequest) => String(req.headers.authorization ?? '').replace(/^Bearer /, '');
/** A generate call (the handler sees requests before the vendor logic classifies them). */
const isGenerate = (req: RecordedRequest) => req.method === 'POST' && req.path.endsWith('/chat/completions');
/** Generate calls the vendor received per key. */
const sent = (vendor: FakeVendor, key: string) => vendor.requests.filter((r) => isGenerate(r) && keyOf(r) === key).length;

function accounts(vendor: FakeVendor, extra: Partial<AccountConfig> = {}): AccountConfig[] {
  return ['a', 'b'].map((x) => ({ id: `acct-${x}`, kind: 'openai', label: `account ${x}`, baseUrl: `${vendor.url}/v1`, apiKey: `key-${x}`, enabled: true, models: ['gpt-*'], ...extra }) as AccountConfig);
}

describe('team mode on Redis', { skip: REDIS_ABSENT, concurrency: false }, () => {
  let redis: RedisProcess;
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis?.close();
  });

  test('a 429 seen by instance A makes instance B skip that account at once', async () => {
    let limited = true;
    const vendor = await FakeVendor.start((req, res) => {
      if (isGenerate(req) && keyOf(req) === 'key-a' && limited) return answerError(req, res, 429, 'Rate limit reached for requests', { retryAfter: 60 });
      return answerWell(req, res);
    });
    const pair = await startPair(redis.url, { scheduling: 'fill-first', accounts: accounts(vendor) });
    try {
      const first = await chat(pair.a.url);
      assert.equal(first.status, 200, first.text);
      assert.equal(first.account, 'acct-b', 'A rotated past the rate-limited account');
      // B learns the cooldown through the channel (DESIGN: within 100 ms).
      const seen = await until(async () => ((await accountState(pair.b.url, 'acct-a')) === 'cooling' ? true : undefined), 2000, 'B sees acct-a cooling');
      console.log(`# cooldown reached instance B after ${seen.ms} ms (polled every 20 ms)`);
      assert.ok(seen.ms <= 250, `B learned the cooldown after ${seen.ms} ms`);
      limited = false; // were B to try acct-a now it would even succeed: only the shared cooldown keeps it away
      const keysBefore = sent(vendor, 'key-a');
      const second = await chat(pair.b.url);
      assert.equal(second.status, 200, second.text);
      assert.equal(second.account, 'acct-b', 'B skipped the account A saw rate-limited');
      assert.equal(sent(vendor, 'key-a'), keysBefore, 'B sent nothing to acct-a');
    } finally {
      await pair.close();
      await vendor.close();
    }
  });

  test('a session bound on A stays on its account when its next turn goes to B', async () => {
    let limitA = false;
    const vendor = await FakeVendor.start((req, res) => {
      if (isGenerate(req) && keyOf(req) === 'key-a' && limitA) return answerError(req, res, 429, 'Rate limit reached for requests', { retryAfter: 1 });
      return answerWell(req, res);
    });
    const pair = await startPair(redis.url, { scheduling: 'sticky', accounts: accounts(vendor) });
    try {
      // The session's first turn lands on acct-b because acct-a is briefly limited (1 s) …
      limitA = true;
      const turn1 = await chat(pair.a.url, { session: 'sess-team-1', text: 'hello tok-1' });
      limitA = false;
      assert.equal(turn1.status, 200, turn1.text);
      assert.equal(turn1.account, 'acct-b');
      // … and once that cooldown is over, B places new sessions round-robin: acct-a, acct-b, then acct-a again.
      await until(async () => ((await accountState(pair.b.url, 'acct-a')) === 'ready' ? true : undefined), 5000, 'acct-a ready again on B');
      const other1 = await chat(pair.b.url, { session: 'sess-team-other-1', text: 'other tok-2' });
      const other2 = await chat(pair.b.url, { session: 'sess-team-other-2', text: 'other tok-3' });
      assert.deepEqual([other1.account, other2.account], ['acct-a', 'acct-b'], 'control: B spreads new sessions from acct-a on');
      // The bound session's next turn on B stays where its history was written.
      const turn2 = await chat(pair.b.url, { session: 'sess-team-1', text: 'hello tok-1' });
      assert.equal(turn2.status, 200, turn2.text);
      assert.equal(turn2.account, 'acct-b', 'the session kept its account across instances');
      const turn3 = await chat(pair.a.url, { session: 'sess-team-1', text: 'hello tok-1' });
      assert.equal(turn3.account, 'acct-b');
    } finally {
      await pair.close();
      await vendor.close();
    }
  });

  test('maxConcurrent: 1 holds across both instances under 8 concurrent clients', async () => {
    const open = new Map<string, number>();
    const peak = new Map<string, number>();
    const vendor = await FakeVendor.start(async (req, res) => {
      if (!isGenerate(req)) return answerWell(req, res);
      const k = keyOf(req);
      open.set(k, (open.get(k) ?? 0) + 1);
      peak.set(k, Math.max(peak.get(k) ?? 0, open.get(k)!));
      try {
        await answerWell(req, res, ['one ', 'two ', 'three ', 'four '], 40);
      } finally {
        open.set(k, open.get(k)! - 1);
      }
    });
    const one = accounts(vendor, { maxConcurrent: 1 }).slice(0, 1);
    const pair = await startPair(redis.url, { accounts: one });
    try {
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => chat(i % 2 === 0 ? pair.a.url : pair.b.url, { stream: true, text: `hi tok-${i}` })));
      for (const a of answers) assert.equal(a.status, 200, a.text);
      assert.equal(sent(vendor, 'key-a'), 8);
      assert.equal(peak.get('key-a'), 1, `at most one request at a time on the account (saw ${peak.get('key-a')})`);
    } finally {
      await pair.close();
      await vendor.close();
    }
  });

  test('a key the vendor rejects on A is disabled on B too', async () => {
    const vendor = await FakeVendor.start((req, res) => {
      if (isGenerate(req) && keyOf(req) === 'key-a') return answerError(req, res, 401, 'Incorrect API key provided: key-a. You can find your API key at https://platform.openai.com/account/api-keys.', { code: 'invalid_api_key' });
      return answerWell(req, res);
    });
    const pair = await startPair(redis.url, { scheduling: 'fill-first', accounts: accounts(vendor) });
    try {
      assert.equal((await chat(pair.a.url)).account, 'acct-b');
      await until(async () => ((await accountState(pair.b.url, 'acct-a')) === 'disabled' ? true : undefined), 1000, 'B sees acct-a disabled');
      const body = (await getJson(`${pair.b.url}/antigravity/v1/accounts`)) as { accounts: Array<{ id: string; disabledReason?: string }> };
      const reason = body.accounts.find((x) => x.id === 'acct-a')?.disabledReason ?? '';
      assert.match(reason, /rejected the key \(401\)/);
      assert.doesNotMatch(reason, /key-a/, 'only the status travels, not the vendor\'s words (they may quote the key)');
      const before = sent(vendor, 'key-a');
      assert.equal((await chat(pair.b.url)).account, 'acct-b');
      assert.equal(sent(vendor, 'key-a'), before);
    } finally {
      await pair.close();
      await vendor.close();
    }
  });

  test('a Response stored on A continues on B (previous_response_id, GET)', async () => {
    const vendor = await FakeVendor.start((req, res) => answerWell(req, res));
    const pair = await startPair(redis.url, { accounts: accounts(vendor).slice(0, 1) });
    const post = async (url: string, body: Record<string, unknown>) => {
      const res = await fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', ...body }) });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    try {
      const first = await post(pair.a.url, { input: 'remember tok-first-turn' });
      assert.equal(first.status, 200, JSON.stringify(first.json));
      const id = first.json.id as string;
      const second = await post(pair.b.url, { input: 'and now tok-second-turn', previous_response_id: id });
      assert.equal(second.status, 200, JSON.stringify(second.json));
      const upstream = vendor.requests.filter(isGenerate).at(-1)!;
      assert.match(upstream.body, /tok-first-turn[^]*tok-second-turn/, 'B sent the history stored by A');
      const got = await fetch(`${pair.b.url}/v1/responses/${id}`);
      assert.equal(got.status, 200);
      assert.equal(((await got.json()) as { id: string }).id, id);
    } finally {
      await pair.close();
      await vendor.close();
    }
  });

  test('usage totals and a block budget are global', async () => {
    const vendor = await FakeVendor.start((req, res) => answerWell(req, res));
    // USAGE of the fake vendor: 42 input + 17 output tokens; $10 000 per million input tokens = $0.42 a request.
    const pair = await startPair(redis.url, {
      accounts: accounts(vendor).slice(0, 1),
      prices: { 'gpt-4o': { input: 10_000, output: 0 } },
      budgets: { dailyUsd: 1, mode: 'block' },
    });
    try {
      for (const [url, i] of [[pair.a.url, 1], [pair.a.url, 2], [pair.b.url, 3]] as const) {
        const r = await chat(url, { text: `hi tok-${i}` });
        assert.equal(r.status, 200, r.text);
      }
      // Every instance reports the sum of both (records reach Redis in the monitor's ~1 s batches).
      for (const url of [pair.a.url, pair.b.url]) {
        const { value } = await until(async () => {
          const body = (await getJson(`${url}/antigravity/v1/usage?by=account`)) as { rows: Array<{ requests: number; costUsd?: number }> };
          return body.rows[0]?.requests === 3 ? body.rows[0] : undefined;
        }, 5000, 'usage summed across instances');
        assert.equal(value.requests, 3);
        assert.ok(Math.abs((value.costUsd ?? 0) - 1.26) < 1e-6, `cost ${value.costUsd}`);
      }
      // $1.26 spent today across both ($0.84 on A, $0.42 on B): each is blocked, B included.
      const blocked = await until(async () => {
        const r = await chat(pair.b.url, { text: 'hi tok-9' });
        return r.status === 429 ? r : undefined;
      }, 5000, 'B blocked by the shared daily budget');
      assert.match(blocked.value.text, /Daily budget of \$1\.00 reached/);
      const onA = await chat(pair.a.url, { text: 'hi tok-10' });
      assert.equal(onA.status, 429, onA.text);
    } finally {
      await pair.close();
      await vendor.close();
    }
  });
});
