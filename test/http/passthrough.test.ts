import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerError, FakeVendor, json, sseFrames, sleep, openaiChatStream, anthropicStream, geminiStream, geminiResponse, anthropicResponse, responsesResponse,
} from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';

async function firstChunk(res: Response): Promise<{ text: string; reader: ReadableStreamDefaultReader<Uint8Array> }> {
  const reader = res.body!.getReader();
  const { value } = await reader.read();
  return { text: new TextDecoder().decode(value), reader };
}

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  let out = '';
  const dec = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return out;
    out += dec.decode(value, { stream: true });
  }
}

describe('same-dialect passthrough', () => {
  let up: FakeVendor;
  let proxy: RunningProxy;
  let gate: () => void = () => {};
  before(async () => {
    up = await FakeVendor.start();
    proxy = await startProxy(
      {
        accounts: [
          account('openai', `${up.url}/v1`, { responsesApi: true }),
          account('anthropic', up.url),
          account('gemini', up.url),
        ],
        modelMapping: { 'my-alias': 'gpt-4o-mini' },
      },
      { keepAliveMs: 100 },
    );
  });
  after(async () => {
    await proxy.stop();
    await up.close();
  });

  test('OpenAI stream: bytes reach the client before the upstream finishes', async () => {
    const released = new Promise<void>((r) => (gate = r));
    up.handler = async (_req, res) => {
      const frames = openaiChatStream(['Hel', 'lo']);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(frames[0]);
      res.write(frames[1]);
      await released; // the upstream holds the rest until the client has seen the first bytes
      for (const f of frames.slice(2)) res.write(f);
      res.end();
    };
    const r = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'hi' }] }) });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /text\/event-stream/);
    const { text, reader } = await firstChunk(r);
    assert.match(text, /chat\.completion\.chunk/);
    gate();
    const rest = await drain(reader);
    assert.match(text + rest, /data: \[DONE\]/);
  });

  test('model mapping rewrites only the model; unknown fields survive byte for byte', async () => {
    up.handler = (_req, res) => json(res, 200, { id: 'x', object: 'chat.completion', choices: [] });
    const body = '{"model":"my-alias","messages":[{"role":"user","content":"hi"}],"x_unknown":{"deep":[1,2,{"a":null}]},"temperature":0.25}';
    const r = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body });
    assert.equal(r.status, 200);
    assert.equal(up.last().body, body.replace('"my-alias"', '"gpt-4o-mini"'));
  });

  test('Responses passthrough to /v1/responses', async () => {
    up.handler = (_req, res) => json(res, 200, responsesResponse('resp'));
    const r = await fetch(`${proxy.url}/v1/responses`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', input: 'hi', store: false }) });
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as any).output[0].content[0].text, 'resp');
    assert.equal(up.last().path, '/v1/responses');
  });

  test('Anthropic: version and beta headers kept, x-api-key replaced, cache_control survives', async () => {
    up.handler = (_req, res) => json(res, 200, anthropicResponse('hey'));
    const body = { model: 'claude-sonnet-4-5', max_tokens: 10, system: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: 'hi' }] };
    const r = await fetch(`${proxy.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'interleaved-thinking-2025-05-14', 'x-api-key': 'client-key' },
      body: JSON.stringify(body),
    });
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as any).content[0].text, 'hey');
    const sent = up.last();
    assert.equal(sent.path, '/v1/messages');
    assert.equal(sent.headers['x-api-key'], 'upstream-key-anthropic');
    assert.equal(sent.headers['anthropic-version'], '2023-06-01');
    assert.equal(sent.headers['anthropic-beta'], 'interleaved-thinking-2025-05-14');
    assert.deepEqual(sent.json.system, body.system);
  });

  test('Anthropic stream passes through as SSE', async () => {
    up.handler = (_req, res) => sseFrames(res, anthropicStream(['a', 'b']));
    const r = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ model: 'claude-x', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'hi' }] }) });
    const text = await r.text();
    assert.match(text, /^event: message_start/);
    assert.match(text, /event: message_stop/);
  });

  test('Gemini: model from the URL, body unchanged, alt=sse upstream, x-goog-api-key replaced', async () => {
    up.handler = (req, res) => (req.url.includes('stream') ? sseFrames(res, geminiStream(['x', 'y'])) : json(res, 200, geminiResponse('g')));
    const body = '{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"generationConfig":{"temperature":0.1}}';
    const r = await fetch(`${proxy.url}/v1beta/models/gemini-2.5-flash:generateContent`, { method: 'POST', headers: { 'x-goog-api-key': 'client' }, body });
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as any).candidates[0].content.parts[0].text, 'g');
    assert.equal(up.last().path, '/v1beta/models/gemini-2.5-flash:generateContent');
    assert.equal(up.last().body, body);
    assert.equal(up.last().headers['x-goog-api-key'], 'upstream-key-gemini');
    const s = await fetch(`${proxy.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, { method: 'POST', body });
    assert.match(await s.text(), /"text":"y"/);
    assert.equal(up.last().url, '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });

  test('keep-alives in the caller dialect while the upstream is silent', async () => {
    for (const c of [
      { path: '/v1/chat/completions', frames: openaiChatStream(['a']), expect: /: keep-alive\n\n/, body: { model: 'gpt-4o', stream: true, messages: [] } },
      { path: '/v1/messages', frames: anthropicStream(['a']), expect: /event: ping\ndata: \{"type": "ping"\}\n\n/, body: { model: 'c', max_tokens: 5, stream: true, messages: [] } },
    ]) {
      up.handler = async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(c.frames[0]);
        await sleep(350); // silent for several keep-alive intervals
        for (const f of c.frames.slice(1)) res.write(f);
        res.end();
      };
      const r = await fetch(`${proxy.url}${c.path}`, { method: 'POST', body: JSON.stringify(c.body) });
      const text = await r.text();
      assert.match(text, c.expect, c.path);
      // Keep-alives sit between events, never inside one.
      for (const block of text.split('\n\n').filter(Boolean)) assert.match(block, /^(data: |event: |: keep-alive)/);
    }
  });

  test('client abort reaches the upstream at once', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((r) => (upstreamClosed = r));
    up.handler = async (_req, res) => {
      res.on('close', () => upstreamClosed());
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(openaiChatStream(['a'])[0]);
      // never ends on its own
    };
    const ac = new AbortController();
    const r = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', stream: true, messages: [] }), signal: ac.signal });
    const { reader } = await firstChunk(r);
    const t0 = Date.now();
    ac.abort();
    await reader.cancel().catch(() => {});
    await closed;
    assert.ok(Date.now() - t0 < 1000, 'upstream closed within a second');
  });

  test('upstream reset mid-stream becomes a dialect error event and the stream ends', async () => {
    up.handler = async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(anthropicStream(['a'])[0]);
      await sleep(20);
      res.socket?.destroy();
    };
    const r = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ model: 'c', max_tokens: 5, stream: true, messages: [] }) });
    const text = await r.text();
    assert.match(text, /event: message_start/);
    assert.match(text, /event: error\ndata: \{"type":"error","error":\{"type":"[a-z_]+","message":"[^"]+"\}\}\n\n$/);
  });

  test('upstream 429 reaches the client in its dialect with Retry-After', async () => {
    up.handler = (req, res) => answerError(req, res, 429, 'slow down', { retryAfter: 7 });
    const r = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ model: 'c', max_tokens: 5, messages: [] }) });
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '7');
    const b = (await r.json()) as any;
    assert.equal(b.error.type, 'rate_limit_error');
    assert.match(b.error.message, /slow down/);
  });

  test('an upstream error never leaks the account key', async () => {
    up.handler = (req, res) => {
      const key = req.headers.authorization ?? req.headers['x-api-key'] ?? req.headers['x-goog-api-key'];
      answerError(req, res, 401, `Incorrect API key provided: ${key}`);
    };
    const r = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', messages: [] }) });
    assert.equal(r.status, 401);
    const text = await r.text();
    assert.doesNotMatch(text, /upstream-key-/);
    assert.match(text, /REDACTED/);
  });
});

