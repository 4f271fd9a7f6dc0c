import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dialect } from '../../../src/core/dialect';
import { BODY_CAP_BYTES } from '../../../src/monitor/body-capture';
import { NOOP_BUILDER } from '../../../src/monitor/record-builder';
import type { Monitor } from '../../../src/monitor/types';
import { FakeClock, openMonitor } from './helpers';

const DIALECTS: Dialect[] = ['openai-chat', 'openai-responses', 'anthropic', 'gemini'];
const A = { accountId: 'a1', accountLabel: 'Gemini work', accountKind: 'gemini' as const, upstreamModel: 'gemini-3-flash' };
const B = { accountId: 'b2', accountLabel: 'Anthropic personal', accountKind: 'anthropic' as const, upstreamModel: 'claude-sonnet-4-5' };

type Scenario = 'success' | 'failover' | 'rate-limited' | 'mid-stream-error';

/** Drives a builder the way the dispatcher does. */
function run(m: Monitor, clock: FakeClock, dialect: Dialect, scenario: Scenario) {
  const b = m.begin({ method: 'POST', path: '/v1/x', clientDialect: dialect, clientModel: 'client-model', stream: true, userAgent: 'claude-cli/2.0', clientAddress: '127.0.0.1' });
  b.requestBody('{"model":"client-model"}');
  clock.advance(5);
  if (scenario === 'failover') b.attempt({ ...A, status: 503, reason: 'overloaded' });
  if (scenario === 'rate-limited') {
    b.attempt({ ...A, status: 429, reason: 'rate limited' });
    b.attempt({ ...B, status: 429, reason: 'rate limited' });
    clock.advance(10);
    return b.finish({ status: 429, errorType: 'rate_limit', errorMessage: 'All accounts are cooling down' });
  }
  const acct = scenario === 'failover' ? B : A;
  b.set({ ...acct });
  clock.advance(20);
  b.markFirstByte();
  b.responseChunk('data: {"a":1}\n\n');
  b.addUsage({ inputTokens: 100, cachedTokens: 40 });
  clock.advance(30);
  b.addUsage({ outputTokens: 7, reasoningTokens: 3 });
  b.attempt({ ...acct, status: 200 });
  if (scenario === 'mid-stream-error') return b.finish({ status: 200, errorType: 'api_error', errorMessage: 'upstream stream broke' });
  return b.finish({ status: 200 });
}

