import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayKey, UsageTotals, USAGE_RETENTION_DAYS } from '../../../src/monitor/usage-totals';
import { sumUsage } from '../../../src/monitor/usage-view';
import { FakeClock, openMonitor, tempDir } from './helpers';

const DAY = 86_400_000;

test('usage totals equal the sum of the records, per day × account × model', (t) => {
  const clock = new FakeClock();
  const m = openMonitor(t, { now: clock.now, maxEntries: 10_000 });
  const accounts = [
    { accountId: 'a', accountLabel: 'A', accountKind: 'gemini' as const },
    { accountId: 'b', accountLabel: 'B', accountKind: 'openai' as const },
  ];
  let seed = 7;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  for (let i = 0; i < 500; i++) {
    clock.advance(rand(4) * 3_600_000);
    const b = m.begin({ method: 'POST', path: '/v1/chat/completions', clientModel: `c${rand(2)}` });
    const acct = accounts[rand(2)]!;
    if (rand(5) > 0) b.set({ ...acct, upstreamModel: `u${rand(3)}` });
    if (rand(3) > 0) b.addUsage({ inputTokens: rand(5000), outputTokens: rand(900), cachedTokens: rand(100), reasoningTokens: rand(50) }, rand(4) === 0);
    b.finish({ status: [200, 200, 200, 429, 500][rand(5)]! });
  }
  const records = m.list();
  assert.equal(records.length, 500);
  const rows = m.usage();
  const expected = new Map<string, number[]>();
  for (const r of records) {
    const key = `${dayKey(r.time)}|${r.accountId ?? ''}|${r.upstreamModel || r.clientModel}`;
    const e = expected.get(key) ?? [0, 0, 0, 0, 0, 0];
    e[0]!++;
    if (r.status >= 400) e[1]!++;
    e[2]! += r.usage?.inputTokens ?? 0;
    e[3]! += r.usage?.outputTokens ?? 0;
    e[4]! += r.usage?.cachedTokens ?? 0;
    e[5]! += r.usage?.reasoningTokens ?? 0;
    expected.set(key, e);
  }
  assert.equal(rows.length, expected.size);
  for (const row of rows) {
    const e = expected.get(`${row.day}|${row.accountId}|${row.model}`);
    assert.deepEqual([row.requests, row.errors, row.inputTokens, row.outputTokens, row.cachedTokens, row.reasoningTokens], e, `${row.day} ${row.accountId} ${row.model}`);
  }
  const total = sumUsage(rows);
  assert.equal(total.requests, 500);
  assert.equal(total.inputTokens, records.reduce((s, r) => s + (r.usage?.inputTokens ?? 0), 0));
  // Sorted newest day first.
  assert.ok(rows.every((r, i) => i === 0 || rows[i - 1]!.day >= r.day));
  // Query filters.
  assert.ok(m.usage({ accountId: 'a' }).every((r) => r.accountId === 'a'));
  assert.ok(m.usage({ days: 1 }).every((r) => r.day === dayKey(clock.now())));
  assert.ok(m.usage({ days: 1 }).length > 0);
});

test(`usage is bounded to ${USAGE_RETENTION_DAYS} days, also on disk`, async (t) => {
  const dir = await tempDir(t);
  const clock = new FakeClock(Date.UTC(2024, 0, 1, 12));
  const m = openMonitor(t, { dataDir: dir, now: clock.now });
  await m.ready();
  for (let d = 0; d < 500; d++) {
    m.begin({ method: 'POST', path: '/x', clientModel: 'm' }).finish();
    clock.advance(DAY);
  }
  await m.flush();
  const days = new Set(m.usage().map((r) => r.day));
  assert.ok(days.size <= USAGE_RETENTION_DAYS && days.size >= USAGE_RETENTION_DAYS - 1, `kept ${days.size} days`);
  assert.ok([...days].every((d) => d >= dayKey(clock.now() - USAGE_RETENTION_DAYS * DAY)));
  await m.close();
  const m2 = openMonitor(t, { dataDir: dir, now: clock.now });
  await m2.ready();
  assert.equal(new Set(m2.usage().map((r) => r.day)).size, days.size);
});

test('UsageTotals.prune keeps exactly the window', () => {
  const now = Date.UTC(2025, 2, 30, 12);
  const u = new UsageTotals();
  for (let d = 0; d < 10; d++) u.add({ id: String(d), seq: d + 1, time: now - d * DAY, method: 'GET', path: '/', status: 200, attempts: [], stream: false, aborted: false, durationMs: 1, notes: [] });
  assert.equal(u.size, 10);
  u.prune(now, 3);
  assert.deepEqual(u.query({}, now).map((r) => r.day), [0, 1, 2].map((d) => dayKey(now - d * DAY)));
  assert.equal(u.throughSeq, 10);
});
