import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRICE_CATALOG, priceOf, recordCost, usageCostUsd } from '../../../src/monitor/prices';
import { tokenUsage } from '../../../src/monitor/usage-tap';
import { mergeUsage } from '../../../src/monitor/record-builder';
import { CODECS } from '../../../src/translate/codecs/registry';
import { UsageTotals } from '../../../src/monitor/usage-totals';
import { usageEntryOf } from '../../../src/monitor/usage-entry';
import { toCsv, usageToCsv } from '../../../src/monitor/csv';
import { validateConfig } from '../../../src/core/validate-config';
import type { RecordUsage, RequestRecord } from '../../../src/monitor/types';

/** Usage as the monitor gets it: from the vendor's own JSON, through its codec. */
function fromVendor(dialect: 'anthropic' | 'openai-chat' | 'gemini', json: unknown): RecordUsage {
  const u = tokenUsage(CODECS[dialect].usageOf(json));
  assert.ok(u, 'the codec read a usage report');
  return mergeUsage(undefined, u, false);
}

test('Anthropic usage with cache read and cache write is priced to the micro-dollar', () => {
  // Claude Sonnet 4.5: $3 in, $15 out, $0.30 cache read, $3.75 cache write per million.
  const usage = fromVendor('anthropic', {
    type: 'message', usage: { input_tokens: 1234, cache_read_input_tokens: 50_000, cache_creation_input_tokens: 2_000, output_tokens: 789 },
  });
  assert.equal(usage.inputTokens, 1234 + 50_000 + 2_000, 'input includes cache reads and writes (the monitor convention)');
  assert.equal(usage.cachedTokens, 50_000);
  assert.equal(usage.cacheWriteTokens, 2_000);
  const cost = recordCost({ usage, upstreamModel: 'claude-sonnet-4-5-20250929', accountId: 'a', accountKind: 'anthropic' }, { accounts: [{ id: 'a', kind: 'anthropic' }] });
  // 1234×3 + 50000×0.3 + 2000×3.75 + 789×15 = 3702 + 15000 + 7500 + 11835 = 38037 µ$
  assert.deepEqual(cost, { usd: 0.038037 });
});

test('OpenAI cached input is priced at the cache-read rate; reasoning is part of output', () => {
  // gpt-4o: $2.50 in, $10 out, $1.25 cached.
  const usage = fromVendor('openai-chat', {
    usage: { prompt_tokens: 10_000, completion_tokens: 333, prompt_tokens_details: { cached_tokens: 4_096 }, completion_tokens_details: { reasoning_tokens: 100 } },
  });
  // (10000 − 4096)×2.5 + 4096×1.25 + 333×10 = 14760 + 5120 + 3330 = 23210 µ$
  assert.equal(usageCostUsd(usage, priceOf('gpt-4o-2024-08-06')!), 0.02321);
  // gpt-4o-mini is its own, more specific entry: (5904×0.15 + 4096×0.075 + 333×0.6) = 885.6 + 307.2 + 199.8 = 1392.6 → 1393 µ$
  assert.equal(usageCostUsd(usage, priceOf('gpt-4o-mini')!), 0.001393);
});

test('Gemini usage priced by the catalog; vendor prefixes are ignored', () => {
  const usage = fromVendor('gemini', { usageMetadata: { promptTokenCount: 2_000_000, candidatesTokenCount: 100_000, cachedContentTokenCount: 1_000_000 } });
  // gemini-2.5-pro: 1M×1.25 + 1M×0.125 + 0.1M×10 = 1.25 + 0.125 + 1.0 = $2.375
  assert.equal(usageCostUsd(usage, priceOf('models/gemini-2.5-pro')!), 2.375);
  for (const m of ['claude-opus-4-5', 'claude-haiku-4-5', 'claude-3-5-haiku-latest', 'gpt-4.1', 'gpt-5', 'o3', 'o4-mini', 'gemini-3-pro-preview', 'gemini-2.5-flash', 'deepseek-chat', 'glm-4.6']) {
    assert.ok(priceOf(m), `${m} has a built-in price`);
  }
  assert.equal(priceOf('claude-opus-4-5')!.input, 5, 'Opus 4.5 is not priced as Opus 4');
  assert.equal(priceOf('claude-opus-4-1')!.input, 15);
  assert.equal(priceOf('some-local-model'), undefined);
  assert.ok(Object.keys(PRICE_CATALOG).length >= 30);
});

