import assert from 'node:assert/strict';
import { createServer as createNetServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { defaultConfig, type ProxyConfig } from '../../../../src/core/config';
import { createProxyServer } from '../../../../src/proxy/server';
import type { ProxyServer, ProxyStatus } from '../../../../src/proxy/server-types';
import { bindError, noAccountError } from '../../../../src/core/start-error';
import { ProxyService, type CreateServer, type ProxyServiceDeps } from '../../../../src/host/proxy/proxy-service';
import { SettingsError } from '../../../../src/host/settings/settings-to-config';
import { freePort } from '../../../support/free-port';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };


function configWith(port: number, account = true): ProxyConfig {
  const c = defaultConfig();
  c.proxy.port = port;
  c.proxy.apiKey = 'sk-testkey123';
  if (account) c.accounts = [{ id: 'a1', kind: 'openai', label: 'Local', baseUrl: 'http://127.0.0.1:9/v1', enabled: true }];
  return c;
}

/** A fake core that records calls; `startError` makes start() throw. */
function fakeCore(startError?: Error) {
  const calls: string[] = [];
  let listener: ((s: ProxyStatus) => void) | undefined;
  const status: ProxyStatus = { state: 'stopped', host: '127.0.0.1', port: 0, accounts: 1, activeRequests: 0, accountStates: [] };
  const create: CreateServer = (config) => {
    calls.push(`create:${config.proxy.port}`);
    const server: ProxyServer = {
      async start() { calls.push('start'); if (startError) throw startError; status.state = 'running'; status.port = config.proxy.port; },
      async stop() { calls.push('stop'); status.state = 'stopped'; },
      status: () => ({ ...status }),
      update(c) { calls.push(`update:${c.scheduling}`); },
      onStatus(l) { listener = l; return () => { listener = undefined; }; },
      monitor: () => undefined,
      async dispose() { calls.push('stop'); status.state = 'stopped'; },
    };
    return server;
  };
  return { calls, create, emit: (s: Partial<ProxyStatus>) => listener?.({ ...status, ...s }) };
}

function service(config: () => ProxyConfig, create: CreateServer, extra: Partial<ProxyServiceDeps> = {}) {
  return new ProxyService({ loadConfig: async () => config(), loadCore: async () => create, fetch, log: quiet, instanceId: 'me', version: 't', proxyKey: async () => 'sk-testkey123', ...extra });
}

test('start → running status; stop → stopped; listeners see starting first', async () => {
  const core = fakeCore();
  const svc = service(() => configWith(8100), core.create);
  const seen: string[] = [];
  svc.onDidChange(() => seen.push(svc.status().kind));
  assert.deepEqual(await svc.start(), { ok: true });
  assert.deepEqual(svc.status(), { kind: 'running', host: '127.0.0.1', port: 8100, accounts: 1, activeRequests: 0 });
  core.emit({ state: 'running', activeRequests: 3 });
  const now = svc.status();
  assert.equal(now.kind === 'running' && now.activeRequests, 3);
  await svc.stop();
  assert.deepEqual(seen, ['starting', 'running', 'running', 'stopped']);
  assert.deepEqual(core.calls, ['create:8100', 'start', 'stop']);
});

test('NO_ACCOUNT keeps the contract text in the outcome; the status is needsAccount, not an error', async () => {
  const svc = service(() => configWith(8101, false), fakeCore(noAccountError()).create);
  const outcome = await svc.start();
  assert.deepEqual(outcome, { ok: false, code: 'NO_ACCOUNT', message: 'No available account, please add an account first', port: 8101 });
  assert.deepEqual(svc.status(), { kind: 'needsAccount' });
});

test('an account change clears a stale start result at once: stopped when usable, else needsAccount', async () => {
  const svc = service(() => configWith(8101, false), fakeCore(noAccountError()).create);
  await svc.start();
  const seen: string[] = [];
  svc.onDidChange(() => seen.push(svc.status().kind));
  svc.accountsChanged(false); // still nothing usable: no change, no event
  assert.deepEqual(seen, []);
  svc.accountsChanged(true); // an account was added
  assert.deepEqual(svc.status(), { kind: 'stopped' });
  svc.accountsChanged(false); // stopped stays stopped: only a failed Start's result is replaced
  assert.deepEqual(seen, ['stopped']);
  assert.deepEqual(svc.status(), { kind: 'stopped' });
});

