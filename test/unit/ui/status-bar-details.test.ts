import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderStatusBar, RUNNING_ICON, TOOLTIP_COMMANDS, type StatusDetails } from '../../../src/ui/status-bar-view';

const running = { kind: 'running', host: '127.0.0.1', port: 8045, accounts: 2, activeRequests: 0 } as const;
const details = (over: Partial<StatusDetails> = {}): StatusDetails => ({
  accounts: { total: 3, ready: 1, cooling: 1, disabled: 1 }, allCooling: [], requestsToday: 42, ...over,
});

test('running: the port alone while idle, "· N active" while busy; not the ports icon', () => {
  assert.notEqual(RUNNING_ICON, '$(radio-tower)');
  assert.equal(renderStatusBar(running, { exposedWithoutAuth: false }).text, `${RUNNING_ICON} 8045`);
  assert.equal(renderStatusBar({ ...running, activeRequests: 2 }, { exposedWithoutAuth: false }).text, `${RUNNING_ICON} 8045 · 2 active`);
});

test('the running tooltip lists the accounts by state, requests today, and links Open Monitor', () => {
  const v = renderStatusBar(running, { exposedWithoutAuth: false, details: details() });
  assert.match(v.tooltip, /\$\(account\) 1 ready · 1 cooling · 1 disabled/);
  assert.match(v.tooltip, /Requests today: 42/);
  assert.match(v.tooltip, /\[Open Monitor\]\(command:antigravity\.openMonitor\)/);
  assert.match(v.tooltip, /\[Stop\]\(command:antigravity\.stopProxy\)/);
  for (const [, cmd] of v.tooltip.matchAll(/\(command:([\w.]+)/g)) assert.ok((TOOLTIP_COMMANDS as readonly string[]).includes(cmd!), cmd);
  assert.equal(v.background, undefined);
});

test('a model cooling on every account turns the item to the warning colour and names the model (escaped)', () => {
  const v = renderStatusBar(running, { exposedWithoutAuth: false, details: details({ allCooling: ['gpt-4o', '[x](command:evil)'] }) });
  assert.equal(v.background, 'warning');
  assert.match(v.tooltip, /All accounts are cooling for: gpt\\-4o, \\\[x\\\]\\\(command:evil\\\)/);
  assert.ok(!v.tooltip.includes('(command:evil)'));
  // Not while stopped: nothing is cooling then.
  assert.equal(renderStatusBar({ kind: 'stopped' }, { exposedWithoutAuth: false, details: details({ allCooling: ['gpt-4o'] }) }).background, undefined);
});

test('a near budget warns too; an error keeps its colour over the cooling warning', () => {
  const near = renderStatusBar(running, { exposedWithoutAuth: false, budget: { level: 'near', text: 'Today $8.00 of $10.00' } });
  assert.equal(near.background, 'warning');
  assert.equal(renderStatusBar({ kind: 'error', message: 'x' }, { exposedWithoutAuth: false, details: details({ allCooling: ['m'] }) }).background, 'error');
});

test('stopped: still "Proxy: off", with the stored accounts and Start / Open Panel / Open Monitor', () => {
  const v = renderStatusBar({ kind: 'stopped' }, { exposedWithoutAuth: false, details: details({ accounts: { total: 2, ready: 2, cooling: 0, disabled: 0 } }) });
  assert.equal(v.text, '$(circle-slash) Proxy: off');
  assert.match(v.tooltip, /Stored accounts: 2 · enabled: 2/);
  assert.match(v.tooltip, /\[Start\]\(command:antigravity\.startProxy\)/);
  assert.match(v.tooltip, /\[Open Monitor\]\(command:antigravity\.openMonitor\)/);
});
