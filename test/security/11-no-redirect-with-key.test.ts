/**
 * Issue 15 item 11: Add Account's model listing followed redirects to other hosts carrying
 * `x-api-key` / `x-goog-api-key`. Outgoing requests made with a key never follow a redirect to
 * another origin. (The host module is imported inside the test: its path may move in part B.)
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor } from '../fakes/vendor';

describe('item 11: model listing does not follow a redirect with the key', () => {
  let other: FakeVendor;
  let redirector: FakeVendor;
  let sameOrigin: FakeVendor;
  before(async () => {
    // Moved within its own origin (a trailing-slash or version redirect): that may be followed.
    sameOrigin = await FakeVendor.start((req, res) => {
      if (req.url?.startsWith('/old/')) {
        res.writeHead(301, { location: req.url.replace('/old/', '/new/') });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data":[{"id":"claude-haiku-4-5"}]}');
    });
    other = await FakeVendor.start((_r, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data":[{"id":"stolen"}]}');
    });
    redirector = await FakeVendor.start((req, res) => {
      res.writeHead(302, { location: `${other.url}${req.url}` });
      res.end();
    });
  });
  after(async () => {
    await other.close();
    await redirector.close();
    await sameOrigin.close();
  });

  test('the listing request (as Add Account sends it) never reaches another origin with the key', async () => {
    const { modelsRequest } = await import('../../src/host/accounts/add-account-input');
    const KEY = 'sk-ant-redirect-victim-0011';
    for (const kind of ['anthropic', 'zai', 'gemini', 'openai'] as const) {
      other.requests.length = 0;
      const req = modelsRequest(kind, `${redirector.url}/v1`, KEY) as { url: string; headers: Record<string, string>; redirect?: 'follow' | 'manual' | 'error' };
      // The request options are the contract: whatever fetch does with them decides where the key goes.
      await fetch(req.url, { headers: req.headers, redirect: req.redirect ?? 'follow' }).catch(() => undefined);
      const leaked = other.requests.filter((r) => JSON.stringify(r.headers).includes(KEY));
      assert.equal(leaked.length, 0, `${kind}: the key followed the redirect to ${other.url}`);
    }
  });

  test('Add Account\'s listing follows a redirect within the origin and refuses one to another origin', async () => {
    const { modelsRequest, fetchModels } = await import('../../src/host/accounts/add-account-input');
    const KEY = 'sk-ant-redirect-victim-0011';
    const moved = await fetchModels(fetch, modelsRequest('anthropic', `${sameOrigin.url}/old`, KEY)!);
    assert.equal(moved.status, 200);
    assert.match(moved.text, /claude-haiku-4-5/);
    assert.equal(sameOrigin.requests.at(-1)?.headers['x-api-key'], KEY);
    other.requests.length = 0;
    await assert.rejects(fetchModels(fetch, modelsRequest('gemini', redirector.url, KEY)!), (e: Error) => e.message.includes(other.url) && !e.message.includes(KEY));
    assert.equal(other.requests.length, 0);
  });
});
