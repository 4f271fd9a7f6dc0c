/**
 * The shared fake vendor (test/fakes/vendor) speaks what the real APIs speak: every other
 * suite trusts it, so its auth, validation, formats and faults are checked here.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { benchScript, FakeVendor } from '../../fakes/vendor';

const post = (url: string, path: string, headers: Record<string, string>, body: unknown) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const chat = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi tok-abc' }] };
const msgs = { model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi tok-abc' }] };
const gem = { contents: [{ role: 'user', parts: [{ text: 'hi tok-abc' }] }] };
const OPENAI = { authorization: 'Bearer k1' };
const ANTHROPIC = { 'x-api-key': 'k1', 'anthropic-version': '2023-06-01' };
const GEMINI = { 'x-goog-api-key': 'k1' };

describe('fake vendor', () => {
  let v: FakeVendor;
  before(async () => {
    v = await FakeVendor.start({ apiKey: 'k1', models: ['m-1'] });
  });
  after(() => v.close());

  test('keys are read where each vendor reads them, and refused in its own error shape', async () => {
    const o = await post(v.url, '/v1/chat/completions', { authorization: 'Bearer sk-wrong-0000' }, chat);
    assert.equal(o.status, 401);
    const ob = (await o.json()) as any;
    assert.equal(ob.error.code, 'invalid_api_key');
    assert.equal(ob.error.type, 'invalid_request_error');
    assert.ok(o.headers.get('x-request-id'));

    const a = await post(v.url, '/v1/messages', { authorization: 'Bearer k1', 'anthropic-version': '2023-06-01' }, msgs); // Bearer is not Anthropic's header
    assert.equal(a.status, 401);
    const ab = (await a.json()) as any;
    assert.deepEqual([ab.type, ab.error.type], ['error', 'authentication_error']);
    assert.equal(a.headers.get('request-id'), ab.request_id);

    const g = await post(v.url, '/v1beta/models/gemini-2.5-flash:generateContent', { 'x-goog-api-key': 'nope' }, gem);
    assert.equal(g.status, 400);
    const gb = (await g.json()) as any;
    assert.equal(gb.error.status, 'INVALID_ARGUMENT');
    assert.equal(gb.error.details[0].reason, 'API_KEY_INVALID');
    assert.equal(v.requests.filter((r) => r.refused).length, 3);
  });

  test('answers JSON and streams in each wire format, echoing the request marker', async () => {
    const o = (await (await post(v.url, '/v1/chat/completions', OPENAI, chat)).json()) as any;
    assert.equal(o.object, 'chat.completion');
    assert.match(o.choices[0].message.content, /tok-abc/);

    const s = await post(v.url, '/v1/chat/completions', OPENAI, { ...chat, stream: true, stream_options: { include_usage: true } });
    const st = await s.text();
    assert.match(s.headers.get('content-type') ?? '', /text\/event-stream/);
    assert.match(st, /"usage":\{"prompt_tokens"/);
    assert.match(st, /data: \[DONE\]\n\n$/);

    const r = await (await post(v.url, '/v1/responses', OPENAI, { model: 'gpt-4o', input: 'hi tok-abc', stream: true })).text();
    assert.match(r, /^event: response\.created\n/);
    assert.match(r, /event: response\.completed\n[^\n]*\n\n$/);

    const a = await (await post(v.url, '/v1/messages', ANTHROPIC, { ...msgs, stream: true })).text();
    assert.match(a, /^event: message_start\n/);
    assert.match(a, /event: message_stop\ndata: \{"type":"message_stop"\}\n\n$/);

    const sse = await (await post(v.url, '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', GEMINI, gem)).text();
    assert.match(sse, /^data: \{"candidates"/);
    assert.match(sse, /"finishReason":"STOP"[^\n]*\r\n\r\n$/, 'Google ends SSE lines with CRLF');
    const arr = await (await post(v.url, '/v1beta/models/gemini-2.5-flash:streamGenerateContent', GEMINI, gem)).text();
    assert.ok(Array.isArray(JSON.parse(arr)), 'without alt=sse: one JSON array');
  });

  test('refuses what the vendor refuses, counts tokens, lists models', async () => {
    const noMax = await post(v.url, '/v1/messages', ANTHROPIC, { model: 'c', messages: [] });
    assert.equal(noMax.status, 400);
    assert.equal(((await noMax.json()) as any).error.type, 'invalid_request_error');
    const noVersion = await post(v.url, '/v1/messages', { 'x-api-key': 'k1' }, msgs);
    assert.equal(noVersion.status, 400);

    const ct = (await (await post(v.url, '/v1/messages/count_tokens', ANTHROPIC, msgs)).json()) as any;
    assert.ok(ct.input_tokens > 0);
    const gct = (await (await post(v.url, '/v1beta/models/g:countTokens', GEMINI, gem)).json()) as any;
    assert.ok(gct.totalTokens > 0);

    const om = (await (await fetch(`${v.url}/v1/models`, { headers: OPENAI })).json()) as any;
    assert.deepEqual([om.object, om.data[0].id], ['list', 'm-1']);
    const am = (await (await fetch(`${v.url}/v1/models`, { headers: ANTHROPIC })).json()) as any;
    assert.equal(am.data[0].type, 'model');
    const gm = (await (await fetch(`${v.url}/v1beta/models`, { headers: GEMINI })).json()) as any;
    assert.equal(gm.models[0].name, 'models/m-1');
  });
});

describe('fake vendor faults', () => {
  test('errors carry each vendor retry hint; resets and mid-stream resets cut the socket', async () => {
    const faults = [
      { type: 'error', status: 429, message: 'slow down', retryAfter: 7, retryDelay: '37s', headers: { 'x-ratelimit-reset-requests': '6m0s' } },
      { type: 'reset' },
      { type: 'reset-mid-stream', afterFrames: 1 },
    ] as const;
    const v = await FakeVendor.start({ fault: (_r, n) => faults[n % faults.length] });
    try {
      const o = await post(v.url, '/v1/chat/completions', OPENAI, chat);
      assert.equal(o.status, 429);
      assert.equal(o.headers.get('retry-after'), '7');
      assert.equal(o.headers.get('x-ratelimit-reset-requests'), '6m0s');
      assert.equal(((await o.json()) as any).error.code, 'rate_limit_exceeded');
      await assert.rejects(post(v.url, '/v1/messages', ANTHROPIC, msgs));
      const mid = await post(v.url, '/v1/messages', ANTHROPIC, { ...msgs, stream: true });
      assert.equal(mid.status, 200);
      await assert.rejects(mid.text(), 'the stream dies after its first frame');

      const g = await post(v.url, '/v1beta/models/g:generateContent', GEMINI, gem); // n = 3: the 429 again, Gemini-shaped
      const gb = (await g.json()) as any;
      assert.deepEqual([g.status, gb.error.status], [429, 'RESOURCE_EXHAUSTED']);
      assert.deepEqual(gb.error.details, [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' }]);
      assert.equal(v.injectedFaults, 4);
    } finally {
      await v.close();
    }
  });

  test('the bench script shapes the answer from the model name', async () => {
    const v = await FakeVendor.start({ script: benchScript() });
    try {
      const text = await (await post(v.url, '/v1/chat/completions', OPENAI, { model: 'bench-n3-d0-s8', stream: true, messages: [{ role: 'user', content: 'x' }] })).text();
      assert.deepEqual(text.match(/tok\d x*/g), ['tok0 xxx', 'tok1 xxx', 'tok2 xxx']);
    } finally {
      await v.close();
    }
  });
});
