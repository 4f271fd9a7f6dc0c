/**
 * Issue 19: fallback chains. A chain claude → gemini → openai whose first two models cool;
 * the primary is tried again on every new request; never a fallback after the first byte;
 * the context-window chain when the vendor says the input is too long. The configs here are
 * the README's "Routing" examples.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerError, answerWell, anthropicStream, FakeVendor, sleep } from '../fakes/vendor';
import { startProxy } from '../support/proxy-harness';

const messages = (url: string, extra: Record<string, unknown> = {}) => fetch(`${url}/v1/messages`, {
  method: 'POST',
  body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'plan the refactor' }], ...extra }),
});

describe('fallback chains', () => {
  test('claude → gemini → openai: the first two cooling, the third serves and the headers say so; the primary is retried next time', async () => {
    let claudeCalls = 0;
    const claude = await FakeVendor.start((req, res) => (++claudeCalls === 1 ? answerError(req, res, 429, 'Number of request tokens has exceeded your per-minute rate limit', { retryAfter: 2 }) : answerWell(req, res)));
    const gemini = await FakeVendor.start((req, res) => answerError(req, res, 429, 'Resource has been exhausted (e.g. check quota).', { retryDelay: '600s' }));
    const openai = await FakeVendor.start((req, res) => answerWell(req, res));
    const dataDir = mkdtempSync(join(tmpdir(), 'routing-fallback-'));
    const proxy = await startProxy({
      accounts: [
        { id: 'claude', kind: 'anthropic', label: 'Claude', baseUrl: claude.url, apiKey: 'sk-ant-test-key', enabled: true },
        { id: 'gemini', kind: 'gemini', label: 'Gemini', baseUrl: gemini.url, apiKey: 'AIza-test-key', enabled: true },
        { id: 'openai', kind: 'openai', label: 'OpenAI', baseUrl: `${openai.url}/v1`, apiKey: 'sk-openai-test-key', enabled: true },
      ],
      fallbacks: { 'claude-*': ['gemini-2.5-pro', 'gpt-4o'] },
    }, { dataDir });
    try {
      // 1. Claude and Gemini refuse (429) and cool; OpenAI serves.
      const r1 = await messages(proxy.url);
      assert.equal(r1.status, 200);
      assert.equal(((await r1.json()) as { type: string }).type, 'message');
      assert.equal(r1.headers.get('x-antigravity-model'), 'gpt-4o');
      assert.equal(r1.headers.get('x-antigravity-account'), 'openai');
      assert.equal(r1.headers.get('x-antigravity-attempts'), '3');
      const rec1 = proxy.server.monitor()!.list()[0]!;
      assert.deepEqual(rec1.attempts.map((a) => [a.accountId, a.upstreamModel, a.status]), [['claude', 'claude-sonnet-4-5', 429], ['gemini', 'gemini-2.5-pro', 429], ['openai', 'gpt-4o', 200]]);
      assert.ok(rec1.notes.some((n) => /^fallback from claude-sonnet-4-5 \(429 /.test(n)), rec1.notes.join(' | '));
      assert.ok(rec1.notes.some((n) => /^fallback from gemini-2\.5-pro \(429 /.test(n)), rec1.notes.join(' | '));
      assert.equal(gemini.requests.length, 1);

      // 2. Both still cooling: straight to the third model, no upstream call to the others.
      const r2 = await messages(proxy.url);
      assert.equal(r2.status, 200);
      await r2.text();
      assert.equal(r2.headers.get('x-antigravity-model'), 'gpt-4o');
      assert.equal(r2.headers.get('x-antigravity-attempts'), '1');
      assert.equal(claudeCalls, 1);
      assert.equal(gemini.requests.length, 1);
      const rec2 = proxy.server.monitor()!.list()[0]!;
      assert.ok(rec2.notes.includes('fallback from claude-sonnet-4-5 (no ready account serves claude-sonnet-4-5 itself)'), rec2.notes.join(' | '));

      // 3. Claude's cooldown (Retry-After: 2) is over: a new request tries the primary first.
      await sleep(2200);
      const r3 = await messages(proxy.url);
      assert.equal(r3.status, 200);
      await r3.text();
      assert.equal(r3.headers.get('x-antigravity-model'), 'claude-sonnet-4-5');
      assert.equal(r3.headers.get('x-antigravity-account'), 'claude');
      assert.equal(claudeCalls, 2);
    } finally {
      await proxy.stop();
      await claude.close();
      await gemini.close();
      await openai.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('no fallback after the first byte: a stream that breaks stays broken', async () => {
    const claude = await FakeVendor.start(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(anthropicStream(['partial'])[0]);
      await sleep(20);
      res.socket?.destroy();
    });
    const openai = await FakeVendor.start((req, res) => answerWell(req, res));
    const proxy = await startProxy({
      accounts: [
        { id: 'claude', kind: 'anthropic', label: 'Claude', baseUrl: claude.url, apiKey: 'sk-ant-test-key', enabled: true },
        { id: 'openai', kind: 'openai', label: 'OpenAI', baseUrl: `${openai.url}/v1`, apiKey: 'sk-openai-test-key', enabled: true },
      ],
      fallbacks: { 'claude-*': ['gpt-4o'] },
    });
    try {
      const r = await messages(proxy.url, { stream: true });
      assert.equal(r.status, 200);
      const text = await r.text();
      assert.match(text, /event: message_start/);
      assert.match(text, /event: error/);
      assert.equal(r.headers.get('x-antigravity-account'), 'claude');
      assert.equal(openai.requests.length, 0, 'nothing may be sent elsewhere once the client has bytes');
    } finally {
      await proxy.stop();
      await claude.close();
      await openai.close();
    }
  });

  test('contextWindowFallbacks: the vendor says the input is too long → the wider model serves', async () => {
    const openai = await FakeVendor.start((req, res) => answerError(req, res, 400,
      'This model\'s maximum context length is 128000 tokens. However, your messages resulted in 190211 tokens. Please reduce the length of the messages.',
      { code: 'context_length_exceeded' }));
    const gemini = await FakeVendor.start((req, res) => answerWell(req, res));
    const dataDir = mkdtempSync(join(tmpdir(), 'routing-ctx-'));
    const proxy = await startProxy({
      accounts: [
        { id: 'openai', kind: 'openai', label: 'OpenAI', baseUrl: `${openai.url}/v1`, apiKey: 'sk-openai-test-key', enabled: true },
        { id: 'gemini', kind: 'gemini', label: 'Gemini', baseUrl: gemini.url, apiKey: 'AIza-test-key', enabled: true },
      ],
      contextWindowFallbacks: { 'gpt-4o': ['gemini-2.5-pro'] },
    }, { dataDir });
    try {
      const r = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'a very long log…' }] }) });
      assert.equal(r.status, 200);
      await r.text();
      assert.equal(r.headers.get('x-antigravity-model'), 'gemini-2.5-pro');
      assert.equal(r.headers.get('x-antigravity-attempts'), '2');
      const rec = proxy.server.monitor()!.list()[0]!;
      assert.ok(rec.notes.includes('fallback from gpt-4o (input too long for gpt-4o)'), rec.notes.join(' | '));
      assert.equal(openai.requests.length, 1);
    } finally {
      await proxy.stop();
      await openai.close();
      await gemini.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
  test('a fallback to another model family drops the history\'s foreign reasoning', async () => {
    const claude = await FakeVendor.start((req, res) => answerError(req, res, 529, 'Overloaded'));
    // z.ai speaks Anthropic's dialect: without stripping, Claude's signed thinking would pass through.
    const zai = await FakeVendor.start((req, res) => answerWell(req, res));
    const proxy = await startProxy({
      accounts: [
        { id: 'claude', kind: 'anthropic', label: 'Claude', baseUrl: claude.url, apiKey: 'sk-ant-test-key', enabled: true },
        { id: 'zai', kind: 'zai', label: 'z.ai', baseUrl: zai.url, apiKey: 'zai-test-key-123', enabled: true, models: ['glm-*'] },
      ],
      fallbacks: { 'claude-*': ['glm-4.7'] },
    });
    try {
      const r = await messages(proxy.url, {
        messages: [
          { role: 'user', content: 'first question' },
          { role: 'assistant', content: [{ type: 'thinking', thinking: 'PRIVATE-CLAUDE-THOUGHT', signature: 'c2lnLWNsYXVkZS1vbmx5' }, { type: 'text', text: 'first answer' }] },
          { role: 'user', content: 'second question' },
        ],
      });
      assert.equal(r.status, 200);
      await r.text();
      assert.equal(r.headers.get('x-antigravity-model'), 'glm-4.7');
      assert.equal(zai.requests.length, 1);
      const sent = JSON.stringify(zai.requests[0]!.json);
      assert.match(sent, /first answer/);
      assert.doesNotMatch(sent, /PRIVATE-CLAUDE-THOUGHT|c2lnLWNsYXVkZS1vbmx5/);
    } finally {
      await proxy.stop();
      await claude.close();
      await zai.close();
    }
  });
});
