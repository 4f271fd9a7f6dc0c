/**
 * Issue 15 item 14: with auth off, any page on a localhost origin (another dev server) got CORS
 * access and could read answers; instance id and version headers were sent on 401/403. Now CORS
 * is granted only to `vscode-webview://` origins and those listed in `proxy.allowedOrigins`.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import { answerWell } from '../fakes/vendor';
import { raw } from '../hardening/support/util';
import { defaultConfig } from '../../src/core/config';
import { parseConfig } from '../../src/core/validate-config';

const CHAT = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
const H = { 'content-type': 'application/json' };
const LOCAL_DEV = ['http://localhost:3000', 'http://127.0.0.1:5173', 'http://[::1]:8080', 'http://app.localhost:3000', 'vscode-file://vscode-app'];

describe('item 14: CORS with auth off', () => {
  let up: FakeVendor;
  let off: RunningProxy;
  let listed: RunningProxy;
  before(async () => {
    up = await FakeVendor.start((req, res) => answerWell(req, res));
    const accounts = [account('openai', `${up.url}/v1`)];
    off = await startProxy({ proxy: { authMode: 'off' }, accounts });
    listed = await startProxy({ proxy: { authMode: 'off', allowedOrigins: ['http://localhost:3000'] }, accounts });
  });
  after(async () => {
    await off.stop();
    await listed.stop();
    await up.close();
  });

  test('config: proxy.allowedOrigins defaults to [] and takes origins only', () => {
    assert.deepEqual(defaultConfig().proxy.allowedOrigins, []);
    assert.deepEqual(parseConfig({}).proxy.allowedOrigins, []);
    assert.deepEqual(parseConfig({ proxy: { allowedOrigins: ['http://localhost:3000'] } }).proxy.allowedOrigins, ['http://localhost:3000']);
    for (const bad of ['http://localhost:3000/', 'localhost:3000', '*', 'http://x/path', 42]) {
      assert.throws(() => parseConfig({ proxy: { allowedOrigins: [bad] } }), /proxy\.allowedOrigins/, String(bad));
    }
    assert.throws(() => parseConfig({ proxy: { allowedOrigins: 'http://localhost:3000' } }), /proxy\.allowedOrigins/);
  });

  test('pages of other local dev servers get neither an answer nor CORS (requests and preflights)', async () => {
    up.requests.length = 0;
    for (const origin of LOCAL_DEV) {
      const r = await raw(off.url, '/v1/chat/completions', { headers: { ...H, origin }, body: CHAT });
      assert.equal(r.status, 403, origin);
      assert.equal(r.headers['access-control-allow-origin'], undefined, origin);
      const pre = await raw(off.url, '/v1/chat/completions', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      assert.equal(pre.headers['access-control-allow-origin'], undefined, `preflight ${origin}`);
    }
    assert.equal(up.requests.length, 0);
  });

  test('VS Code webviews are granted', async () => {
    const r = await raw(off.url, '/v1/chat/completions', { headers: { ...H, origin: 'vscode-webview://1abc' }, body: CHAT });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers['access-control-allow-origin'], 'vscode-webview://1abc');
  });

  test('an origin listed in proxy.allowedOrigins is granted; others still are not', async () => {
    const r = await raw(listed.url, '/v1/chat/completions', { headers: { ...H, origin: 'http://localhost:3000' }, body: CHAT });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers['access-control-allow-origin'], 'http://localhost:3000');
    const pre = await raw(listed.url, '/v1/models', { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'GET' } });
    assert.equal(pre.headers['access-control-allow-origin'], 'http://localhost:3000');
    const other = await raw(listed.url, '/v1/models', { method: 'GET', headers: { origin: 'http://localhost:3001' } });
    assert.equal(other.status, 403);
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  });

  test('the VS Code setting antigravity.proxy.allowedOrigins is contributed (application scope, restricted)', async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const s = pkg.contributes.configuration.find((c: { id: string }) => c.id === 'antigravity.proxy').properties['antigravity.proxy.allowedOrigins'];
    assert.equal(s.type, 'array');
    assert.deepEqual(s.default, []);
    assert.equal(s.scope, 'application');
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('antigravity.proxy.allowedOrigins'));
  });
});

describe('item 14: no identifying headers before auth', () => {
  let strict: RunningProxy;
  let off: RunningProxy;
  before(async () => {
    const accounts = [account('openai', 'http://127.0.0.1:9/v1')];
    strict = await startProxy({ proxy: { authMode: 'strict', apiKey: 'sk-security-item-14-key' }, accounts });
    off = await startProxy({ proxy: { authMode: 'off' }, accounts });
  });
  after(async () => {
    await strict.stop();
    await off.stop();
  });

  // Needs the port probe to prove identity another way first (item 15, challenge–response):
  // the host's health check and multi-window detection read these headers on a 401 today.
  test('401 and 403 before auth carry no x-antigravity-instance / x-antigravity-proxy', async () => {
    const answers = [
      await raw(strict.url, '/v1/models', { method: 'GET' }),
      await raw(strict.url, '/healthz', { method: 'GET', headers: { authorization: 'Bearer sk-wrong-0000000' } }),
      await raw(off.url, '/v1/models', { method: 'GET', headers: { host: 'evil.example' } }),
      await raw(off.url, '/v1/models', { method: 'GET', headers: { origin: 'https://evil.example' } }),
    ];
    for (const r of answers) {
      assert.ok(r.status === 401 || r.status === 403, String(r.status));
      assert.equal(r.headers['x-antigravity-instance'], undefined);
      assert.equal(r.headers['x-antigravity-proxy'], undefined);
    }
  });

  test('an authenticated client (or any client with auth off) still gets them', async () => {
    const authed = await raw(strict.url, '/healthz', { method: 'GET', headers: { authorization: 'Bearer sk-security-item-14-key' } });
    assert.equal(authed.status, 200);
    assert.ok(authed.headers['x-antigravity-instance']);
    assert.ok(authed.headers['x-antigravity-proxy']);
    const open = await raw(off.url, '/healthz', { method: 'GET' });
    assert.equal(open.status, 200);
    assert.ok(open.headers['x-antigravity-instance']);
  });
});