test('an account change replaces a start error (here a rejected setting) by needsAccount when nothing is usable', async () => {
  const bad = service(() => { throw new SettingsError('The upstream proxy URL has no host.', 'antigravity.proxy.upstreamProxy'); }, fakeCore().create);
  await bad.start();
  assert.equal(bad.status().kind, 'error');
  bad.accountsChanged(false);
  assert.deepEqual(bad.status(), { kind: 'needsAccount' });
});

test('an account change leaves a running proxy alone', async () => {
  const svc = service(() => configWith(8109), fakeCore().create);
  await svc.start();
  svc.accountsChanged(false);
  assert.equal(svc.status().kind, 'running');
  await svc.dispose();
});

test('hot update for most settings; restart for port or LAN change', async () => {
  const core = fakeCore();
  let cfg = configWith(8102);
  const svc = service(() => cfg, core.create);
  await svc.start();
  cfg = { ...cfg, scheduling: 'round-robin' };
  assert.equal(await svc.applyConfigChange(), undefined);
  cfg = configWith(8103);
  assert.deepEqual(await svc.applyConfigChange(), { ok: true });
  assert.deepEqual(core.calls, ['create:8102', 'start', 'update:round-robin', 'stop', 'create:8103', 'start']);
  await svc.stop();
});

test('config changes while stopped do nothing', async () => {
  const core = fakeCore();
  const svc = service(() => configWith(8104), core.create);
  assert.equal(await svc.applyConfigChange(), undefined);
  assert.deepEqual(core.calls, []);
});

test('EACCES is a bind failure without a port probe', async () => {
  const svc = service(() => configWith(8105), fakeCore(bindError('127.0.0.1', 8105, 'EACCES')).create);
  const outcome = await svc.start();
  assert.equal(outcome.ok === false && outcome.code, 'BIND_FAILED');
  assert.equal(svc.status().kind, 'error');
});

test('real core: a second window sees servedByOtherWindow, then can take over', async () => {
  const port = await freePort();
  const first = service(() => configWith(port), createProxyServer, { instanceId: 'window-1' });
  let tick: (() => void) | undefined;
  const second = service(() => configWith(port), createProxyServer, {
    instanceId: 'window-2',
    setInterval: (fn) => { tick = fn; return 1; },
    clearInterval: () => { tick = undefined; },
  });
  assert.deepEqual(await first.start(), { ok: true });
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-antigravity-instance'), 'window-1');

  const outcome = await second.start();
  assert.equal(outcome.ok === false && outcome.code, 'OTHER_WINDOW');
  assert.deepEqual(second.status(), { kind: 'servedByOtherWindow', port });
  second.takeOverWhenFree();
  await first.stop();
  const running = new Promise<void>((resolve) => second.onDidChange(() => second.status().kind === 'running' && resolve()));
  // The poll may see a transient socket error first (a pooled connection closing); it retries.
  const ticker = setInterval(() => tick?.(), 50);
  await running;
  clearInterval(ticker);
  const again = await fetch(`http://127.0.0.1:${port}/healthz`);
  assert.equal(again.headers.get('x-antigravity-instance'), 'window-2');
  await second.dispose();
});

test('real core: a foreign process on the port is PORT_IN_USE', async () => {
  const foreign = createNetServer((_req, res) => res.end('hello'));
  await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
  const port = (foreign.address() as AddressInfo).port;
  const svc = service(() => configWith(port), createProxyServer);
  const outcome = await svc.start();
  assert.equal(outcome.ok === false && outcome.code, 'PORT_IN_USE');
  assert.match(svc.status().kind === 'error' ? (svc.status() as { message: string }).message : '', /bind failed: EADDRINUSE/);
  await new Promise<void>((r) => foreign.close(() => r()));
});

test('when the other window stops without take-over, listeners are told and status is stopped', async () => {
  const port = await freePort();
  const first = service(() => configWith(port), createProxyServer, { instanceId: 'w1' });
  let tick: (() => void) | undefined;
  const second = service(() => configWith(port), createProxyServer, { instanceId: 'w2', setInterval: (fn) => { tick = fn; return 1; }, clearInterval: () => {} });
  await first.start();
  await second.start();
  await first.stop();
  const freed = new Promise<number>((resolve) => second.onOtherWindowStopped(resolve));
  const ticker = setInterval(() => tick?.(), 50);
  assert.equal(await freed, port);
  clearInterval(ticker);
  assert.deepEqual(second.status(), { kind: 'stopped' });
});

