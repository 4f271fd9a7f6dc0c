import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildUsageView, exportFileName, localDetail, localRow, queryToFilter } from '../../../../src/host/monitor/monitor-view';
import type { RequestRecord } from '../../../../src/monitor/types';
import { EMPTY_QUERY } from '../../../../src/shared/monitor-protocol';

const de = (s: string, ...a: Array<string | number>) => `DE(${s.replace(/\{(\d+)\}/g, (_, i: string) => String(a[Number(i)]))})`;
const rec: RequestRecord = {
  id: 'r1', seq: 1, time: Date.UTC(2025, 0, 2, 10), clientDialect: 'gemini', method: 'POST', path: '/v1beta/models/x:generateContent',
  clientModel: 'gemini-2.5-pro', status: 200, attempts: [], stream: false, aborted: true, durationMs: 10, notes: [],
  usage: { inputTokens: 10, outputTokens: 2, cachedTokens: 0, reasoningTokens: 0, estimated: true },
};

test('the filter bar maps to a RecordFilter; unknown dialects and blank text are ignored', () => {
  assert.deepEqual(queryToFilter(EMPTY_QUERY), {});
  assert.deepEqual(queryToFilter({ errorsOnly: true, dialect: 'anthropic', accountId: 'a', model: 'm', text: ' x ' }),
    { errorsOnly: true, dialect: 'anthropic', accountId: 'a', model: 'm', text: ' x ' });
  assert.deepEqual(queryToFilter({ ...EMPTY_QUERY, dialect: 'klingon', text: '   ' }), {});
});

test('rows and details are localised', () => {
  assert.equal(localRow(rec, de).status, '200 (DE(aborted))');
  const d = localDetail(rec, de);
  assert.ok(d.fields.some((f) => f.label === 'DE(Client disconnected)' && f.value === 'DE(yes)'));
  const tokens = d.fields.find((f) => f.label === 'DE(Tokens)')!;
  assert.equal(tokens.value, 'DE(in 10 (cached 0) · out 2 (reasoning 0)) · DE(estimated)');
});

test('usage view: groups, totals and a chart of the period', () => {
  const now = new Date(2025, 0, 3, 12).getTime();
  const rows = [
    { day: '2025-01-03', accountId: '', accountLabel: '', model: 'm1', requests: 2, errors: 1, inputTokens: 10, outputTokens: 5, cachedTokens: 0, reasoningTokens: 0 },
    { day: '2025-01-01', accountId: 'a', accountLabel: 'A', model: 'm2', requests: 1, errors: 0, inputTokens: 1000, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0 },
  ];
  const v = buildUsageView(rows, 7, 'account', now, de);
  assert.deepEqual(v.groups.map((g) => g.label), ['A', 'DE((no account))']);
  assert.equal(v.totals.requests, '3');
  assert.equal(v.totals.input, '1.01k');
  assert.equal(v.chart.days.length, 7);
  assert.equal(v.chart.days.at(-1), '2025-01-03');
  assert.equal(exportFileName('usage', now), 'antigravity-usage-2025-01-03.csv');
});
