/**
 * Issue 15 item 1: auth, Host/Origin guards and routing run before any body is read; routes that
 * take no body never read one. Before the fix a POST to /healthz was inflated and parsed before
 * the router answered 405 (a 20 KB gzip body cost 1.4 GB).
 *
 * Proof that nothing was read: the request declares a large body but sends none of it; the
 * answer still comes at once. And a body that would not even inflate is not noticed.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import { answerWell } from '../fakes/vendor';
import { raw } from '../hardening/support/util';
import { rawExchange } from './support/wire';

const KEY = 'sk-security-item-01-key';

function head(method: string, path: string, extra = ''): string {
  return `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: 50000000\r\n${extra}\r\n`;
}

describe('item 1: nothing is read before auth, guards and routing', () => {
  let up: FakeVendor;
  let off: RunningProxy;
  let strict: RunningProxy;
  before(async () => {
    up = await FakeVendor.start((req, res) => answerWell(req, res));
    const accounts = [account('openai', `${up.url}/v1`)];
    off = await startProxy({ proxy: { authMode: 'off' }, accounts });
    strict = await startProxy({ proxy: { authMode: 'strict', apiKey: KEY }, accounts });
  });
  after(async () => {
    await off.stop();
    await strict.stop();
    await up.close();
  });

  const port = (p: RunningProxy) => p.server.status().port;

  test('POST /healthz is a 405 without waiting for (or reading) the declared 50 MB body', async () => {
    const r = await rawExchange(port(off), head('POST', '/healthz'), { waitMs: 3000 });
    assert.equal(r.status, 405, r.text);
    assert.match(r.text, /connection: close/i, 'an unread body does not keep the connection');
  });

  test('unknown paths are a 404 without reading the body', async () => {
    for (const path of ['/nope', '/v1/nope', '/v1/chat/completions/extra']) {
      const r = await rawExchange(port(off), head('POST', path), { waitMs: 3000 });
      assert.equal(r.status, 404, `${path}: ${r.text}`);
    }
  });

  test('a missing or wrong key is a 401 before the body is read, on every body route', async () => {
    for (const path of ['/v1/chat/completions', '/v1/responses', '/v1/messages', '/v1/messages/count_tokens', '/v1beta/models/gemini-2.5-flash:generateContent', '/healthz']) {
      for (const extra of ['', 'authorization: Bearer sk-wrong-key-000\r\n']) {
        const r = await rawExchange(port(strict), head('POST', path, extra), { waitMs: 3000 });
        assert.equal(r.status, 401, `${path} ${extra}: ${r.text}`);
      }
    }
  });

  test('a foreign Host or Origin is a 403 before the body is read', async () => {
    const evilHost = `POST /v1/chat/completions HTTP/1.1\r\nhost: evil.example\r\ncontent-length: 50000000\r\n\r\n`;
    assert.equal((await rawExchange(port(off), evilHost, { waitMs: 3000 })).status, 403);
    const evilOrigin = head('POST', '/v1/chat/completions', 'origin: https://evil.example\r\n');
    assert.equal((await rawExchange(port(off), evilOrigin, { waitMs: 3000 })).status, 403);
  });

  test('a body that is not even valid gzip is never inflated on a route that takes none', async () => {
    const garbage = Buffer.from('definitely not gzip');
    const r = await raw(off.url, '/healthz', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: garbage });
    assert.equal(r.status, 405, 'inflating it would have been a 400 "could not be decompressed"');
    const t = await raw(off.url, '/v1/api/event_logging/batch', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: garbage });
    assert.equal(t.status, 200, 'telemetry is dropped unread');
  });

  test('routes that take a body still read and serve it', async () => {
    const r = await raw(strict.url, '/v1/chat/completions', { headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }) });
    assert.equal(r.status, 200, r.text);
  });
});
