import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProxyUiStatus } from '../../../src/shared/status';
import { englishOnly } from '../../../src/shared/translate';
import { OPEN_PANEL_COMMAND, TOOLTIP_COMMANDS, renderStatusBar } from '../../../src/ui/status-bar-view';

const all: ProxyUiStatus[] = [
  { kind: 'stopped' },
  { kind: 'starting' },
  { kind: 'running', host: '127.0.0.1', port: 8045, accounts: 2, activeRequests: 0 },
  { kind: 'error', message: 'No available account, please add an account first' },
  { kind: 'servedByOtherWindow', port: 8045 },
  { kind: 'needsAccount' },
];

test('one distinct rendering per state; click always opens the panel', () => {
  const texts = all.map((s) => renderStatusBar(s, { exposedWithoutAuth: false }));
  assert.deepEqual(texts.map((v) => v.text), [
    '$(circle-slash) Proxy: off',
    '$(loading~spin) Proxy: starting…',
    '$(server-process) 8045',
    '$(error) Proxy: error',
    '$(window) 8045',
    '$(account) Proxy: needs an account',
  ]);
  for (const v of texts) assert.equal(v.command, OPEN_PANEL_COMMAND);
  assert.deepEqual(texts.map((v) => v.background), [undefined, undefined, undefined, 'error', undefined, undefined]);
});

test('needs an account: not an error; the tooltip keeps the contract text and links Add Account', () => {
  const v = renderStatusBar({ kind: 'needsAccount' }, { exposedWithoutAuth: false });
  assert.equal(v.background, undefined);
  assert.doesNotMatch(v.text, /error/i);
  assert.match(v.tooltip, /No available account, please add an account first/);
  assert.match(v.tooltip, /\[Add Account\]\(command:antigravity\.addAccount\)/);
  assert.equal(v.accessibilityLabel, 'Antigravity Proxy needs an account');
  // Translated like every other state.
  const de = renderStatusBar({ kind: 'needsAccount' }, { exposedWithoutAuth: false, t: (m) => (m === 'Proxy: needs an account' ? 'Proxy: braucht ein Konto' : m) });
  assert.equal(de.text, '$(account) Proxy: braucht ein Konto');
  // LAN without auth still paints the warning over it, as over "off".
  assert.equal(renderStatusBar({ kind: 'needsAccount' }, { exposedWithoutAuth: true }).background, 'warning');
});

test('running shows the address, accounts and active requests', () => {
  const v = renderStatusBar({ kind: 'running', host: '0.0.0.0', port: 9000, accounts: 3, activeRequests: 2 }, { exposedWithoutAuth: false });
  assert.equal(v.text, '$(server-process) 9000 · 2 active');
  assert.match(v.tooltip, /Listening on `0\.0\.0\.0:9000`/);
  assert.match(v.tooltip, /Accounts: 3 · Active requests: 2/);
  assert.match(v.accessibilityLabel, /running on 0\.0\.0\.0:9000, 2 active requests/);
});

test('tooltip links use only trusted commands', () => {
  for (const s of all) {
    const v = renderStatusBar(s, { exposedWithoutAuth: true });
    for (const [, cmd] of v.tooltip.matchAll(/\(command:([\w.]+)/g)) {
      assert.ok((TOOLTIP_COMMANDS as readonly string[]).includes(cmd!), `${cmd} not trusted`);
    }
  }
  assert.match(renderStatusBar({ kind: 'stopped' }, { exposedWithoutAuth: false }).tooltip, /\[Start\]\(command:antigravity\.startProxy\)/);
});

test('LAN without auth paints a warning, except over an error', () => {
  const running = renderStatusBar(all[2]!, { exposedWithoutAuth: true });
  assert.equal(running.background, 'warning');
  assert.equal(running.text, '$(warning) 8045');
  assert.match(running.tooltip, /anyone on your network/);
  assert.equal(renderStatusBar(all[0]!, { exposedWithoutAuth: true }).background, 'warning');
  assert.equal(renderStatusBar(all[3]!, { exposedWithoutAuth: true }).background, 'error');
});

test('error text is escaped so it cannot inject links', () => {
  const v = renderStatusBar({ kind: 'error', message: '[click](command:evil.cmd) $(bug)' }, { exposedWithoutAuth: false });
  assert.ok(!v.tooltip.includes('[click](command:evil.cmd)'));
  assert.ok(v.tooltip.includes('\\[click\\]'));
});

test('translation function is applied with arguments', () => {
  const t = (m: string, ...a: Array<string | number>) => englishOnly(m === 'Proxy: off' ? 'Proxy: aus' : m, ...a);
  assert.equal(renderStatusBar({ kind: 'stopped' }, { exposedWithoutAuth: false, t }).text, '$(circle-slash) Proxy: aus');
  assert.equal(englishOnly('{0} and {1}', 'a', 2), 'a and 2');
});