for (const dialect of DIALECTS) {
  test(`record contents: success, failover, 429 and mid-stream error (${dialect})`, (t) => {
    const clock = new FakeClock();
    const m = openMonitor(t, { now: clock.now });

    const ok = run(m, clock, dialect, 'success')!;
    assert.equal(ok.clientDialect, dialect);
    assert.equal(ok.method, 'POST');
    assert.equal(ok.path, '/v1/x');
    assert.equal(ok.time, Date.UTC(2025, 5, 15, 12, 0, 0));
    assert.equal(ok.status, 200);
    assert.equal(ok.errorType, undefined);
    assert.equal(ok.clientModel, 'client-model');
    assert.equal(ok.upstreamModel, 'gemini-3-flash');
    assert.equal(ok.accountLabel, 'Gemini work');
    assert.equal(ok.accountKind, 'gemini');
    assert.equal(ok.ttfbMs, 25);
    assert.equal(ok.durationMs, 55);
    assert.equal(ok.stream, true);
    assert.equal(ok.aborted, false);
    assert.deepEqual(ok.usage, { inputTokens: 100, outputTokens: 7, cachedTokens: 40, reasoningTokens: 3, estimated: false });
    assert.equal(ok.requestBytes, 24);
    assert.equal(ok.responseBytes, 15);
    assert.equal(ok.userAgent, 'claude-cli/2.0');
    assert.equal(ok.clientAddress, '127.0.0.1');
    assert.equal(ok.bodies, undefined, 'captureBodies none');
    assert.equal(ok.attempts.length, 1);
    assert.ok(!('apiKey' in ok));

    const fo = run(m, clock, dialect, 'failover')!;
    assert.deepEqual(
      fo.attempts.map((a) => [a.accountLabel, a.status, a.reason]),
      [
        ['Gemini work', 503, 'overloaded'],
        ['Anthropic personal', 200, undefined],
      ],
    );
    assert.equal(fo.accountId, 'b2');
    assert.equal(fo.status, 200);

    const rl = run(m, clock, dialect, 'rate-limited')!;
    assert.equal(rl.status, 429);
    assert.equal(rl.errorType, 'rate_limit');
    assert.equal(rl.errorMessage, 'All accounts are cooling down');
    assert.equal(rl.accountId, undefined);
    assert.equal(rl.ttfbMs, undefined);
    assert.equal(rl.usage, undefined);
    assert.equal(rl.attempts.length, 2);

    const ms = run(m, clock, dialect, 'mid-stream-error')!;
    assert.equal(ms.status, 200);
    assert.equal(ms.errorType, 'api_error');

    const listed = m.list();
    assert.deepEqual(listed.map((r) => r.id), [ms.id, rl.id, fo.id, ok.id], 'newest first');
    assert.deepEqual(listed.map((r) => r.seq), [4, 3, 2, 1]);
    assert.deepEqual(m.list({ errorsOnly: true }).map((r) => r.id), [ms.id, rl.id]);
    assert.deepEqual(m.list({ accountId: 'a1' }).map((r) => r.id), [ms.id, rl.id, fo.id, ok.id], 'attempts count for account filter');
    assert.deepEqual(m.list({ accountId: 'b2', errorsOnly: true }).map((r) => r.id), [rl.id]);
    assert.deepEqual(m.list({ text: 'COOLING' }).map((r) => r.id), [rl.id]);
    assert.deepEqual(m.list({ model: 'claude-sonnet-4-5' }).map((r) => r.id), [fo.id]);
    assert.deepEqual(m.list({ dialect: dialect === 'gemini' ? 'anthropic' : 'gemini' }), []);
    assert.deepEqual(m.list({ limit: 1 }).map((r) => r.id), [ms.id]);
    assert.equal(m.get(fo.id), fo);
  });
}

test('no-op builder while disabled or paused; hot update', (t) => {
  const m = openMonitor(t, { enabled: false });
  assert.equal(m.recording, false);
  const b = m.begin({ method: 'POST', path: '/v1/messages' });
  assert.equal(b, NOOP_BUILDER);
  assert.equal(b.active, false);
  b.requestBody('x'.repeat(1000));
  assert.equal(b.finish({ status: 200 }), undefined);
  assert.equal(m.list().length, 0);

  m.update({ enabled: true });
  assert.notEqual(m.begin({ method: 'GET', path: '/' }), NOOP_BUILDER);
  m.pause();
  assert.equal(m.paused, true);
  assert.equal(m.begin({ method: 'GET', path: '/' }), NOOP_BUILDER);
  m.resume();
  const r = m.begin({ method: 'GET', path: '/v1/models' }).finish()!;
  assert.equal(r.status, 200);
  assert.equal(m.list().length, 1);
});

test('finish is idempotent and setters after finish are ignored', (t) => {
  const m = openMonitor(t, {});
  const b = m.begin({ method: 'POST', path: '/p' });
  const r = b.finish({ status: 500, errorType: 'api_error' })!;
  b.set({ status: 200 });
  assert.equal(b.finish(), undefined);
  assert.equal(r.status, 500);
  assert.equal(m.list().length, 1);
});

