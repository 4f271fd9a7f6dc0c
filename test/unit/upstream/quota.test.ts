import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuotaBook, describeQuota, forecastEmpty, parseGeminiQuotaError, parseQuotaHeaders } from '../../../src/upstream/quota';
import { createAccountPool } from '../../../src/upstream/pool';
import { makeConfig, account } from '../../support/proxy-harness';

const T0 = Date.parse('2026-12-03T15:00:00Z');
const MIN = 60_000;

/** Anthropic's API-key headers as it sends them (reset in RFC 3339). */
function anthropicHeaders(remaining: number, tokens: number): Headers {
  return new Headers({
    'anthropic-ratelimit-requests-limit': '50',
    'anthropic-ratelimit-requests-remaining': String(remaining),
    'anthropic-ratelimit-requests-reset': '2026-12-03T16:00:00Z',
    'anthropic-ratelimit-tokens-limit': '100000',
    'anthropic-ratelimit-tokens-remaining': String(tokens),
    'anthropic-ratelimit-tokens-reset': '2026-12-03T16:00:00Z',
    'request-id': 'req_1',
  });
}

test('Anthropic rate-limit headers counting down → remaining, limit, reset and a burn-rate forecast', () => {
  const book = new QuotaBook();
  // 10 requests per 5 minutes: 40 → 30 → 20 over 10 minutes, so empty 10 minutes after the last sample.
  book.observe('a', anthropicHeaders(40, 90_000), undefined, T0);
  assert.equal(book.get('a')!.forecast, undefined, 'one sample: no rate yet');
  book.observe('a', anthropicHeaders(30, 80_000), undefined, T0 + 5 * MIN);
  book.observe('a', anthropicHeaders(20, 70_000), undefined, T0 + 10 * MIN);
  const q = book.get('a')!;
  const req = q.windows.find((w) => w.name === 'requests')!;
  assert.equal(req.remaining, 20);
  assert.equal(req.limit, 50);
  assert.equal(req.resetAt, Date.parse('2026-12-03T16:00:00Z'));
  assert.equal(req.observedAt, T0 + 10 * MIN);
  assert.equal(req.emptyAt, T0 + 20 * MIN);
  // Tokens: 10 000 per 5 min, 70 000 left → 35 min after the last sample: after requests run out.
  assert.equal(q.windows.find((w) => w.name === 'tokens')!.emptyAt, T0 + 45 * MIN);
  assert.deepEqual(q.forecast, { window: 'requests', emptyAt: T0 + 20 * MIN });
  const line = describeQuota(q, (ms) => new Date(ms).toISOString().slice(11, 16))!;
  assert.match(line, /requests 20\/50 left, resets 16:00/);
  assert.match(line, /at this rate: empty at 15:20/);
});

test('a forecast past the reset is none; a refill starts the rate over', () => {
  assert.equal(forecastEmpty([{ t: 0, remaining: 10 }, { t: MIN, remaining: 9 }], 5 * MIN), undefined);
  assert.equal(forecastEmpty([{ t: 0, remaining: 10 }, { t: MIN, remaining: 9 }], 20 * MIN), 10 * MIN);
  const book = new QuotaBook();
  book.observe('a', anthropicHeaders(40, 90_000), undefined, T0);
  book.observe('a', anthropicHeaders(30, 80_000), undefined, T0 + MIN);
  assert.ok(book.get('a')!.forecast);
  book.observe('a', anthropicHeaders(50, 100_000), undefined, T0 + 2 * MIN); // the window reset
  assert.equal(book.get('a')!.forecast, undefined);
  assert.equal(book.get('a')!.windows.find((w) => w.name === 'requests')!.remaining, 50);
});

