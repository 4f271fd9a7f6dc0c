import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { FakeVendor } from '../fakes/vendor';
import { account, makeConfig, startProxy } from '../support/proxy-harness';
import { createProxyServer } from '../../src/proxy/server';
import { StartError } from '../../src/core/start-error';

test('start with no account and z.ai dispatch off fails with the exact text', async () => {
  const s = createProxyServer(makeConfig({ accounts: [] }));
  await assert.rejects(s.start(), (e: unknown) => e instanceof StartError && e.code === 'NO_ACCOUNT' && e.message === 'No available account, please add an account first');
  assert.equal(s.status().state, 'error');
});

test('disabled accounts do not count', async () => {
  const s = createProxyServer(makeConfig({ accounts: [account('openai', 'http://127.0.0.1:9/v1', { enabled: false })] }));
  await assert.rejects(s.start(), /No available account/);
});

test('bind failure names host, port and reason', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    const s = createProxyServer(makeConfig({ proxy: { port }, accounts: [account('openai', 'http://127.0.0.1:9/v1')] }));
    await assert.rejects(s.start(), (e: unknown) => e instanceof StartError && e.message === `Failed to start server: address 127.0.0.1:${port} bind failed: EADDRINUSE`);
  } finally {
    blocker.close();
  }
});

test('stop frees the port; start again works; update() hot-swaps accounts', async () => {
  const up = await FakeVendor.start();
  const proxy = await startProxy({ accounts: [account('openai', `${up.url}/v1`, { models: ['a-model'] })] });
  try {
    const port = proxy.server.status().port;
    await proxy.server.stop();
    assert.equal(proxy.server.status().state, 'stopped');
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
    await proxy.server.start();
    assert.equal(proxy.server.status().state, 'running');
    proxy.server.update({ ...proxy.config, accounts: [account('openai', `${up.url}/v1`, { models: ['b-model'] })] });
    const { port: p2 } = proxy.server.status();
    const models = (await (await fetch(`http://127.0.0.1:${p2}/v1/models`)).json()) as any;
    assert.deepEqual(models.data.map((m: any) => m.id), ['b-model']);
  } finally {
    await proxy.stop();
    await up.close();
  }
});
