import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor, json, openaiChatResponse, anthropicResponse, geminiResponse } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import type { AuthMode } from '../../src/core/config';

const KEY = 'sk-test-proxy-key-123456';

/** Every way a client can present the key (DESIGN §2). */
const FORMS: { name: string; headers: (k: string) => Record<string, string>; query?: (k: string) => string }[] = [
  { name: 'Authorization: Bearer', headers: (k) => ({ authorization: `Bearer ${k}` }) },
  { name: 'Authorization: <key>', headers: (k) => ({ authorization: k }) },
  { name: 'x-api-key', headers: (k) => ({ 'x-api-key': k }) },
  { name: 'x-goog-api-key', headers: (k) => ({ 'x-goog-api-key': k }) },
  { name: '?key=', headers: () => ({}), query: (k) => `?key=${encodeURIComponent(k)}` },
];

describe('auth modes × key forms', () => {
  let up: FakeVendor;
  before(async () => {
    up = await FakeVendor.start((req, res) => {
      if (req.path.includes('/messages')) return json(res, 200, anthropicResponse('ok'));
      if (req.path.includes(':generateContent')) return json(res, 200, geminiResponse('ok'));
      return json(res, 200, openaiChatResponse('ok'));
    });
  });
  after(() => up.close());

  const modes: { mode: AuthMode; lan: boolean; health: boolean; api: boolean }[] = [
    { mode: 'off', lan: false, health: false, api: false },
    { mode: 'strict', lan: false, health: true, api: true },
    { mode: 'all_except_health', lan: false, health: false, api: true },
    { mode: 'auto', lan: false, health: false, api: false },
  ];

  for (const m of modes) {
    describe(`authMode=${m.mode}`, () => {
      let proxy: RunningProxy;
      before(async () => {
        proxy = await startProxy({
          proxy: { authMode: m.mode, apiKey: KEY },
          accounts: [account('openai', `${up.url}/v1`), account('anthropic', up.url), account('gemini', up.url)],
        });
      });
      after(() => proxy.stop());

      test(`/healthz without key → ${m.health ? 401 : 200}`, async () => {
        const r = await fetch(`${proxy.url}/healthz`);
        assert.equal(r.status, m.health ? 401 : 200);
      });

      test(`chat without key → ${m.api ? 401 : 200}`, async () => {
        const r = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', messages: [] }) });
        assert.equal(r.status, m.api ? 401 : 200);
        if (m.api) {
          const b = (await r.json()) as any;
          assert.equal(b.error.type, 'authentication_error');
        }
      });

      if (m.api) {
        for (const f of FORMS) {
          test(`key via ${f.name} → 200; wrong key → 401; key never forwarded`, async () => {
            const ok = await fetch(`${proxy.url}/v1/chat/completions${f.query?.(KEY) ?? ''}`, { method: 'POST', headers: f.headers(KEY), body: JSON.stringify({ model: 'gpt-4o', messages: [] }) });
            assert.equal(ok.status, 200);
            const sent = up.last();
            assert.ok(!JSON.stringify(sent.headers).includes(KEY), 'client key must not reach the upstream');
            assert.ok(!sent.url.includes(KEY));
            assert.equal(sent.headers.authorization, 'Bearer upstream-key-openai');
            const bad = await fetch(`${proxy.url}/v1/chat/completions${f.query?.('sk-wrong-key-000000') ?? ''}`, { method: 'POST', headers: f.headers('sk-wrong-key-000000'), body: '{}' });
            assert.equal(bad.status, 401);
            const text = await bad.text();
            assert.ok(!text.includes('sk-wrong-key-000000'), 'the presented key is never echoed');
            assert.ok(!text.includes(KEY));
          });
        }

        test('401 bodies come in each caller dialect', async () => {
          const a = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'nope-nope-nope' }, body: '{}' });
          assert.equal(a.status, 401);
          assert.deepEqual(Object.keys((await a.json()) as any), ['type', 'error']);
          const g = await fetch(`${proxy.url}/v1beta/models/gemini-2.5-flash:generateContent`, { method: 'POST', body: '{}' });
          assert.equal(g.status, 401);
          const gb = (await g.json()) as any;
          assert.equal(gb.error.code, 401);
          assert.equal(gb.error.status, 'UNAUTHENTICATED');
        });

        test('empty and oversized keys are refused', async () => {
          for (const k of ['Bearer ', 'x'.repeat(8_000)]) {
            const r = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: k }, body: '{}' });
            assert.equal(r.status, 401);
          }
          // Beyond Node's header limit the request never reaches auth: 431, no crash.
          const huge = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'x'.repeat(100_000) }, body: '{}' });
          assert.equal(huge.status, 431);
        });
      }
    });
  }

  test('auto with LAN access behaves as all_except_health', async () => {
    const proxy = await startProxy({ proxy: { authMode: 'auto', allowLanAccess: true, apiKey: KEY }, accounts: [account('openai', `${up.url}/v1`)] });
    try {
      const port = proxy.server.status().port;
      assert.equal(proxy.server.status().host, '0.0.0.0');
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
      const r = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, { method: 'POST', body: '{}' });
      assert.equal(r.status, 401);
    } finally {
      await proxy.stop();
    }
  });
});