test('config prices override the catalog, wildcards too; the most specific pattern wins', () => {
  const prices = { 'claude-*': { input: 1, output: 2 }, 'claude-sonnet-*': { input: 10, output: 20, cacheRead: 1, cacheWrite: 100 }, 'my-model': { input: 0.5, output: 0.5 } };
  const usage: RecordUsage = { inputTokens: 1000, outputTokens: 1000, cachedTokens: 100, cacheWriteTokens: 10, reasoningTokens: 0, estimated: false };
  const ctx = { prices, accounts: [] };
  // sonnet: 890×10 + 100×1 + 10×100 + 1000×20 = 8900 + 100 + 1000 + 20000 = 30000 µ$
  assert.deepEqual(recordCost({ usage, upstreamModel: 'claude-sonnet-4-5' }, ctx), { usd: 0.03 });
  // haiku: only `claude-*` matches; cache prices absent → input price: 1000×1 + 1000×2 = 3000 µ$
  assert.deepEqual(recordCost({ usage, upstreamModel: 'claude-haiku-4-5' }, ctx), { usd: 0.003 });
  assert.deepEqual(recordCost({ usage, clientModel: 'my-model' }, ctx), { usd: 0.001 });
  assert.equal(recordCost({ usage, upstreamModel: 'unknown-x' }, ctx), undefined, 'no price: no cost (unknown, not $0)');
  assert.deepEqual(recordCost({ usage: { ...usage, estimated: true }, upstreamModel: 'claude-sonnet-4-5' }, ctx), { usd: 0.03, estimated: true });
});

test('flat-rate accounts are "included", not $0: vscode-lm and demo by default, others when set', () => {
  const usage: RecordUsage = { inputTokens: 1000, outputTokens: 1000, cachedTokens: 0, reasoningTokens: 0, estimated: false };
  const accounts = [
    { id: 'lm', kind: 'vscode-lm' as const },
    { id: 'sub', kind: 'anthropic' as const, flatRate: true },
    { id: 'paid', kind: 'anthropic' as const },
    { id: 'lm-paid', kind: 'vscode-lm' as const, flatRate: false },
  ];
  assert.deepEqual(recordCost({ usage, upstreamModel: 'gpt-4o', accountId: 'lm' }, { accounts }), { usd: 0, included: true });
  assert.deepEqual(recordCost({ usage, upstreamModel: 'claude-sonnet-4-5', accountId: 'sub' }, { accounts }), { usd: 0, included: true });
  assert.deepEqual(recordCost({ usage, upstreamModel: 'claude-sonnet-4-5', accountId: 'paid' }, { accounts }), { usd: 0.018 });
  assert.deepEqual(recordCost({ usage, upstreamModel: 'gpt-4o', accountId: 'lm-paid' }, { accounts }), { usd: 0.0125 });
  assert.deepEqual(recordCost({ usage, upstreamModel: 'x', accountKind: 'demo' }, { accounts: [] }), { usd: 0, included: true });
});

