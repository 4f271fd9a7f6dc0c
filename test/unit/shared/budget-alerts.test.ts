import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BudgetAlerts, budgetLevel } from '../../../src/shared/budget-alerts';
import { renderStatusBar } from '../../../src/ui/status-bar-view';

test('thresholds: below 80 % ok, from 80 % near, from 100 % over; no limit never warns', () => {
  assert.equal(budgetLevel(7.99, 10), 'ok');
  assert.equal(budgetLevel(8, 10), 'near');
  assert.equal(budgetLevel(9.99, 10), 'near');
  assert.equal(budgetLevel(10, 10), 'over');
  assert.equal(budgetLevel(50, undefined), 'ok');
});

test('daily budget: one notification at 80 %, one at 100 %, none repeated; a new day starts over', () => {
  const a = new BudgetAlerts();
  const limits = { dailyUsd: 10 };
  const at = (day: string, usd: number) => a.check(limits, { day, todayUsd: usd });
  assert.deepEqual(at('2026-01-05', 5).alerts, []);
  const near = at('2026-01-05', 8.5);
  assert.deepEqual(near.alerts.map((x) => [x.budget, x.level]), [['daily', 'near']]);
  assert.match(near.alerts[0]!.message, /80 % of the daily budget used: \$8\.50 of \$10\.00/);
  assert.equal(near.status.level, 'near');
  assert.deepEqual(at('2026-01-05', 9).alerts, [], '80 % is shown once');
  const over = at('2026-01-05', 10.2);
  assert.deepEqual(over.alerts.map((x) => x.level), ['over']);
  assert.match(over.alerts[0]!.message, /Daily budget of \$10\.00 reached: \$10\.20 spent today/);
  assert.equal(over.status.level, 'over');
  assert.deepEqual(at('2026-01-05', 12).alerts, [], '100 % is shown once');
  assert.equal(at('2026-01-06', 0.5).status.level, 'ok', 'a new day: back to normal');
  assert.deepEqual(at('2026-01-06', 10).alerts.map((x) => x.level), ['over'], 'jumping past 100 % shows one alert, not two');
  assert.deepEqual(at('2026-01-06', 11).alerts, []);
});

test('session budget: alerts once per session and threshold', () => {
  const a = new BudgetAlerts();
  const limits = { sessionUsd: 1 };
  const r1 = a.check(limits, { day: 'd', todayUsd: 0, sessions: [{ id: 's1', usd: 0.85 }, { id: 's2', usd: 0.1 }] });
  assert.deepEqual(r1.alerts.map((x) => [x.sessionId, x.level]), [['s1', 'near']]);
  const r2 = a.check(limits, { day: 'd', todayUsd: 0, sessions: [{ id: 's1', usd: 0.9 }, { id: 's2', usd: 0.81 }] });
  assert.deepEqual(r2.alerts.map((x) => [x.sessionId, x.level]), [['s2', 'near']]);
  const r3 = a.check(limits, { day: 'd', todayUsd: 0, sessions: [{ id: 's1', usd: 1 }] });
  assert.deepEqual(r3.alerts.map((x) => [x.sessionId, x.level]), [['s1', 'over']]);
  assert.equal(r3.status.level, 'over');
  assert.deepEqual(a.check(limits, { day: 'd', todayUsd: 0, sessions: [{ id: 's1', usd: 1.5 }] }).alerts, []);
});

test('the status bar turns to a warning with the budget line when a budget is near or over', () => {
  const running = { kind: 'running', host: '127.0.0.1', port: 8045, accounts: 1, activeRequests: 0 } as const;
  const plain = renderStatusBar(running, { exposedWithoutAuth: false });
  assert.equal(plain.background, undefined);
  const near = renderStatusBar(running, { exposedWithoutAuth: false, budget: { level: 'near', text: 'Today: $8.50 of $10.00' } });
  assert.equal(near.background, 'warning');
  assert.match(near.text, /^\$\(warning\) /);
  assert.match(near.tooltip, /Today: \\\$8\\\.50 of \\\$10\\\.00/);
  const ok = renderStatusBar(running, { exposedWithoutAuth: false, budget: { level: 'ok', text: 'Today: $1.00 of $10.00' } });
  assert.equal(ok.background, undefined);
  assert.match(ok.tooltip, /Today/);
});
