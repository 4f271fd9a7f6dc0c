/**
 * issue 14 "hostile input depth": a body nested deeper than 512 levels is refused by the body
 * reader with a 400 in the caller's dialect — before routing, so no account is tried, cooled or
 * blamed — and the next normal request is served by the first account as if nothing happened.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jsonDepth, MAX_JSON_DEPTH } from '../../src/proxy/middleware/json-depth';
import { FakeVendor } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';

const bytes = (s: string) => Buffer.from(s, 'utf8');
/** A JSON value nested `n` levels deep (objects and arrays alternating). */
const nested = (n: number) => {
  let open = '';
  let close = '';
  for (let i = 0; i < n; i++) {
    open += i % 2 ? '[' : '{"p":';
    close = (i % 2 ? ']' : '}') + close;
  }
  return `${open}1${close}`;
};

describe('jsonDepth (the scan over raw bytes)', () => {
  test('counts objects and arrays, not brackets inside strings or after escapes', () => {
    assert.equal(jsonDepth(bytes('1')), 0);
    assert.equal(jsonDepth(bytes('{}')), 1);
    assert.equal(jsonDepth(bytes('{"a":[1,{"b":[]}]}')), 4);
    assert.equal(jsonDepth(bytes('{"a":"[[[{{{"}')), 1, 'brackets in a string');
    assert.equal(jsonDepth(bytes('{"a":"\\"[[[","b":"\\\\","c":[1]}')), 2, 'an escaped quote does not end the string; an escaped backslash does not escape the quote');
    assert.equal(jsonDepth(bytes('["ü€😀[[["]')), 1, 'multi-byte UTF-8 inside strings');
    assert.equal(jsonDepth(bytes(nested(5000))), MAX_JSON_DEPTH + 1, 'stops as soon as it passes the limit');
    assert.equal(jsonDepth(bytes(nested(MAX_JSON_DEPTH))), MAX_JSON_DEPTH);
  });

  test('is fast on a large flat body (no quadratic work)', () => {
    const big = bytes(JSON.stringify({ messages: Array.from({ length: 20_000 }, (_, i) => ({ role: 'user', content: `m${i} "[{` })) }));
    const t0 = performance.now();
    assert.equal(jsonDepth(big), 3);
    assert.ok(performance.now() - t0 < 200, `${big.length} bytes took ${performance.now() - t0} ms`);
  });
});

const DEEP = nested(5000);
/** Every POST route that reads a body, each with a tool schema 5000 levels deep, and its error shape. */
const ROUTES: Array<{ path: string; body: string; dialect: 'openai' | 'anthropic' | 'gemini' }> = [
  { path: '/v1/chat/completions', dialect: 'openai', body: `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${DEEP}}}]}` },
  { path: '/v1/responses', dialect: 'openai', body: `{"model":"gpt-4o","input":"hi","tools":[{"type":"function","name":"f","parameters":${DEEP}}]}` },
  { path: '/v1/messages', dialect: 'anthropic', body: `{"model":"gpt-4o","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"f","input_schema":${DEEP}}]}` },
  { path: '/v1/messages/count_tokens', dialect: 'anthropic', body: `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"tools":[{"name":"f","input_schema":${DEEP}}]}` },
  ...[':generateContent', ':streamGenerateContent?alt=sse', ':countTokens'].map((m) => ({
    path: `/v1beta/models/gpt-4o${m}`, dialect: 'gemini' as const,
    body: `{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"tools":[{"functionDeclarations":[{"name":"f","parameters":${DEEP}}]}]}`,
  })),
];

describe('a body nested 5000 deep, to every POST route', () => {
  let a: FakeVendor;
  let b: FakeVendor;
  let proxy: RunningProxy;
  before(async () => {
    a = await FakeVendor.start({ kind: 'openai' });
    b = await FakeVendor.start({ kind: 'openai' });
    proxy = await startProxy({
      scheduling: 'fill-first',
      accounts: [account('openai', a.accountBaseUrl, { id: 'a', priority: 2 }), account('openai', b.accountBaseUrl, { id: 'b', priority: 1 })],
    });
  });
  after(async () => {
    await proxy.stop();
    await a.close();
    await b.close();
  });

  for (const r of ROUTES) {
    test(`${r.path}: 400 in the ${r.dialect} dialect, no account tried or cooled`, async () => {
      const res = await fetch(proxy.url + r.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: r.body });
      assert.equal(res.status, 400);
      const j = (await res.json()) as any;
      if (r.dialect === 'anthropic') assert.deepEqual([j.type, j.error.type], ['error', 'invalid_request_error']);
      else if (r.dialect === 'gemini') assert.deepEqual([j.error.code, j.error.status], [400, 'INVALID_ARGUMENT']);
      else assert.equal(j.error.type, 'invalid_request_error');
      assert.match(JSON.stringify(j), /nested more than 512 levels/);
      assert.equal(a.requests.length + b.requests.length, 0, 'no upstream was called');
      for (const s of proxy.server.status().accountStates) assert.deepEqual([s.id, s.state, s.failures ?? 0], [s.id, 'ready', 0]);
    });
  }

  test('the telemetry route drops its body unread (no 400, no 500)', async () => {
    const res = await fetch(`${proxy.url}/v1/api/event_logging/batch`, { method: 'POST', body: DEEP });
    assert.equal(res.status, 200);
  });

  test('exactly 512 levels is accepted; 513 is refused', async () => {
    // The extra value sits two levels down (body object + "x"), so nested(510) makes 512 in all.
    const body = (n: number) => `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"metadata_x":${nested(n)}}`;
    assert.equal(jsonDepth(bytes(body(511))), 512);
    const ok = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: body(511) });
    assert.notEqual(ok.status, 400, await ok.text());
    const refused = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: body(512) });
    assert.equal(refused.status, 400);
    a.reset();
    b.reset();
  });

  test('the next normal request is served by the first account', async () => {
    const res = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'tok-next hi' }] }) });
    assert.equal(res.status, 200);
    assert.equal(a.generateRecords().length, 1);
    assert.equal(b.requests.length, 0);
  });
});
