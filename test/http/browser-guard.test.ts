import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { FakeVendor, json, openaiChatResponse } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';

/** fetch() cannot set Host; node:http can. */
function raw(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method, headers }, (res) => {
      let b = '';
      res.on('data', (c) => (b += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('browser attacks on localhost', () => {
  let up: FakeVendor;
  let proxy: RunningProxy;
  before(async () => {
    up = await FakeVendor.start((_r, res) => json(res, 200, openaiChatResponse('ok')));
    proxy = await startProxy({ proxy: { authMode: 'off' }, accounts: [account('openai', `${up.url}/v1`)] });
  });
  after(async () => {
    await proxy.stop();
    await up.close();
  });

  test('Host: evil.example (DNS rebinding) is refused', async () => {
    const r = await raw(`${proxy.url}/v1/chat/completions`, 'POST', { host: 'evil.example', 'content-type': 'application/json' }, '{"model":"gpt-4o","messages":[]}');
    assert.equal(r.status, 403);
    assert.match(JSON.parse(r.body).error.message, /DNS rebinding/);
    assert.equal(up.requests.length, 0);
  });

  test('loopback Host names are accepted', async () => {
    for (const host of ['localhost:1', '127.0.0.1', '[::1]:8045', 'LOCALHOST']) {
      const r = await raw(`${proxy.url}/healthz`, 'GET', { host });
      assert.equal(r.status, 200, host);
    }
  });

  test('a foreign Origin is refused while auth is off', async () => {
    const r = await raw(`${proxy.url}/v1/chat/completions`, 'POST', { origin: 'https://evil.example', 'content-type': 'application/json' }, '{"model":"gpt-4o","messages":[]}');
    assert.equal(r.status, 403);
    assert.equal(up.requests.length, 0);
  });

  test('CORS preflight never grants a foreign origin (another localhost dev server included); grants VS Code webviews', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:3000']) {
      const bad = await raw(`${proxy.url}/v1/chat/completions`, 'OPTIONS', { origin, 'access-control-request-method': 'POST' });
      assert.equal(bad.headers['access-control-allow-origin'], undefined, origin);
    }
    const good = await raw(`${proxy.url}/v1/chat/completions`, 'OPTIONS', { origin: 'vscode-webview://abc', 'access-control-request-method': 'POST' });
    assert.equal(good.headers['access-control-allow-origin'], 'vscode-webview://abc');
  });
});