describe('waiting for a slow upstream', () => {
  test('a streaming client gets headers and keep-alives while the upstream thinks, then the stream; failover still possible', async () => {
    let calls = 0;
    const slow = await FakeVendor.start(async (req, res) => {
      calls++;
      await sleep(300); // longer than several keep-alive intervals before any header
      if (calls === 1) return answerError(req, res, 503, 'overloaded');
      await sseFrames(res, anthropicStream(['late']));
    });
    const second = await FakeVendor.start(async (_req, res) => {
      await sleep(200);
      await sseFrames(res, anthropicStream(['from second']));
    });
    const proxy = await startProxy({ accounts: [account('anthropic', slow.url, { id: 'slow' }), account('anthropic', second.url, { id: 'second' })] }, { keepAliveMs: 50 });
    try {
      const r = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ model: 'c', max_tokens: 5, stream: true, messages: [] }) });
      assert.equal(r.status, 200);
      const text = await r.text();
      assert.match(text, /^event: ping/);
      assert.match(text, /from second/);
      assert.match(text, /event: message_stop/);
      for (const block of text.split('\n\n').filter(Boolean)) assert.match(block, /^(data: |event: )/);
    } finally {
      await proxy.stop();
      await slow.close();
      await second.close();
    }
  });
});

describe('a mapped model on a passthrough', () => {
  test('the answer names the model the client asked for (JSON and stream), split lines included', async () => {
    const up = await FakeVendor.start(async (req, res) => {
      if (!req.json.stream) return json(res, 200, anthropicResponse('hi', 'upstream-model'));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const frames = anthropicStream(['a'], 'upstream-model').join('');
      // Cut inside the message_start data line to prove lines are reassembled.
      const cut = frames.indexOf('upstream-model') + 3;
      res.write(frames.slice(0, cut));
      await sleep(20);
      res.end(frames.slice(cut));
    });
    const proxy = await startProxy({ accounts: [account('anthropic', up.url)], modelMapping: { 'claude-opus-4-8': 'upstream-model' } });
    try {
      const body = (stream: boolean) => JSON.stringify({ model: 'claude-opus-4-8', max_tokens: 5, stream, messages: [{ role: 'user', content: 'x' }] });
      const j = (await (await fetch(`${proxy.url}/v1/messages`, { method: 'POST', body: body(false) })).json()) as any;
      assert.equal(j.model, 'claude-opus-4-8');
      assert.equal(up.last().json.model, 'upstream-model');
      const text = await (await fetch(`${proxy.url}/v1/messages`, { method: 'POST', body: body(true) })).text();
      assert.match(text, /"model":"claude-opus-4-8"/);
      assert.doesNotMatch(text, /upstream-model/);
      assert.match(text, /event: message_stop/);
    } finally {
      await proxy.stop();
      await up.close();
    }
  });
});
