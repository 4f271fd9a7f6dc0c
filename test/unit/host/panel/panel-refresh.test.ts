import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PanelRefresher, panelUpdateFor } from '../../../../src/host/panel/panel-refresh';
import type { ProxyUiStatus } from '../../../../src/shared/status';

const running = (activeRequests: number, port = 8045): ProxyUiStatus => ({ kind: 'running', host: '127.0.0.1', port, accounts: 1, activeRequests });

test('only counters moved → a status-only update; a new state kind or address → the full state', () => {
  assert.equal(panelUpdateFor(running(0), running(3)), 'status');
  assert.equal(panelUpdateFor(running(0), running(0, 8046)), 'full');
  assert.equal(panelUpdateFor(running(1), { kind: 'stopped' }), 'full');
  assert.equal(panelUpdateFor(undefined, { kind: 'stopped' }), 'full');
  assert.equal(panelUpdateFor({ kind: 'error', message: 'a' }, { kind: 'error', message: 'b' }), 'full');
  assert.equal(panelUpdateFor({ kind: 'stopped' }, { kind: 'stopped' }), 'status');
});

test('bursts coalesce into one send; a pending full update covers status updates', async () => {
  const sent: string[] = [];
  let fire: (() => void) | undefined;
  const r = new PanelRefresher(async (u) => { sent.push(u); }, { setTimeout: (fn) => { fire = fn; return 1; }, clearTimeout: () => { fire = undefined; } });
  r.request('status');
  r.request('status');
  fire?.();
  assert.deepEqual(sent, ['status']);
  r.request('status');
  r.request('full');
  r.request('status');
  fire?.();
  assert.deepEqual(sent, ['status', 'full']);
  r.request('full');
  r.dispose();
  assert.equal(fire, undefined);
  assert.deepEqual(sent, ['status', 'full']);
});
