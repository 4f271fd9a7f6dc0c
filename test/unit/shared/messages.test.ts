import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWebviewMessage } from '../../../src/shared/messages';
import { clientHost } from '../../../src/shared/status';

test('well-formed webview messages pass', () => {
  for (const m of [
    { type: 'ready' }, { type: 'start' }, { type: 'setPort', port: 8046 }, { type: 'setLan', value: true },
    { type: 'setAuthMode', mode: 'strict' }, { type: 'copySnippet', id: 'curl' },
    { type: 'setAccountEnabled', id: 'a1', enabled: false },
    { type: 'monitor', payload: { anything: 1 } },
  ]) assert.ok(isWebviewMessage(m), JSON.stringify(m));
});

test('malformed or unknown messages are rejected', () => {
  for (const m of [
    null, 'ready', 42, {}, { type: 'eval' }, { type: 'setPort', port: '8046' }, { type: 'setPort', port: 80.5 },
    { type: 'setLan', value: 'yes' }, { type: 'removeAccount' }, { type: 'tabChanged', tab: 'monitor' },
    { type: 'setAccountEnabled', id: 'a', enabled: 1 },
  ]) assert.equal(isWebviewMessage(m), false, JSON.stringify(m));
});

test('clients connect to loopback when the proxy binds all interfaces', () => {
  assert.equal(clientHost('0.0.0.0'), '127.0.0.1');
  assert.equal(clientHost('127.0.0.1'), '127.0.0.1');
});
