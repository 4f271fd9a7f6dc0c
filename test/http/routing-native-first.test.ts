/**
 * Issue 19: native first, and session keys that are really sessions. The configs here are the
 * README's "Routing" examples.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerError, answerWell, FakeVendor } from '../fakes/vendor';
import { startProxy } from '../support/proxy-harness';

const chat = (url: string, model: string, content: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/chat/completions`, { method: 'POST', headers, body: JSON.stringify({ model, messages: [{ role: 'user', content }] }) });

describe('native first', () => {
  test('claude-* from an OpenAI-chat client goes to the Anthropic account, then the passthrough one, then the stand-in', async () => {
    let failing = false;
    const vendor = await FakeVendor.start((req, res) => (failing ? answerError(req, res, 500, 'The server had an error while processing your request.') : answerWell(req, res)));
    const dataDir = mkdtempSync(join(tmpdir(), 'routing-native-'));
    // README "Native first": an OpenRouter-like account that takes any model, listed (and
    // prioritised) before the native Anthropic account, and a Gemini account (a stand-in).
    const proxy = await startProxy({
      scheduling: 'fill-first',
      accounts: [
        { id: 'openrouter', kind: 'openai', label: 'OpenRouter', baseUrl: `${vendor.url}/v1`, apiKey: 'sk-or-test-key', enabled: true, models: ['*'], priority: 10 },
        { id: 'gemini', kind: 'gemini', label: 'Gemini', baseUrl: vendor.url, apiKey: 'AIza-test-key', enabled: true, priority: 5 },
        { id: 'anthropic', kind: 'anthropic', label: 'Anthropic', baseUrl: vendor.url, apiKey: 'sk-ant-test-key', enabled: true },
      ],
    }, { dataDir });
    try {
      for (let i = 0; i < 3; i++) {
        const r = await chat(proxy.url, 'claude-sonnet-4-5', `question ${i}`);
        assert.equal(r.status, 200);
        await r.text();
        assert.equal(r.headers.get('x-antigravity-account'), 'anthropic', 'the owner of claude-* serves it, whatever the priorities');
        assert.equal(r.headers.get('x-antigravity-model'), 'claude-sonnet-4-5');
        assert.equal(r.headers.get('x-antigravity-attempts'), '1');
      }
      assert.ok(vendor.requests.every((q) => q.path === '/v1/messages'), 'only the Anthropic endpoint was called');

      // Every account fails: the order they were tried in is the tier order.
      failing = true;
      const r = await chat(proxy.url, 'claude-sonnet-4-5', 'fails everywhere');
      assert.equal(r.status, 500);
      await r.text();
      const rec = proxy.server.monitor()!.list()[0]!;
      assert.deepEqual(rec.attempts.map((a) => [a.accountId, a.upstreamModel]), [
        ['anthropic', 'claude-sonnet-4-5'], // owner
        ['openrouter', 'claude-sonnet-4-5'], // same dialect (passthrough)
        ['gemini', rec.attempts[2]!.upstreamModel], // stand-in
      ]);
      assert.match(rec.attempts[2]!.upstreamModel, /^gemini-/);
    } finally {
      await proxy.stop();
      await vendor.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('session keys', () => {
  async function twoAccounts() {
    const a = await FakeVendor.start((req, res) => answerWell(req, res));
    const b = await FakeVendor.start((req, res) => answerWell(req, res));
    const proxy = await startProxy({
      scheduling: 'sticky',
      accounts: [
        { id: 'a', kind: 'openai', label: 'A', baseUrl: `${a.url}/v1`, apiKey: 'sk-upstream-a', enabled: true },
        { id: 'b', kind: 'openai', label: 'B', baseUrl: `${b.url}/v1`, apiKey: 'sk-upstream-b', enabled: true },
      ],
    });
    return { proxy, close: async () => (await proxy.stop(), await a.close(), await b.close()) };
  }
  const served = async (r: Response) => {
    assert.equal(r.status, 200);
    await r.text();
    return r.headers.get('x-antigravity-account');
  };

  test('two clients opening with "hi" (different keys) are placed by the scheduler, each staying on its account', async () => {
    const t = await twoAccounts();
    try {
      const one = { authorization: 'Bearer sk-client-one-1234' };
      const two = { authorization: 'Bearer sk-client-two-5678' };
      const first = await served(await chat(t.proxy.url, 'gpt-4o', 'hi', one));
      const second = await served(await chat(t.proxy.url, 'gpt-4o', 'hi', two));
      assert.notEqual(first, second, 'a new session is placed round-robin, not glued to the other client\'s "hi"');
      for (let turn = 0; turn < 3; turn++) {
        assert.equal(await served(await chat(t.proxy.url, 'gpt-4o', 'hi', one)), first);
        assert.equal(await served(await chat(t.proxy.url, 'gpt-4o', 'hi', two)), second);
      }
    } finally {
      await t.close();
    }
  });

  test('Claude Code and Codex session ids: same first message, different sessions, different accounts', async () => {
    const t = await twoAccounts();
    try {
      const msg = (session: Record<string, string>) => fetch(`${t.proxy.url}/v1/messages`, {
        method: 'POST', headers: session, body: JSON.stringify({ model: 'gpt-4o', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
      });
      const s1 = await served(await msg({ 'x-claude-code-session-id': 'cc-session-1' }));
      const s2 = await served(await msg({ 'x-claude-code-session-id': 'cc-session-2' }));
      assert.notEqual(s1, s2);
      assert.equal(await served(await msg({ 'x-claude-code-session-id': 'cc-session-1' })), s1);
      const c1 = await served(await chat(t.proxy.url, 'gpt-4o', 'hi', { session_id: 'codex-conv-1' }));
      const c2 = await served(await chat(t.proxy.url, 'gpt-4o', 'hi', { session_id: 'codex-conv-2' }));
      assert.notEqual(c1, c2);
      assert.equal(await served(await chat(t.proxy.url, 'gpt-4o', 'hi', { session_id: 'codex-conv-2' })), c2);
    } finally {
      await t.close();
    }
  });
});
