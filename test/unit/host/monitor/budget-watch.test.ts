import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMonitor } from '../../../../src/monitor/monitor';
import { recordCost } from '../../../../src/monitor/prices';
import { BudgetWatch } from '../../../../src/host/monitor/budget-watch';
import type { BudgetAlert } from '../../../../src/shared/budget-alerts';
import type { Monitor, RequestRecord } from '../../../../src/monitor/types';

// $1000 per million in and out: 500 + 500 tokens cost $1.00.
const accounts = [{ id: 'paid', kind: 'anthropic' as const }, { id: 'lm', kind: 'vscode-lm' as const }];
const costOf = (r: RequestRecord) => recordCost(r, { prices: { m: { input: 1000, output: 1000 } }, accounts });

function answer(m: Monitor, accountId: string, sessionId?: string): RequestRecord {
  const b = m.begin({ method: 'POST', path: '/v1/messages' });
  b.addUsage({ inputTokens: 500, outputTokens: 500 });
  return b.finish({ status: 200, upstreamModel: 'm', accountId, sessionId })!;
}

test('warn budgets: notifications at 80 % and 100 % once each, status bar state follows; flat-rate spend does not count', async () => {
  const m = createMonitor({ enabled: true, captureBodies: 'none', maxEntries: 100, secrets: () => [], now: Date.now, costOf });
  const shown: BudgetAlert[] = [];
  let changes = 0;
  const watch = new BudgetWatch({ budgets: () => ({ dailyUsd: 5, sessionUsd: 2, mode: 'warn' }), notify: (a) => shown.push(a), changed: () => changes++, now: Date.now });
  const run = (accountId: string, session?: string) => watch.evaluate(m, [answer(m, accountId, session)]);

  for (let i = 0; i < 3; i++) run('paid'); // $3
  assert.equal(shown.length, 0);
  assert.equal(watch.status?.level, 'ok');
  run('lm'); // included: still $3
  assert.equal(m.spend().todayUsd, 3);
  run('paid', 's1'); // $4 = 80 % of 5; s1 $1 = 50 % of 2
  assert.deepEqual(shown.map((a) => [a.budget, a.level]), [['daily', 'near']]);
  assert.equal(watch.status?.level, 'near');
  run('paid', 's1'); // $5 = 100 %; s1 $2 = 100 % (80 % skipped: one alert)
  assert.deepEqual(shown.map((a) => [a.budget, a.level, a.sessionId]), [['daily', 'near', undefined], ['daily', 'over', undefined], ['session', 'over', 's1']]);
  assert.equal(watch.status?.level, 'over');
  assert.match(watch.status!.text, /Today: \$5\.00 of \$5\.00/);
  run('paid', 's1');
  assert.equal(shown.length, 3, 'each threshold is notified once');
  assert.ok(changes >= 3);
  await m.close();
});