test('strict auth: the port probes never send the key (the proof is verified with it; 401s are only counted)', async () => {
  const port = await freePort();
  const strict = () => { const c = configWith(port); c.proxy.authMode = 'strict'; return c; };
  const first = service(strict, createProxyServer, { instanceId: 'w1' });
  const seen: Array<{ auth: string | undefined; status: number }> = [];
  const recordingFetch: ProxyServiceDeps['fetch'] = async (url, init) => {
    const res = await fetch(url, init);
    seen.push({ auth: init?.headers?.authorization, status: res.status });
    return res;
  };
  let tick: (() => void) | undefined;
  const second = service(strict, createProxyServer, {
    instanceId: 'w2', fetch: recordingFetch,
    setInterval: (fn) => { tick = fn; return 1; }, clearInterval: () => { tick = undefined; },
  });
  await first.start();
  const outcome = await second.start();
  assert.equal(outcome.ok === false && outcome.code, 'OTHER_WINDOW');
  for (let i = 0; i < 3; i++) {
    tick?.();
    await new Promise((r) => setTimeout(r, 30));
  }
  assert.ok(seen.length >= 2);
  for (const s of seen) assert.deepEqual(s, { auth: undefined, status: 401 });
  assert.deepEqual(second.status(), { kind: 'servedByOtherWindow', port });
  await second.dispose();
  await first.dispose();
});

test('a window with another key cannot prove the port is ours: PORT_IN_USE', async () => {
  const port = await freePort();
  const first = service(() => configWith(port), createProxyServer, { instanceId: 'w1' });
  const second = service(() => configWith(port), createProxyServer, { instanceId: 'w2', proxyKey: async () => 'sk-anotherkey99' });
  await first.start();
  const outcome = await second.start();
  assert.equal(outcome.ok === false && outcome.code, 'PORT_IN_USE');
  await second.dispose();
  await first.dispose();
});

test('a failed automatic take-over is reported to its listeners', async () => {
  const port = await freePort();
  let accounts = true;
  const first = service(() => configWith(port), createProxyServer, { instanceId: 'w1' });
  let tick: (() => void) | undefined;
  const second = service(() => configWith(port, accounts), createProxyServer, {
    instanceId: 'w2', setInterval: (fn) => { tick = fn; return 1; }, clearInterval: () => { tick = undefined; },
  });
  await first.start();
  await second.start();
  second.takeOverWhenFree();
  accounts = false;
  await first.stop();
  const failed = new Promise<string>((resolve) => second.onTakeOverFailed((o) => resolve(o.code)));
  const ticker = setInterval(() => tick?.(), 50);
  assert.equal(await failed, 'NO_ACCOUNT');
  clearInterval(ticker);
  await second.dispose();
});

test('a rejected config is not swapped in: the proxy keeps the last good one and says INVALID_CONFIG', async () => {
  const port = await freePort();
  let cfg = configWith(port);
  let loadError: Error | undefined;
  const svc = service(() => { if (loadError) throw loadError; return cfg; }, createProxyServer);
  assert.deepEqual(await svc.start(), { ok: true });
  // The core refuses the URL (real core, real update): the service keeps its config.
  cfg = { ...configWith(port), proxy: { ...configWith(port).proxy, upstreamProxy: 'socks5://h:1080' } };
  const bad = await svc.applyConfigChange();
  assert.equal(bad?.ok === false && bad.code, 'INVALID_CONFIG');
  assert.equal(svc.status().kind, 'running');
  // The host refuses a setting before loading anything.
  loadError = new SettingsError('The upstream proxy URL must not contain a user name or password.', 'antigravity.proxy.upstreamProxy');
  const rejected = await svc.applyConfigChange();
  assert.equal(rejected?.ok === false && rejected.code, 'INVALID_CONFIG');
  loadError = undefined;
  // Back to a good config: hot update works again (and compares against the last good config).
  cfg = { ...configWith(port), scheduling: 'round-robin' };
  assert.equal(await svc.applyConfigChange(), undefined);
  assert.equal(svc.status().kind, 'running');
  await svc.dispose();
});

test('start with a rejected setting: INVALID_CONFIG, the message in the status', async () => {
  const svc = service(() => { throw new SettingsError('The upstream proxy URL has no host.', 'antigravity.proxy.upstreamProxy'); }, fakeCore().create);
  const outcome = await svc.start();
  assert.equal(outcome.ok === false && outcome.code, 'INVALID_CONFIG');
  assert.deepEqual(svc.status(), { kind: 'error', message: 'The upstream proxy URL has no host.' });
});
