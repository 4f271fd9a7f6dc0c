/**
 * Issue 15 item 15: the multi-window port probe (and the health check) sent the proxy key to
 * whatever answered on the port once a response header claimed to be this extension: a local
 * program squatting on the port got it. The probe must prove identity without revealing the
 * key (challenge–response: a nonce, answered with HMAC(key, nonce)).
 * (Host modules are imported inside the tests: their paths may move in part B.)
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const KEY = 'sk-victim-proxy-key-0015';

describe('item 15: a squatter claiming to be the proxy never gets the key', () => {
  let squatter: Server;
  let port: number;
  const seen: string[] = [];
  before(async () => {
    squatter = createServer((req, res) => {
      seen.push(JSON.stringify(req.headers) + req.url);
      // Claims to be this extension in another window, and that a key is needed.
      res.writeHead(401, { 'x-antigravity-proxy': '0.1.0', 'x-antigravity-instance': 'squatter', 'content-type': 'application/json' });
      res.end('{"error":{"message":"Missing API key","type":"authentication_error","code":"invalid_api_key"}}');
    });
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r));
    port = (squatter.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((r) => squatter.close(() => r())));

  test('health check and port probe against a squatter: the key is never sent', async () => {
    const { checkHealth, probePort } = await import('../../src/host/proxy/health-check');
    seen.length = 0;
    await checkHealth({ host: '127.0.0.1', port, apiKey: KEY, fetch: (u: string, i?: RequestInit) => fetch(u, i), now: Date.now } as never);
    const holder = await probePort((u: string, i?: RequestInit) => fetch(u, i), port, 'me', { apiKey: KEY });
    assert.ok(seen.length > 0, 'the squatter was asked');
    for (const s of seen) assert.ok(!s.includes(KEY) && !s.includes(KEY.slice(3)), `key sent to the squatter: ${s}`);
    assert.notEqual(holder.kind, 'otherWindow', 'a header claim alone is no proof of identity');
  });
});

describe('item 15: the real proxy proves itself to the probe, in every auth mode, without the key on the wire', () => {
  test('strict and off: another window is recognised by its proof; the probe and the health check send no key first', async () => {
    const { startProxy, account } = await import('../support/proxy-harness');
    const { checkHealth, probePort } = await import('../../src/host/proxy/health-check');
    for (const authMode of ['strict', 'off'] as const) {
      const p = await startProxy({ proxy: { authMode, apiKey: KEY }, accounts: [account('openai', 'http://127.0.0.1:9/v1')] }, { instanceId: 'serving-window' });
      try {
        const port = Number(new URL(p.url).port);
        const sent: string[] = [];
        const spy = (u: string, i?: RequestInit) => {
          sent.push(JSON.stringify(i?.headers ?? {}));
          return fetch(u, i);
        };
        assert.deepEqual(await probePort(spy, port, 'me', { apiKey: KEY }), { kind: 'otherWindow' }, authMode);
        assert.deepEqual(await probePort(spy, port, 'serving-window', { apiKey: KEY }), { kind: 'self' }, authMode);
        assert.deepEqual(await probePort(spy, port, 'me', { apiKey: 'sk-not-the-key-0015' }), { kind: 'foreign' }, authMode);
        for (const s of sent) assert.ok(!s.includes(KEY), s);
        const health = await checkHealth({ host: '127.0.0.1', port, apiKey: KEY, fetch: spy, now: Date.now } as never);
        assert.equal(health.ok, true, authMode);
        // The key went out only on the strict retry, after the first answer proved who it was.
        assert.equal(sent.slice(3).filter((s) => s.includes(KEY)).length, authMode === 'strict' ? 1 : 0);
      } finally {
        await p.stop();
      }
    }
  });
});
