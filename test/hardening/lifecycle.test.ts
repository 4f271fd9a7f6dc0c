/**
 * Lifecycle under load (issue #8): 100 start/stop cycles with requests in flight leak no
 * listeners, sockets or handles; bind failures (EADDRINUSE, EACCES) are exact and recoverable;
 * config updates while requests run do not break them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FakeVendor, answerWell } from '../fakes/vendor';
import { account, makeConfig, startProxy } from '../support/proxy-harness';
import { createProxyServer } from '../../src/proxy/server';
import { StartError } from '../../src/core/start-error';
import { errorProblem, faultTracker, mb, memory, MiB, raw, resources, sleep, waitFor } from './support/util';

const CYCLES = Number(process.env.LIFECYCLE_CYCLES ?? 100);
const processListeners = () => Object.fromEntries(process.eventNames().map((e) => [String(e), process.listenerCount(e)]));

test(`start/stop ${CYCLES} times under light load: no leaked listeners, sockets or handles`, { timeout: 180_000 }, async () => {
  const tracker = faultTracker();
  const up: FakeVendor = await FakeVendor.start((req, res) => {
    up.requests.length = 0;
    return answerWell(req, res, ['tok-l ', 'a', 'b'], 5);
  });
  const server = createProxyServer(makeConfig({ proxy: { authMode: 'off' }, accounts: [account('openai', `${up.url}/v1`)] }));
  const statusEvents: string[] = [];
  const unsubscribe = server.onStatus((s) => statusEvents.push(s.state));
  const baseRes = resources();
  const baseListeners = processListeners();
  // Warm one cycle so lazily created singletons (undici pools, timers) are in the baseline.
  await server.start();
  await raw(`http://127.0.0.1:${server.status().port}`, '/v1/chat/completions', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'tok-l' }] }) });
  await server.stop();
  const before = memory();
  let ok = 0;
  let failed = 0;
  let running = true;
  // Light load: 4 clients hammering whatever port is current; refused/reset while stopping is expected.
  const load = Promise.all(
    Array.from({ length: 4 }, async (_, i) => {
      while (running) {
        const { port, state } = server.status();
        if (state !== 'running') {
          await sleep(2);
          continue;
        }
        try {
          const r = await raw(`http://127.0.0.1:${port}`, '/v1/chat/completions', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', stream: i % 2 === 0, messages: [{ role: 'user', content: 'tok-l' }] }), timeoutMs: 5_000 });
          if (r.status === 200) ok++;
          else failed++;
        } catch {
          failed++;
        }
      }
    }),
  );
  try {
    for (let i = 0; i < CYCLES; i++) {
      await server.start();
      assert.equal(server.status().state, 'running');
      await sleep(i % 10 === 0 ? 60 : 20);
      await server.stop();
      assert.equal(server.status().state, 'stopped');
    }
    running = false;
    await load;
    const settled = await waitFor(() => (resources().TCPSocketWrap ?? 0) <= (baseRes.TCPSocketWrap ?? 0) && (resources().TCPServerWrap ?? 0) <= (baseRes.TCPServerWrap ?? 0), 10_000, 50);
    const after = memory();
    console.log(`lifecycle: ${CYCLES} cycles; load ok=${ok} failed(while stopping)=${failed}; handles ${JSON.stringify(baseRes)} → ${JSON.stringify(resources())}; heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)}`);
    assert.ok(ok > CYCLES / 2, `requests were served between restarts (${ok})`);
    assert.ok(settled, `handles: baseline ${JSON.stringify(baseRes)} now ${JSON.stringify(resources())}`);
    assert.deepEqual(processListeners(), { ...baseListeners }, 'process listeners unchanged');
    assert.ok(after.heapUsed - before.heapUsed < 24 * MiB, `heap grew ${mb(after.heapUsed - before.heapUsed)}`);
    assert.equal(server.status().activeRequests, 0);
    assert.deepEqual(tracker.faults, []);
  } finally {
    running = false;
    unsubscribe();
    tracker.dispose();
    await server.dispose();
    await up.close();
  }
});

test('EADDRINUSE: exact message, state error, and start succeeds once the port is free', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  const s = createProxyServer(makeConfig({ proxy: { port }, accounts: [account('openai', 'http://127.0.0.1:9/v1')] }));
  try {
    for (let i = 0; i < 3; i++) {
      await assert.rejects(s.start(), (e: unknown) => e instanceof StartError && e.reason === 'EADDRINUSE' && e.message === `Failed to start server: address 127.0.0.1:${port} bind failed: EADDRINUSE`);
      assert.equal(s.status().state, 'error');
    }
    await new Promise((r) => blocker.close(r));
    await s.start();
    assert.equal(s.status().state, 'running');
    assert.equal((await raw(`http://127.0.0.1:${port}`, '/healthz', { method: 'GET' })).status, 200);
  } finally {
    await s.dispose();
    blocker.close();
  }
});

test('EACCES: a privileged port as an unprivileged user gives the exact bind error', (t) => {
  // As root, binding below 1024 succeeds: run the attempt as `nobody` in a child process.
  // Without root (and so without setuid), the test process itself is unprivileged.
  const asRoot = process.getuid?.() === 0;
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'support/bind-privileged.ts'), '80'], {
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    env: { ...process.env, HOME: '/tmp' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const out = JSON.parse(r.stdout || '{}');
  if (out.started) return t.skip('port 80 is bindable by this user here (net.ipv4.ip_unprivileged_port_start = 0?)');
  assert.equal(out.reason, 'EACCES', r.stderr);
  assert.equal(out.message, 'Failed to start server: address 127.0.0.1:80 bind failed: EACCES');
  assert.equal(out.state, 'error');
});

test('config updates while streams are in flight: running streams finish, new requests follow the new config', { timeout: 60_000 }, async () => {
  const tracker = faultTracker();
  const a = await FakeVendor.start((req, res) => answerWell(req, res, Array.from({ length: 15 }, () => 'tok-a '), 30));
  const b = await FakeVendor.start((req, res) => answerWell(req, res, ['tok-b '], 0));
  const p = await startProxy({ proxy: { authMode: 'off' }, accounts: [account('openai', `${a.url}/v1`, { id: 'a' })] });
  try {
    const body = JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'x' }] });
    const inflight = Array.from({ length: 10 }, () => raw(p.url, '/v1/chat/completions', { headers: { 'content-type': 'application/json' }, body }));
    assert.ok(await waitFor(() => a.requests.length === 10, 20_000), 'all ten reached account a');
    // Swap the account, change timeout, mapping, monitor and auth key while they run.
    for (let i = 0; i < 20; i++) {
      p.server.update(makeConfig({ proxy: { authMode: 'off', requestTimeoutSeconds: 30 + i, upstreamProxy: '' }, modelMapping: { 'x-*': 'gpt-4o' }, accounts: [account('openai', `${b.url}/v1`, { id: 'b' })] }));
      await sleep(5);
    }
    const done = await Promise.all(inflight);
    for (const r of done) {
      assert.equal(r.status, 200);
      assert.equal((r.text.match(/tok-a/g) ?? []).length, 15, 'the in-flight stream completed on its account');
      assert.match(r.text, /\[DONE\]/);
    }
    const next = await raw(p.url, '/v1/chat/completions', { headers: { 'content-type': 'application/json' }, body });
    assert.match(next.text, /tok-b/);
    // Changing the upstream proxy swaps the HTTP agent under running requests.
    const more = Array.from({ length: 5 }, () => raw(p.url, '/v1/chat/completions', { headers: { 'content-type': 'application/json' }, body }));
    p.server.update(makeConfig({ proxy: { authMode: 'off', upstreamProxy: 'http://127.0.0.1:9' }, accounts: [account('openai', `${b.url}/v1`, { id: 'b' })] }));
    p.server.update(makeConfig({ proxy: { authMode: 'off', upstreamProxy: '' }, accounts: [account('openai', `${b.url}/v1`, { id: 'b' })] }));
    // Each either completes on account b or fails cleanly in its dialect (through the dead proxy); none hangs or crashes.
    for (const r of await Promise.all(more)) {
      if (r.status === 200) assert.match(r.text, /tok-b[^]*data: \[DONE\]\n\n$/, r.text.slice(-300));
      else {
        assert.equal(r.status, 502, r.text);
        assert.equal(errorProblem('openai', r), undefined);
      }
    }
    const settled = await raw(p.url, '/v1/chat/completions', { headers: { 'content-type': 'application/json' }, body });
    assert.equal(settled.status, 200, 'after the swap back, requests go straight to b again');
    assert.match(settled.text, /tok-b/);
    assert.deepEqual(tracker.faults, []);
  } finally {
    tracker.dispose();
    await p.server.dispose();
    await a.close();
    await b.close();
  }
});
