/**
 * Contract checks for bugs the hardening suite found in the dispatcher (src/proxy/dispatch/**),
 * kept as regression tests now that they are fixed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor, sleep, answerWell } from '../fakes/vendor';
import { account, startProxy } from '../support/proxy-harness';
import { errorProblem, raw } from './support/util';

async function withUpstream(handler: unknown, fn: (url: string) => Promise<void>, timeoutS = 2) {
  const up = await FakeVendor.start(handler as never);
  const p = await startProxy(
    { proxy: { authMode: 'off', requestTimeoutSeconds: timeoutS }, accounts: [account('openai', `${up.url}/v1`, { models: ['gpt-*'] }), account('gemini', up.url, { models: ['gemini-*'] })] },
    { keepAliveMs: 200 },
  );
  try {
    await fn(p.url);
  } finally {
    await p.server.dispose();
    await up.close();
  }
}

const chat = (stream: boolean) => JSON.stringify({ model: 'gpt-4o', stream, messages: [{ role: 'user', content: 'hi tok-a' }] });
const json = { 'content-type': 'application/json' };

test('an HTML page with 200 (captive portal, misconfigured base URL) is a 502 in the caller dialect, not a 200 "JSON" of HTML', async () => {
  await withUpstream((_r: any, res: any) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>Sign in to the Wi-Fi</body></html>');
  }, async (url) => {
    const r = await raw(url, '/v1/chat/completions', { headers: json, body: chat(false) });
    assert.equal(r.status, 502, r.text);
    assert.equal(errorProblem('openai', r), undefined);
  });
});

test('a stream request answered with 200 + JSON (not SSE) is a 502 in the caller dialect (an error event once the stream is committed), never JSON under text/event-stream', async () => {
  await withUpstream((_r: any, res: any) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'stream not supported' } }));
  }, async (url) => {
    const r = await raw(url, '/v1/chat/completions', { headers: json, body: chat(true) });
    const what = `${r.status} ${r.headers['content-type']}: ${r.text}`;
    if (r.status === 200) {
      // The keep-alive committed the stream before the answer came: then it must end with an error event.
      assert.match(String(r.headers['content-type']), /^text\/event-stream/, what);
      assert.match(r.text, /data: \{"error":[^\n]*\n\n(data: \[DONE\]\n\n)?$/, what);
    } else {
      assert.equal(r.status, 502, what);
      assert.equal(errorProblem('openai', r), undefined, what);
    }
  });
});

test('a non-stream upstream that drips forever is cut at requestTimeoutSeconds (the "total timeout" of DESIGN §1)', async () => {
  await withUpstream(async (_r: any, res: any) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"id":"x","choices":[');
    while (!res.destroyed) {
      res.write(' ');
      await sleep(200);
    }
  }, async (url) => {
    const t0 = Date.now();
    const r = await raw(url, '/v1/chat/completions', { headers: json, body: chat(false), timeoutMs: 8_000 }).catch((e) => ({ status: 0, text: String(e), headers: {} }));
    assert.equal(r.status, 504, `after ${Date.now() - t0} ms: ${r.text.slice(0, 200)}`);
  });
});

test('Gemini streamGenerateContent without alt=sse gets the streamed JSON array it asked for (passthrough)', async () => {
  await withUpstream((req: any, res: any) => answerWell(req, res), async (url) => {
    const r = await raw(url, '/v1beta/models/gemini-2.5-flash:streamGenerateContent', { headers: json, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi tok-a' }] }] }) });
    assert.equal(r.status, 200);
    const arr = JSON.parse(r.text);
    assert.ok(Array.isArray(arr) && arr.length > 0, r.text.slice(0, 200));
  });
});

test('a passthrough stream that the upstream ends cleanly but truncated (no terminal event) ends with an error event', async () => {
  await withUpstream((_r: any, res: any) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end('data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"tok-a"}}]}\n\n');
  }, async (url) => {
    const r = await raw(url, '/v1/chat/completions', { headers: json, body: chat(true) });
    assert.equal(r.status, 200);
    assert.match(r.text, /tok-a/);
    assert.match(r.text, /data: \{"error":\{"message":"[^"]+"[^\n]*\n\n(data: \[DONE\]\n\n)?$/, r.text);
  });
});
