/**
 * 200 concurrent streams through passthrough and translation (issue #8): each client's stream
 * carries only its own token (no cross-talk), every stream completes, memory stays bounded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor, answerWell } from '../fakes/vendor';
import { account, startProxy } from '../support/proxy-harness';
import { faultTracker, mb, memory, MiB, raw } from './support/util';

const STREAMS = 200;

const FLAVOURS: { name: string; path: string; body: (tok: string) => string; end: RegExp }[] = [
  { name: 'chat passthrough', path: '/v1/chat/completions', body: (t) => JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: `hi ${t}` }] }), end: /data: \[DONE\]\n\n$/ },
  { name: 'anthropic passthrough', path: '/v1/messages', body: (t) => JSON.stringify({ model: 'claude-sonnet-4-5', stream: true, max_tokens: 50, messages: [{ role: 'user', content: `hi ${t}` }] }), end: /message_stop[^]*\n\n$/ },
  { name: 'gemini passthrough', path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', body: (t) => JSON.stringify({ contents: [{ role: 'user', parts: [{ text: `hi ${t}` }] }] }), end: /finishReason[^]*\r?\n\r?\n$/ /* Google ends SSE lines with CRLF */ },
  { name: 'chat → anthropic', path: '/v1/chat/completions', body: (t) => JSON.stringify({ model: 'claude-sonnet-4-5', stream: true, messages: [{ role: 'user', content: `hi ${t}` }] }), end: /data: \[DONE\]\n\n$/ },
  { name: 'anthropic → gemini', path: '/v1/messages', body: (t) => JSON.stringify({ model: 'gemini-2.5-flash', stream: true, max_tokens: 50, messages: [{ role: 'user', content: `hi ${t}` }] }), end: /message_stop[^]*\n\n$/ },
  { name: 'responses → anthropic', path: '/v1/responses', body: (t) => JSON.stringify({ model: 'claude-sonnet-4-5', stream: true, input: `hi ${t}` }), end: /response\.completed[^]*\n\n$/ },
];

test(`${STREAMS} concurrent streams: no cross-talk, all complete, bounded memory`, { timeout: 180_000 }, async () => {
  const tracker = faultTracker();
  const up: FakeVendor = await FakeVendor.start((req, res) => {
    up.requests.length = 0;
    const tok = /tok-[a-z0-9]+/.exec(req.body)?.[0] ?? 'none';
    return answerWell(req, res, Array.from({ length: 20 }, (_, i) => `${tok}:${i} `), 20);
  });
  const proxy = await startProxy({
    proxy: { authMode: 'off' },
    accounts: [
      account('openai', `${up.url}/v1`, { models: ['gpt-*'] }),
      account('anthropic', up.url, { models: ['claude-*'] }),
      account('gemini', up.url, { models: ['gemini-*'] }),
    ],
  });
  try {
    // Warm up (JIT, pools), then measure.
    await Promise.all(FLAVOURS.map((f) => raw(proxy.url, f.path, { headers: { 'content-type': 'application/json' }, body: f.body('tok-warm') })));
    const before = memory();
    let peakRss = before.rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const t0 = Date.now();
    const results = await Promise.all(
      Array.from({ length: STREAMS }, async (_, i) => {
        const f = FLAVOURS[i % FLAVOURS.length]!;
        const tok = `tok-c${i}z`;
        const r = await raw(proxy.url, f.path, { headers: { 'content-type': 'application/json' }, body: f.body(tok), timeoutMs: 60_000 });
        return { i, f, tok, r };
      }),
    );
    clearInterval(sampler);
    const ms = Date.now() - t0;
    const after = memory();
    const problems: string[] = [];
    const byFlavour: Record<string, number> = {};
    for (const { f, tok, r } of results) {
      byFlavour[f.name] = (byFlavour[f.name] ?? 0) + 1;
      if (r.status !== 200) {
        problems.push(`${f.name} ${tok}: ${r.status} ${r.text.slice(0, 200)}`);
        continue;
      }
      const seen = new Set(r.text.match(/tok-[a-z0-9]+/g) ?? []);
      if (seen.size !== 1 || !seen.has(tok)) problems.push(`${f.name} ${tok}: cross-talk, saw ${[...seen].join(',')}`);
      if ((r.text.match(new RegExp(`${tok}:`, 'g')) ?? []).length < 20) problems.push(`${f.name} ${tok}: incomplete`);
      if (!f.end.test(r.text)) problems.push(`${f.name} ${tok}: no proper end: …${r.text.slice(-200)}`);
    }
    console.log(`concurrency: ${STREAMS} streams in ${ms} ms ${JSON.stringify(byFlavour)}; heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)}; rss ${mb(before.rss)} → peak ${mb(peakRss)} → ${mb(after.rss)}`);
    assert.deepEqual(problems.slice(0, 10), [], `${problems.length} problems`);
    assert.ok(after.heapUsed - before.heapUsed < 32 * MiB, `heap grew ${mb(after.heapUsed - before.heapUsed)}`);
    assert.ok(peakRss - before.rss < 256 * MiB, `rss peak +${mb(peakRss - before.rss)}`);
    assert.equal(proxy.server.status().activeRequests, 0);
    assert.deepEqual(tracker.faults, []);
  } finally {
    tracker.dispose();
    await proxy.server.dispose();
    await up.close();
  }
});
