import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeVendor, answerWell, USAGE } from '../fakes/vendor';
import { account, startProxy } from '../support/proxy-harness';
import { secondsToLocalMidnight } from '../../src/proxy/budget-gate';
import type { BudgetsSection } from '../../src/core/config';

const MODEL = 'budget-model';
// $1000 per million in and out: each answer (USAGE 42 in, 17 out) costs exactly $0.059.
const PRICES = { [MODEL]: { input: 1000, output: 1000 } };
assert.equal(((USAGE.input + USAGE.output) * 1000) / 1e6, 0.059);

/** One generate request per client dialect, as its SDK would send it. */
const CALLS: Record<string, (url: string) => Promise<Response>> = {
  'openai-chat': (u) => post(`${u}/v1/chat/completions`, { model: MODEL, messages: [{ role: 'user', content: 'hi' }] }),
  responses: (u) => post(`${u}/v1/responses`, { model: MODEL, input: 'hi', store: false }),
  anthropic: (u) => post(`${u}/v1/messages`, { model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
  gemini: (u) => post(`${u}/v1beta/models/${MODEL}:generateContent`, { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
};

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** The error text of a 429 in each dialect's own shape. */
function errorMessage(dialect: string, body: any): string {
  if (dialect === 'anthropic') {
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'rate_limit_error');
    return body.error.message;
  }
  if (dialect === 'gemini') {
    assert.equal(body.error.code, 429);
    assert.equal(body.error.status, 'RESOURCE_EXHAUSTED');
    return body.error.message;
  }
  assert.equal(body.error.type, 'rate_limit_error');
  assert.equal(body.error.code, 'budget_exceeded');
  return body.error.message;
}

async function withProxy(budgets: BudgetsSection, run: (url: string, upstreamCalls: () => number, recorded: () => number) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'agp-budget-'));
  let calls = 0;
  const vendor = await FakeVendor.start((req, res) => {
    calls++;
    return answerWell(req, res);
  });
  const proxy = await startProxy({ accounts: [account('openai', `${vendor.url}/v1`, { responsesApi: true })], prices: PRICES, budgets }, { dataDir });
  try {
    await proxy.server.monitor()!.ready();
    await run(proxy.url, () => calls, () => proxy.server.monitor()!.list().length);
  } finally {
    await proxy.stop();
    await vendor.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The record of an answered request is completed as its response ends: wait for it before the next request. */
async function recordedCount(recorded: () => number, n: number): Promise<void> {
  for (let i = 0; i < 200 && recorded() < n; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(recorded(), n, 'every answered request was recorded');
}

for (const dialect of Object.keys(CALLS)) {
  test(`block budget (${dialect}): the request after the limit is reached gets a 429 with Retry-After to midnight, no upstream call`, async () => {
    // Limit $0.10: request 1 (spent 0) and 2 (spent 0.059) pass; request 3 (spent 0.118) is refused.
    await withProxy({ dailyUsd: 0.1, mode: 'block' }, async (url, upstreamCalls, recorded) => {
      for (let i = 1; i <= 2; i++) {
        const r = await CALLS[dialect]!(url);
        assert.equal(r.status, 200, await r.text());
        await recordedCount(recorded, i);
      }
      assert.equal(upstreamCalls(), 2);
      const before = Date.now();
      const r = await CALLS[dialect]!(url);
      const body = await r.json();
      assert.equal(r.status, 429, JSON.stringify(body));
      const expected = secondsToLocalMidnight(before);
      const retry = Number(r.headers.get('retry-after'));
      assert.ok(Math.abs(retry - expected) <= 2, `Retry-After ${retry} is the time to local midnight (${expected}), not clamped to an hour`);
      const msg = errorMessage(dialect, body);
      assert.match(msg, /Daily budget of \$0\.10 reached \(\$0\.12 spent today\)/);
      assert.match(msg, /resets at local midnight/);
      assert.equal(upstreamCalls(), 2, 'the blocked request never reached the upstream');
    });
  });
}

test('block budget per session: one session is refused, another goes on; count_tokens is never blocked', async () => {
  await withProxy({ sessionUsd: 0.05, mode: 'block' }, async (url, upstreamCalls, recorded) => {
    const a = { 'x-claude-code-session-id': 'sess-a' };
    const body = { model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };
    const r1 = await post(`${url}/v1/messages`, body, a);
    assert.equal(r1.status, 200, await r1.text());
    await recordedCount(recorded, 1);
    const r2 = await post(`${url}/v1/messages`, body, a);
    const b2 = (await r2.json()) as { error: { message: string } };
    assert.equal(r2.status, 429, 'sess-a spent $0.059 of its $0.05');
    assert.match(b2.error.message, /Session budget of \$0\.05 reached/);
    const counted = await post(`${url}/v1/messages/count_tokens`, { model: MODEL, messages: [{ role: 'user', content: 'hi' }] }, a);
    assert.equal(counted.status, 200, await counted.text());
    const r3 = await post(`${url}/v1/messages`, body, { 'x-claude-code-session-id': 'sess-b' });
    assert.equal(r3.status, 200, await r3.text());
    assert.equal(upstreamCalls(), 2);
  });
});

test('warn mode never blocks: past the daily limit requests still go through', async () => {
  await withProxy({ dailyUsd: 0.1, mode: 'warn' }, async (url, upstreamCalls, recorded) => {
    for (let i = 1; i <= 3; i++) {
      const r = await CALLS['openai-chat']!(url);
      assert.equal(r.status, 200, await r.text());
      await recordedCount(recorded, i);
    }
    assert.equal(upstreamCalls(), 3);
  });
});
