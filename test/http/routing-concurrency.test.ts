/**
 * Issue 19: concurrency caps. `maxConcurrent: 1` (the z.ai preset) with 6 concurrent clients:
 * at most one request in flight at the vendor, no client error, the waits recorded; a queue
 * wait that runs out goes to the fallback chain, or without one to a 429 with Retry-After.
 * The configs here are the README's "Concurrency caps" examples.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerWell, FakeVendor, sleep, type Handler } from '../fakes/vendor';
import { startProxy } from '../support/proxy-harness';

/** A vendor that takes `ms` per answer and counts how many it serves at once. */
async function slowVendor(ms: number) {
  const seen = { now: 0, max: 0 };
  const handler: Handler = async (req, res) => {
    seen.now += 1;
    seen.max = Math.max(seen.max, seen.now);
    try {
      await sleep(ms);
      await answerWell(req, res);
    } finally {
      seen.now -= 1;
    }
  };
  return { vendor: await FakeVendor.start(handler), seen };
}

const glm = (url: string, content: string, stream: boolean) => fetch(`${url}/v1/messages`, {
  method: 'POST',
  body: JSON.stringify({ model: 'glm-4.7', max_tokens: 64, stream, messages: [{ role: 'user', content }] }),
});

describe('concurrency caps', () => {
  test('maxConcurrent 1 and 6 concurrent clients: one at a time at the vendor, all served, waits recorded', async () => {
    const { vendor, seen } = await slowVendor(120);
    const dataDir = mkdtempSync(join(tmpdir(), 'routing-cap-'));
    const proxy = await startProxy({
      accounts: [{ id: 'zai', kind: 'zai', label: 'z.ai', baseUrl: vendor.url, apiKey: 'zai-test-key-123', enabled: true, maxConcurrent: 1 }],
    }, { dataDir });
    try {
      const pending = Array.from({ length: 6 }, (_, i) => glm(proxy.url, `client ${i}`, i % 2 === 0).then(async (r) => ({ status: r.status, text: await r.text() })));
      // What the panel shows meanwhile: one in flight, the others queued.
      let done = false;
      const all = Promise.all(pending).finally(() => (done = true));
      const shown = { inFlight: 0, queued: 0 };
      while (!done) {
        const st = proxy.server.status().accountStates.find((s) => s.id === 'zai')!;
        shown.inFlight = Math.max(shown.inFlight, st.inFlight ?? 0);
        shown.queued = Math.max(shown.queued, st.queued ?? 0);
        await sleep(10);
      }
      const results = await all;
      assert.equal(shown.inFlight, 1);
      assert.ok(shown.queued >= 3, `most queued at once: ${shown.queued}`);
      assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200, 200, 200]);
      assert.ok(results.every((r) => !/"type":"error"|event: error/.test(r.text)), 'no client saw an error');
      assert.equal(seen.max, 1, 'never more than one request in flight at the vendor');
      assert.equal(vendor.requests.length, 6);
      await sleep(50);
      const recs = proxy.server.monitor()!.list().slice(0, 6);
      const waits = recs.flatMap((r) => r.notes.filter((n) => /^queued \d+ ms for z\.ai$/.test(n)));
      assert.ok(waits.length >= 5, `waits recorded: ${waits.join(' | ')}`);
      const after = proxy.server.status().accountStates.find((s) => s.id === 'zai')!;
      assert.equal(after.inFlight, 0);
      assert.equal(after.queued, 0);
    } finally {
      await proxy.stop();
      await vendor.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  const claude = (url: string) => fetch(`${url}/v1/messages`, {
    method: 'POST', body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'one more' }] }),
  });

  test('a queue wait that runs out goes to the fallback chain', async () => {
    const { vendor: busy } = await slowVendor(2500);
    const spare = await FakeVendor.start((req, res) => answerWell(req, res));
    const dataDir = mkdtempSync(join(tmpdir(), 'routing-queue-'));
    const proxy = await startProxy({
      proxy: { queueTimeoutSeconds: 1 },
      accounts: [
        { id: 'claude', kind: 'anthropic', label: 'Claude', baseUrl: busy.url, apiKey: 'sk-ant-test-key', enabled: true, maxConcurrent: 1 },
        { id: 'openai', kind: 'openai', label: 'OpenAI', baseUrl: `${spare.url}/v1`, apiKey: 'sk-openai-test-key', enabled: true },
      ],
      fallbacks: { 'claude-sonnet-4-5': ['gpt-4o'] },
    }, { dataDir });
    try {
      const first = claude(proxy.url);
      await sleep(100);
      const t0 = Date.now();
      const second = await claude(proxy.url);
      assert.equal(second.status, 200);
      await second.text();
      assert.equal(second.headers.get('x-antigravity-model'), 'gpt-4o');
      assert.equal(second.headers.get('x-antigravity-account'), 'openai');
      assert.ok(Date.now() - t0 >= 900, 'it waited for the queue first');
      const rec = proxy.server.monitor()!.list()[0]!;
      assert.ok(rec.notes.includes('fallback from claude-sonnet-4-5 (queue wait over 1 s on Claude)'), rec.notes.join(' | '));
      const r1 = await first;
      assert.equal(r1.status, 200);
      assert.equal(r1.headers.get('x-antigravity-account'), 'claude');
      await r1.text();
      assert.equal(busy.requests.length, 1);
    } finally {
      await proxy.stop();
      await busy.close();
      await spare.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('without a fallback, a queue wait that runs out is a 429 with Retry-After', async () => {
    const { vendor: busy } = await slowVendor(2500);
    const proxy = await startProxy({
      proxy: { queueTimeoutSeconds: 1 },
      accounts: [{ id: 'claude', kind: 'anthropic', label: 'Claude', baseUrl: busy.url, apiKey: 'sk-ant-test-key', enabled: true, maxConcurrent: 1 }],
    });
    try {
      const first = claude(proxy.url);
      await sleep(100);
      const second = await claude(proxy.url);
      assert.equal(second.status, 429);
      assert.ok(Number(second.headers.get('retry-after')) >= 1);
      const body = (await second.json()) as { type: string; error: { type: string; message: string } };
      assert.equal(body.error.type, 'rate_limit_error');
      assert.match(body.error.message, /busy .*queue wait of 1 s ran out/);
      assert.equal((await first).status, 200);
      assert.equal(busy.requests.length, 1);
    } finally {
      await proxy.stop();
      await busy.close();
    }
  });
});