test('OpenAI x-ratelimit-* with duration resets ("6m0s"); unified subscription windows; Gemini QuotaFailure', () => {
  const openai = parseQuotaHeaders(new Headers({
    'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': '499', 'x-ratelimit-reset-requests': '120ms',
    'x-ratelimit-limit-tokens': '30000', 'x-ratelimit-remaining-tokens': '29000', 'x-ratelimit-reset-tokens': '6m0s',
  }), T0);
  assert.deepEqual(openai.find((w) => w.name === 'tokens'), { name: 'tokens', limit: 30000, remaining: 29000, resetAt: T0 + 6 * MIN });
  assert.equal(openai.find((w) => w.name === 'requests')!.resetAt, T0 + 120);

  const reset = Math.floor(T0 / 1000) + 3600;
  const unified = parseQuotaHeaders({
    'anthropic-ratelimit-unified-status': 'allowed_warning',
    'anthropic-ratelimit-unified-reset': String(reset),
    'anthropic-ratelimit-unified-5h-utilization': '0.82',
    'anthropic-ratelimit-unified-5h-reset': String(reset),
    'anthropic-ratelimit-unified-5h-status': 'allowed_warning',
  }, T0);
  const five = unified.find((w) => w.name === 'unified-5h')!;
  assert.equal(five.utilization, 0.82);
  assert.ok(Math.abs(five.remaining! - 0.18) < 1e-9);
  assert.equal(five.resetAt, reset * 1000);
  assert.equal(five.status, 'allowed_warning');
  assert.deepEqual(unified.find((w) => w.name === 'unified'), { name: 'unified', status: 'allowed_warning', resetAt: reset * 1000 });

  const gemini = JSON.stringify({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'You exceeded your current quota.', details: [
    { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', quotaValue: '10' }] },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' },
  ] } });
  assert.deepEqual(parseGeminiQuotaError(gemini, T0), [{ name: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', remaining: 0, limit: 10, resetAt: T0 + 37_000 }]);
  assert.deepEqual(parseQuotaHeaders(new Headers({ 'content-type': 'application/json' }), T0), []);
});

test('the pool keeps quota per account from successes and failures, and shows it in status()', () => {
  let now = T0;
  const pool = createAccountPool(makeConfig({ accounts: [account('anthropic', 'http://127.0.0.1:9', { id: 'ant' }), account('openai', 'http://127.0.0.1:9', { id: 'oai' })] }), { now: () => now });
  const plan = pool.plan({ clientDialect: 'anthropic', clientModel: 'claude-sonnet-4-5', headers: {}, body: {} });
  const cand = plan.candidates.find((c) => c.account.id === 'ant')!;
  pool.report(cand, { ok: true, headers: anthropicHeaders(40, 90_000) }, plan);
  now += 5 * MIN;
  pool.report(cand, { ok: true, headers: anthropicHeaders(30, 80_000) }, plan);
  const st = pool.status();
  const ant = st.find((s) => s.id === 'ant')!;
  assert.equal(ant.quota!.windows.find((w) => w.name === 'requests')!.remaining, 30);
  assert.deepEqual(ant.quota!.forecast, { window: 'requests', emptyAt: now + 15 * MIN });
  assert.equal(st.find((s) => s.id === 'oai')!.quota, undefined, 'an account that reported nothing has no quota');
  pool.close?.();
});

test('the status bar tooltip lists each account\'s quota line (escaped), only while running', async () => {
  const { renderStatusBar } = await import('../../../src/ui/status-bar-view');
  const book = new QuotaBook();
  book.observe('a', anthropicHeaders(40, 90_000), undefined, T0);
  book.observe('a', anthropicHeaders(30, 80_000), undefined, T0 + 5 * MIN);
  const line = `Anthropic [work]: ${describeQuota(book.get('a'), (ms) => new Date(ms).toISOString().slice(11, 16))}`;
  const running = renderStatusBar({ kind: 'running', host: '127.0.0.1', port: 8045, accounts: 1, activeRequests: 0 }, { exposedWithoutAuth: false, quota: [line] });
  assert.match(running.tooltip, /Anthropic \\\[work\\\]: requests 30\/50 left, resets 16:00/);
  assert.match(running.tooltip, /at this rate: empty at 15:20/);
  const stopped = renderStatusBar({ kind: 'stopped' }, { exposedWithoutAuth: false, quota: [line] });
  assert.ok(!stopped.tooltip.includes('requests 30/50'));
});
