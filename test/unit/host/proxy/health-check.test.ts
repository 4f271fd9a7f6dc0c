import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { checkHealth, healthHint, probePort } from '../../../../src/host/proxy/health-check';
import { CHALLENGE_HEADER, PROOF_HEADER, proveIdentity } from '../../../../src/proxy/identity-proof';
import { freePort } from '../../../support/free-port';

let server: Server;
let port: number;
let requireKey = false;
let headers: Record<string, string> = {};
/** Answers the challenge like our proxy holding this key, as instance `other-id`. */
let proveWith: string | undefined;

before(async () => {
  server = createServer((req, res) => {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    const nonce = req.headers[CHALLENGE_HEADER];
    if (proveWith && typeof nonce === 'string') res.setHeader(PROOF_HEADER, proveIdentity(proveWith, nonce, port, 'other-id'));
    if (requireKey && req.headers.authorization !== 'Bearer sk-testkey123') {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((r) => server.close(() => r())));


test('a healthy proxy answers 200 with the body and a latency', async () => {
  requireKey = false;
  let clock = 100;
  const r = await checkHealth({ fetch, now: () => (clock += 7), host: '0.0.0.0', port });
  assert.ok(r.ok);
  assert.equal(r.body, '{"status":"ok"}');
  assert.equal(r.latencyMs, 7);
  assert.equal(r.url, `http://127.0.0.1:${port}/healthz`, '0.0.0.0 is probed on loopback');
});

test('strict auth: 401 without key, retried with the key and explained', async () => {
  requireKey = true;
  proveWith = 'sk-testkey123';
  const withKey = await checkHealth({ fetch, now: () => 0, host: '127.0.0.1', port, apiKey: 'sk-testkey123' });
  assert.ok(withKey.ok);
  assert.match(withKey.note ?? '', /needs the key/);
  const wrongKey = await checkHealth({ fetch, now: () => 0, host: '127.0.0.1', port, apiKey: 'sk-wrongkey12' });
  assert.equal(wrongKey.ok, false);
  assert.equal(wrongKey.ok ? 0 : wrongKey.status, 401);
  assert.match(wrongKey.ok ? '' : wrongKey.hint, /this auth mode needs the key/);
  requireKey = false;
  proveWith = undefined;
});

test('a 401 from another program is not retried with the key (the key goes only to our proxy)', async () => {
  requireKey = true;
  headers = {};
  const sent: Array<string | undefined> = [];
  const spy: typeof fetch = (url, init) => { sent.push((init?.headers as Record<string, string> | undefined)?.authorization); return fetch(url, init); };
  const r = await checkHealth({ fetch: spy, now: () => 0, host: '127.0.0.1', port, apiKey: 'sk-testkey123' });
  assert.equal(r.ok ? 0 : r.status, 401);
  assert.deepEqual(sent, [undefined]);
  requireKey = false;
});

test('the port probe never sends the key: it only verifies the answer\'s proof with it', async () => {
  requireKey = true;
  proveWith = 'sk-testkey123';
  const sent: Array<string | undefined> = [];
  const spy: typeof fetch = (url, init) => { sent.push((init?.headers as Record<string, string> | undefined)?.authorization); return fetch(url, init); };
  assert.deepEqual(await probePort(spy, port, 'me', { apiKey: 'sk-testkey123' }), { kind: 'otherWindow' });
  assert.deepEqual(await probePort(spy, port, 'me'), { kind: 'foreign' }, 'without the key nothing is proven');
  assert.deepEqual(await probePort(spy, port, 'me', { apiKey: 'sk-otherkey12' }), { kind: 'foreign' }, 'a proof made with another key');
  assert.deepEqual(sent, [undefined, undefined, undefined]);
  requireKey = false;
  proveWith = undefined;
});

test('header claims prove nothing; a proof bound to another port does not count (no relaying)', async () => {
  headers = { 'x-antigravity-proxy': '0.1.0', 'x-antigravity-instance': 'other-id' };
  assert.deepEqual(await probePort(fetch, port, 'me', { apiKey: 'sk-testkey123' }), { kind: 'foreign' });
  headers = {};
  const relayed: typeof fetch = async (url, init) => {
    const res = await fetch(url, init);
    const nonce = (init?.headers as Record<string, string>)[CHALLENGE_HEADER]!;
    // What the real proxy on another port would answer to the relayed challenge.
    return new Response(await res.text(), { status: res.status, headers: { [PROOF_HEADER]: proveIdentity('sk-testkey123', nonce, port + 1, 'other-id') } });
  };
  assert.deepEqual(await probePort(relayed, port, 'me', { apiKey: 'sk-testkey123' }), { kind: 'foreign' });
});

test('nothing listening: ECONNREFUSED with a "start the proxy" hint', async () => {
  const p = await freePort();
  const r = await checkHealth({ fetch, now: () => 0, host: '127.0.0.1', port: p });
  assert.equal(r.ok, false);
  assert.equal(r.ok ? '' : r.error, 'ECONNREFUSED');
  assert.match(r.ok ? '' : r.hint, new RegExp(`Nothing listens on port ${p}`));
});

test('hints name the likely cause', () => {
  assert.match(healthHint(8045, undefined, 'TIMEOUT'), /another port/);
  assert.match(healthHint(8045, 403), /Host or Origin/);
  assert.match(healthHint(8045, 500), /answered 500/);
});

test('port probe tells free, self, another window and a foreign process apart', async () => {
  const key = { apiKey: 'sk-testkey123' };
  assert.deepEqual(await probePort(fetch, await freePort(), 'me', key), { kind: 'free' });
  assert.deepEqual(await probePort(fetch, port, 'me', key), { kind: 'foreign' });
  proveWith = 'sk-testkey123';
  assert.deepEqual(await probePort(fetch, port, 'me', key), { kind: 'otherWindow' });
  assert.deepEqual(await probePort(fetch, port, 'other-id', key), { kind: 'self' });
  proveWith = undefined;
});