test('usage totals and CSV carry cost columns; included requests are counted apart', () => {
  const base: RequestRecord = { id: 'r', seq: 1, time: new Date(2026, 0, 5, 12).getTime(), method: 'POST', path: '/v1/messages', status: 200, attempts: [], stream: false, aborted: false, durationMs: 5, notes: [], accountId: 'a', accountLabel: 'A', upstreamModel: 'm' };
  const t = new UsageTotals();
  t.add({ ...base, seq: 1, cost: { usd: 0.1 } });
  t.add({ ...base, seq: 2, cost: { usd: 0.2, estimated: true } });
  t.add({ ...base, seq: 3, cost: { usd: 0, included: true } });
  t.add({ ...base, seq: 4 });
  const [row] = t.query();
  assert.equal(row!.costUsd, 0.3, 'summed to the micro-dollar, no float drift');
  assert.equal(row!.estimatedUsd, 0.2);
  assert.equal(row!.includedRequests, 1);
  assert.equal(t.dayUsd('2026-01-05'), 0.3);
  assert.equal(t.dayUsd('2026-01-06'), 0);
  assert.deepEqual(usageEntryOf({ ...base, cost: { usd: 0, included: true } }, 'm').f, 1);
  const csv = usageToCsv(t.query()).split('\r\n');
  assert.match(csv[0]!, /,cost_usd,included_requests,estimated_usd$/);
  assert.match(csv[1]!, /,0\.300000,1,0\.200000$/);
  const rec = toCsv([{ ...base, cost: { usd: 0.038037 } }, { ...base, cost: { usd: 0, included: true } }]).split('\r\n');
  const cols = rec[0]!.split(',');
  const i = cols.indexOf('cost_usd');
  assert.ok(i > 0);
  assert.deepEqual(rec[1]!.split(',').slice(i, i + 3), ['0.038037', 'false', 'false']);
  assert.deepEqual(rec[2]!.split(',').slice(i, i + 3), ['', 'true', 'false']);
});

test('config validation: prices, budgets, flatRate', () => {
  const ok = validateConfig({ prices: { 'gpt-*': { input: 1, output: 2 } }, budgets: { dailyUsd: 5, mode: 'block' }, accounts: [{ kind: 'anthropic', flatRate: true }] });
  assert.deepEqual(ok, []);
  const bad = validateConfig({ prices: { x: { input: -1 } }, budgets: { dailyUsd: 0, mode: 'stop' }, accounts: [{ kind: 'anthropic', flatRate: 'yes' }] }).map((p) => p.field).sort();
  assert.deepEqual(bad, ['accounts[0].flatRate', 'budgets.dailyUsd', 'budgets.mode', 'prices.x.input', 'prices.x.output']);
});

test('the usage chart can show cost per day; cells say "included" for flat-rate only usage', async () => {
  const { usageChart, usageCells, sumUsage } = await import('../../../src/monitor/usage-view');
  const { chartGeometry } = await import('../../../src/shared/usage-chart');
  const now = new Date(2026, 0, 5, 12).getTime();
  const row = (day: string, costUsd: number | undefined, includedRequests?: number) => ({ day, accountId: 'a', accountLabel: 'A', model: 'm', requests: 1, errors: 0, inputTokens: 100, outputTokens: 100, cachedTokens: 0, reasoningTokens: 0, costUsd, includedRequests });
  const rows = [row('2026-01-04', 0.5), row('2026-01-05', 1.25), row('2026-01-05', undefined, 3)];
  const chart = usageChart(rows, 2, now);
  assert.deepEqual(chart.cost, [0.5, 1.25]);
  assert.equal(chart.maxCost, 1.25);
  const g = chartGeometry(chart, (day, usd, _o, n) => `${day}: ${usd} · ${n}`, undefined, 'cost');
  assert.equal(g.bars[1]!.title, '2026-01-05: $1.25 · 2');
  assert.ok(g.bars[1]!.input.height > g.bars[0]!.input.height * 2.4 && g.bars[1]!.input.height < g.bars[0]!.input.height * 2.6, 'bars scale with dollars');
  assert.equal(g.bars[0]!.output.height, 0);
  assert.ok(g.labels.some((l) => l.text === '$1.25'));
  assert.equal(usageCells(sumUsage(rows)).cost, '$1.75');
  assert.equal(usageCells(sumUsage([row('2026-01-05', undefined, 3)])).cost, 'included');
  assert.equal(usageCells(sumUsage([row('2026-01-05', 0.0123)])).cost, '$0.0123');
});
