/**
 * Issue 19 × 18: `contextWindowFallbacks` also applies when the model catalog already knows the
 * input is too long for the client's model (no upstream call to the small model at all); without
 * a chain that fits, the client gets the vendor-style too-long error (its own compaction starts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerWell, FakeVendor } from '../fakes/vendor';
import { startProxy } from '../support/proxy-harness';

const long = 'lorem ipsum dolor sit amet '.repeat(800); // ~5 000 estimated tokens

async function setup(chain: Record<string, string[]>) {
  const vendor = await FakeVendor.start((req, res) => answerWell(req, res));
  const dataDir = mkdtempSync(join(tmpdir(), 'routing-window-'));
  const proxy = await startProxy({
    accounts: [{ id: 'oa', kind: 'openai', label: 'OpenAI', baseUrl: `${vendor.url}/v1`, apiKey: 'sk-openai-test-key', enabled: true, models: ['small-model', 'big-model'] }],
    models: { 'small-model': { contextWindow: 2_000 }, 'big-model': { contextWindow: 100_000 } },
    contextWindowFallbacks: chain,
  }, { dataDir });
  const ask = () => fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'small-model', messages: [{ role: 'user', content: long }] }) });
  return { vendor, proxy, ask, close: async () => { await proxy.stop(); await vendor.close(); rmSync(dataDir, { recursive: true, force: true }); } };
}

test('input over the catalog window: the contextWindowFallbacks model that fits serves it, the small one is never called', async () => {
  const s = await setup({ 'small-model': ['big-model'] });
  try {
    const r = await s.ask();
    assert.equal(r.status, 200, await r.clone().text());
    await r.text();
    assert.equal(r.headers.get('x-antigravity-model'), 'big-model');
    assert.equal(s.vendor.requests.length, 1);
    assert.equal((JSON.parse(s.vendor.requests[0]!.body) as { model: string }).model, 'big-model');
    const rec = s.proxy.server.monitor()!.list()[0]!;
    assert.ok(rec.notes.some((n) => /fallback from small-model \(input too long/.test(n)), rec.notes.join(' | '));
  } finally {
    await s.close();
  }
});

test('input over the catalog window with no chain that fits: the vendor-style too-long 400, no upstream call', async () => {
  const s = await setup({});
  try {
    const r = await s.ask();
    assert.equal(r.status, 400);
    const body = (await r.json()) as { error: { code?: string; message: string } };
    assert.equal(body.error.code, 'context_length_exceeded');
    assert.match(body.error.message, /maximum context length is 2000 tokens/);
    assert.equal(s.vendor.requests.length, 0);
  } finally {
    await s.close();
  }
});
