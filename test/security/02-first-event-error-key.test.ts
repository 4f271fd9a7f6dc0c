/**
 * Issue 15 item 2: the account key reached the client when an upstream's first SSE event was an
 * error quoting it: the first-event error message was built without redaction, and the
 * account's later 503s quoted it to every client.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor, sseFrames } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import { raw } from '../hardening/support/util';

const KEY = 'sk-upstream-secret-item02-9f8e7d6c';

describe('item 2: an upstream error event quoting the key', () => {
  let up: FakeVendor;
  let p: RunningProxy;
  before(async () => {
    // OpenAI's in-stream error event, echoing the key it was given (as some gateways do).
    up = await FakeVendor.start((_req, res) =>
      sseFrames(res, [`data: ${JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } })}\n\n`]),
    );
    p = await startProxy({ proxy: { authMode: 'off' }, accounts: [account('openai', `${up.url}/v1`, { apiKey: KEY })] });
  });
  after(async () => {
    await p.stop();
    await up.close();
  });

  test('neither the first answer nor the later ones (cool-down 503s) carry the key', async () => {
    const bodies: string[] = [];
    for (let i = 0; i < 3; i++) {
      for (const [path, body] of [
        ['/v1/chat/completions', { model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'hi' }] }],
        ['/v1/messages', { model: 'gpt-4o', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'hi' }] }],
        ['/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }],
      ] as const) {
        const r = await raw(p.url, path, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        bodies.push(`${r.status} ${JSON.stringify(r.headers)} ${r.text}`);
      }
    }
    for (const b of bodies) assert.ok(!b.includes(KEY) && !b.includes(KEY.slice(3, 20)), `key leaked: ${b.slice(0, 300)}`);
    for (const s of p.server.status().accountStates) assert.ok(!JSON.stringify(s).includes(KEY), 'account state (shown in the UI) quotes the key');
  });
});
