import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor } from '../fakes/vendor';
import { account, startProxy } from '../support/proxy-harness';
import type { AccountConfig } from '../../src/core/config';

/**
 * Vendor words reach the client (issue 17): an Anthropic client served by an Anthropic-wire
 * account gets the vendor's error body and `x-should-retry` unchanged (Claude Code matches the
 * exact wording); a translated error keeps the vendor's message inside the client's shape.
 */

const PROMPT_TOO_LONG = 'prompt is too long: 210533 tokens > 200000 maximum';

async function withVendor(acc: (u: string) => AccountConfig, status: number, message: string, run: (url: string, vendor: FakeVendor) => Promise<void>) {
  const vendor = await FakeVendor.start({ script: () => ({ error: { status, message, headers: { 'x-should-retry': status >= 500 ? 'true' : 'false' } } }) });
  const proxy = await startProxy({ accounts: [acc(vendor.url)] });
  try {
    await run(proxy.url, vendor);
  } finally {
    await proxy.stop();
    await vendor.close();
  }
}

const messages = { model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };

for (const [kind, status, message] of [['anthropic', 400, PROMPT_TOO_LONG], ['zai', 400, PROMPT_TOO_LONG], ['anthropic', 529, 'Overloaded']] as const) {
  test(`anthropic client ← ${kind} account ${status}: the vendor's body and x-should-retry unchanged`, async () => {
    await withVendor((u) => account(kind, u), status, message, async (url, vendor) => {
      const r = await fetch(`${url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(messages) });
      const text = await r.text();
      assert.equal(r.status, status);
      const vendorBody = vendor.last();
      assert.ok(vendorBody.refused);
      const sentByVendor = JSON.parse(text);
      assert.deepEqual(sentByVendor.error, { type: status === 529 ? 'overloaded_error' : 'invalid_request_error', message });
      assert.match(sentByVendor.request_id, /^req_011/, 'the vendor body itself, request_id included');
      assert.equal(r.headers.get('x-should-retry'), status >= 500 ? 'true' : 'false');
    });
  });
}

test('openai chat client ← anthropic account 400: the vendor message inside the OpenAI error shape', async () => {
  await withVendor((u) => account('anthropic', u), 400, PROMPT_TOO_LONG, async (url) => {
    const r = await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] }) });
    const body = (await r.json()) as any;
    assert.equal(r.status, 400);
    assert.equal(body.error.type, 'invalid_request_error');
    assert.ok(body.error.message.includes(PROMPT_TOO_LONG), body.error.message);
    assert.equal(r.headers.get('x-should-retry'), null);
  });
});

test('anthropic client ← anthropic account 401: told in the proxy\'s words (the account key, not the client\'s)', async () => {
  await withVendor((u) => account('anthropic', u), 401, 'invalid x-api-key', async (url) => {
    const r = await fetch(`${url}/v1/messages`, { method: 'POST', body: JSON.stringify(messages) });
    const body = (await r.json()) as any;
    assert.equal(r.status, 401);
    assert.match(body.error.message, /^Upstream anthropic test: invalid x-api-key/);
  });
});