test('aborted stream, estimated usage replaced by real usage', (t) => {
  const m = openMonitor(t, {});
  const b = m.begin({ method: 'POST', path: '/v1/messages', stream: true });
  b.addUsage({ inputTokens: 500, outputTokens: 90 }, true);
  const est = b.finish({ aborted: true })!;
  assert.equal(est.aborted, true);
  assert.deepEqual(est.usage, { inputTokens: 500, outputTokens: 90, cachedTokens: 0, reasoningTokens: 0, estimated: true });

  const b2 = m.begin({ method: 'POST', path: '/v1/messages' });
  b2.addUsage({ inputTokens: 500, outputTokens: 90 }, true);
  b2.addUsage({ inputTokens: 480, outputTokens: 70 });
  b2.addUsage({ inputTokens: 1 }, true);
  assert.deepEqual(b2.finish()!.usage, { inputTokens: 480, outputTokens: 70, cachedTokens: 0, reasoningTokens: 0, estimated: false });
});

test('captureBodies: none / errors / all, capped at 256 KiB', (t) => {
  const m = openMonitor(t, { captureBodies: 'errors' });
  const okB = m.begin({ method: 'POST', path: '/a' });
  assert.equal(okB.wantsBodies, true);
  okB.requestBody({ model: 'm', messages: [] });
  okB.responseChunk('fine');
  assert.equal(okB.finish({ status: 200 })!.bodies, undefined, 'errors mode drops bodies of successes');

  const errB = m.begin({ method: 'POST', path: '/a' });
  errB.requestBody({ model: 'm' });
  errB.responseChunk(new TextEncoder().encode('{"error":'));
  errB.responseChunk('"bad"}');
  const err = errB.finish({ status: 400, errorType: 'invalid_request' })!;
  assert.deepEqual(err.bodies, { request: '{"model":"m"}', response: '{"error":"bad"}' });

  m.update({ captureBodies: 'all' });
  const big = m.begin({ method: 'POST', path: '/a' });
  const huge = 'é'.repeat(BODY_CAP_BYTES); // 2 bytes each: twice the cap
  big.requestBody(huge);
  for (let i = 0; i < 100; i++) big.responseChunk(new Uint8Array(10_000).fill(0x61));
  const r = big.finish({ status: 200 })!;
  assert.equal(r.requestBytes, 2 * BODY_CAP_BYTES);
  assert.equal(r.responseBytes, 1_000_000);
  assert.equal(r.bodies!.requestTruncated, true);
  assert.equal(r.bodies!.responseTruncated, true);
  assert.ok(Buffer.byteLength(r.bodies!.request!) <= BODY_CAP_BYTES);
  assert.ok(Buffer.byteLength(r.bodies!.request!) > BODY_CAP_BYTES - 4);
  assert.ok(!r.bodies!.request!.includes('\uFFFD'), 'cut on a character boundary');
  assert.equal(r.bodies!.response!.length, BODY_CAP_BYTES);

  m.update({ captureBodies: 'none' });
  const none = m.begin({ method: 'POST', path: '/a' });
  assert.equal(none.wantsBodies, false);
  none.requestBody('x');
  assert.equal(none.finish({ status: 500 })!.bodies, undefined);
});

test('memory bound: maxEntries keeps the newest; update shrinks', (t) => {
  const m = openMonitor(t, { maxEntries: 5 });
  for (let i = 0; i < 12; i++) m.begin({ method: 'GET', path: `/r${i}` }).finish();
  assert.deepEqual(m.list().map((r) => r.path), ['/r11', '/r10', '/r9', '/r8', '/r7']);
  assert.equal(m.get(m.list()[4]!.id)?.path, '/r7');
  m.update({ maxEntries: 2 });
  assert.deepEqual(m.list().map((r) => r.path), ['/r11', '/r10']);
});

test('body budget: the oldest records lose their bodies first', (t) => {
  const m = openMonitor(t, { captureBodies: 'all', maxBodyBytes: 2500 });
  for (let i = 0; i < 4; i++) {
    const b = m.begin({ method: 'POST', path: `/b${i}` });
    b.requestBody('x'.repeat(1000));
    b.finish();
  }
  const withBodies = m.list().filter((r) => r.bodies).map((r) => r.path);
  assert.deepEqual(withBodies, ['/b3', '/b2']);
  assert.match(m.list()[3]!.notes.join(), /bodies dropped/);
});
