import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor, json, sleep, sseFrames, anthropicStream, openaiChatStream, geminiResponse } from '../fakes/vendor';
import { account, startProxy } from '../support/proxy-harness';

const anthropicBody = (model: string, stream = true) => JSON.stringify({ model, max_tokens: 5, stream, messages: [{ role: 'user', content: 'x' }] });

test('a renamed passthrough stream keeps multi-byte characters split across upstream chunks', async () => {
  const up = await FakeVendor.start(async (_req, res) => {
    const frames = Buffer.from(openaiChatStream(['Grüße 日本 🙂'], 'upstream-model').join(''));
    const at = frames.indexOf(Buffer.from('日')) + 1; // inside the 3-byte sequence
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(frames.subarray(0, at));
    await sleep(20);
    res.end(frames.subarray(at));
  });
  const proxy = await startProxy({ accounts: [account('openai', `${up.url}/v1`)], modelMapping: { 'my-alias': 'upstream-model' } });
  try {
    const r = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'my-alias', stream: true, messages: [] }) });
    const text = await r.text();
    assert.match(text, /Grüße 日本 🙂/);
    assert.doesNotMatch(text, /\uFFFD/);
    assert.match(text, /"model":"my-alias"/);
  } finally {
    await proxy.stop();
    await up.close();
  }
});

test('an error as the first stream event (200 + overloaded_error) fails over and cools the account', async () => {
  const overloaded = await FakeVendor.start((_req, res) =>
    sseFrames(res, ['event: ping\ndata: {"type": "ping"}\n\n', 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n']),
  );
  const good = await FakeVendor.start((_req, res) => sseFrames(res, anthropicStream(['fine'])));
  const proxy = await startProxy({ scheduling: 'fill-first', accounts: [account('anthropic', overloaded.url, { id: 'a', priority: 2 }), account('anthropic', good.url, { id: 'b', priority: 1 })] });
  try {
    const r = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', body: anthropicBody('claude-sonnet-4-5') });
    const text = await r.text();
    assert.match(text, /fine/);
    assert.doesNotMatch(text, /overloaded_error/);
    const a = proxy.server.status().accountStates.find((s) => s.id === 'a')!;
    assert.equal(a.state, 'cooling');
  } finally {
    await proxy.stop();
    await overloaded.close();
    await good.close();
  }
});

test('a translated stream cut short upstream ends with an error event, not a normal finish', async () => {
  const up = await FakeVendor.start(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const frames = anthropicStream(['partial']);
    res.end(frames.slice(0, 4).join('')); // message_start … one delta, then a clean close
  });
  const proxy = await startProxy({ accounts: [account('anthropic', up.url)] });
  try {
    const r = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'claude-sonnet-4-5', stream: true, messages: [{ role: 'user', content: 'x' }] }) });
    const text = await r.text();
    assert.match(text, /partial/);
    // The error event is the last event (the [DONE] sentinel may still follow it).
    assert.match(text, /data: \{"error":\{[^\n]*\}\n\n(data: \[DONE\]\n\n)?$/, text);
    assert.doesNotMatch(text, /"finish_reason":"stop"/);
  } finally {
    await proxy.stop();
    await up.close();
  }
});

test('a blocked Gemini prompt (promptFeedback only) is a complete answer, also as a JSON array', async () => {
  const blocked = { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 3, totalTokenCount: 3 } };
  const up = await FakeVendor.start((req, res) => {
    if (req.url.includes('alt=sse')) return sseFrames(res, [`data: ${JSON.stringify(blocked)}\r\n\r\n`]);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`[${JSON.stringify(blocked)}]`);
  });
  const proxy = await startProxy({ accounts: [account('gemini', up.url)] });
  try {
    const body = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'x' }] }] });
    const sse = await (await fetch(`${proxy.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, { method: 'POST', body })).text();
    assert.match(sse, /blockReason/);
    assert.doesNotMatch(sse, /"error"/);
    const arr = await (await fetch(`${proxy.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent`, { method: 'POST', body })).text();
    assert.equal(JSON.parse(arr)[0].promptFeedback.blockReason, 'SAFETY');
  } finally {
    await proxy.stop();
    await up.close();
  }
});

test('a client that leaves before the answer is recorded as aborted (499), not as an unknown path', async () => {
  const up = await FakeVendor.start(async (_req, res) => {
    await sleep(400);
    json(res, 200, geminiResponse('late'));
  });
  const proxy = await startProxy({ accounts: [account('openai', `${up.url}/v1`)], monitor: { enabled: true, captureBodies: 'none', maxEntries: 10 } }, { dataDir: await import('node:fs').then((fs) => fs.mkdtempSync('/tmp/agp-abort-')) });
  try {
    const ac = new AbortController();
    const p = fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', messages: [] }), signal: ac.signal }).catch(() => undefined);
    await sleep(100);
    ac.abort();
    await p;
    await sleep(500);
    const rec = proxy.server.monitor()!.list()[0]!;
    assert.equal(rec.aborted, true);
    assert.equal(rec.status, 499);
    assert.notEqual(rec.errorType, 'not_found');
    assert.equal(proxy.server.status().accountStates[0]!.state, 'ready', 'a client leaving does not cool the account');
  } finally {
    await proxy.server.dispose();
    await up.close();
  }
});

test('stop() during start() leaves nothing listening', async () => {
  const proxy = await startProxy({ accounts: [account('openai', 'http://127.0.0.1:9/v1')] });
  const { port } = proxy.server.status();
  await proxy.server.stop();
  const starting = proxy.server.start();
  await proxy.server.stop();
  await starting;
  assert.equal(proxy.server.status().state, 'stopped');
  await assert.rejects(fetch(`http://127.0.0.1:${proxy.server.status().port || port}/healthz`));
});
