import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toCsv } from '../../../src/monitor/csv';
import type { RequestRecord, UsageRow } from '../../../src/monitor/types';
import { dayKey } from '../../../src/monitor/usage-totals';
import { detailOf, filterOptions, groupUsage, mergeLive, stripBodies, toRow, usageChart } from '../../../src/monitor/view-model';

const DAY = 86_400_000;
const base: RequestRecord = {
  id: 'id1', seq: 1, time: Date.UTC(2025, 0, 2, 10, 0, 0), clientDialect: 'anthropic', method: 'POST', path: '/v1/messages',
  clientModel: 'claude-opus', upstreamModel: 'gemini-3-pro', accountId: 'g', accountLabel: 'Gemini', accountKind: 'gemini',
  status: 200, attempts: [{ accountId: 'x', accountLabel: 'Other', accountKind: 'openai', upstreamModel: 'gpt', status: 503, reason: 'overloaded' }],
  stream: true, aborted: false, ttfbMs: 850, durationMs: 65_000,
  usage: { inputTokens: 1500, outputTokens: 20, cachedTokens: 0, reasoningTokens: 0, estimated: true },
  notes: ['dropped web_search tool'], bodies: { request: '{"a":1}', response: 'data: x' },
};

test('toRow formats one table line', () => {
  const row = toRow(base);
  assert.equal(row.model, 'claude-opus → gemini-3-pro');
  assert.equal(row.dialect, 'Anthropic');
  assert.equal(row.tokensIn, '1.5k');
  assert.equal(row.ttfb, '850 ms');
  assert.equal(row.duration, '1m 05s');
  assert.equal(row.tone, 'ok');
  assert.equal(row.estimated, true);
  assert.equal(row.hasBodies, true);
  assert.equal(toRow({ ...base, status: 429, errorType: 'rate_limit' }).tone, 'warn');
  assert.equal(toRow({ ...base, status: 200, errorType: 'api_error' }).status, '200 api_error');
  assert.equal(toRow({ ...base, aborted: true }).tone, 'aborted');
  assert.equal(toRow({ ...base, upstreamModel: 'claude-opus' }).model, 'claude-opus');
});

test('detail, stripBodies, filter options, live merge', () => {
  const d = detailOf(base);
  assert.equal(d.requestBody, '{\n  "a": 1\n}');
  assert.equal(d.responseBody, 'data: x');
  assert.deepEqual(d.attempts[0], { account: 'Other', kind: 'openai', model: 'gpt', status: '503', reason: 'overloaded' });
  assert.ok(d.fields.some((f) => f.label === 'Tokens' && f.value.includes('estimated')));
  assert.equal(stripBodies(base).bodies, undefined);
  assert.ok(base.bodies, 'original untouched');
  const opts = filterOptions([base, { ...base, clientDialect: 'gemini', clientModel: 'g' }]);
  assert.deepEqual(opts.dialects, ['anthropic', 'gemini']);
  assert.deepEqual(opts.accounts.map((a) => a.id), ['g', 'x']);
  assert.deepEqual(opts.models, ['claude-opus', 'g', 'gemini-3-pro']);
  assert.deepEqual(mergeLive([{ seq: 2 }, { seq: 1 }], [{ seq: 3 }, { seq: 4 }], 3).map((r) => r.seq), [4, 3, 2]);
});

test('usage grouping and chart series', () => {
  const now = Date.UTC(2025, 0, 10, 12);
  const row = (d: number, accountId: string, model: string, input: number): UsageRow => ({
    day: dayKey(now - d * DAY), accountId, accountLabel: accountId.toUpperCase(), model, requests: 1, errors: 0, inputTokens: input, outputTokens: 1, cachedTokens: 0, reasoningTokens: 0,
  });
  const rows = [row(0, 'a', 'm1', 10), row(0, 'b', 'm1', 20), row(2, 'a', 'm2', 300), row(30, 'a', 'm2', 5)];
  assert.deepEqual(groupUsage(rows, 'account').map((g) => [g.label, g.inputTokens, g.requests]), [['A', 315, 3], ['B', 20, 1]]);
  assert.deepEqual(groupUsage(rows, 'model').map((g) => g.key), ['m2', 'm1']);
  assert.deepEqual(groupUsage(rows, 'day').map((g) => g.inputTokens), [30, 300, 5]);
  const chart = usageChart(rows, 7, now);
  assert.equal(chart.days.length, 7);
  assert.equal(chart.days[6], dayKey(now));
  assert.equal(chart.days[0], dayKey(now - 6 * DAY));
  assert.deepEqual(chart.input, [0, 0, 0, 0, 300, 0, 30]);
  assert.equal(chart.max, 301);
});

test('CSV: quoting, formula neutralisation, one line per record', () => {
  const csv = toCsv([base, { ...base, id: 'id2', errorMessage: '=HYPERLINK("x")', notes: ['a, "b"'] }]);
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines.length, 3);
  assert.ok(lines[0]!.startsWith('time,id,status,'));
  assert.ok(lines[1]!.includes('Other:503 (overloaded)'));
  assert.ok(lines[2]!.includes(`"'=HYPERLINK(""x"")"`));
  assert.ok(lines[2]!.includes('"a, ""b"""'));
});
