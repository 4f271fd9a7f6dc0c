import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor, json, openaiChatResponse } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';

describe('health, routes and path forgiveness', () => {
  let up: FakeVendor;
  let proxy: RunningProxy;
  before(async () => {
    up = await FakeVendor.start((req, res) => json(res, 200, openaiChatResponse(`model=${req.json?.model}`)));
    proxy = await startProxy({ accounts: [account('openai', `${up.url}/v1`, { models: ['gpt-4o'] })] });
  });
  after(async () => {
    await proxy.stop();
    await up.close();
  });

  test('GET and HEAD /healthz answer {"status":"ok"}', async () => {
    const r = await fetch(`${proxy.url}/healthz`);
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { status: 'ok' });
    assert.ok(r.headers.get('x-antigravity-instance'));
    const h = await fetch(`${proxy.url}/healthz`, { method: 'HEAD' });
    assert.equal(h.status, 200);
  });

  test('HEAD / answers 200 (Claude Code warm-up)', async () => {
    assert.equal((await fetch(`${proxy.url}/`, { method: 'HEAD' })).status, 200);
  });

  test('telemetry is accepted and dropped', async () => {
    const before = up.requests.length;
    const r = await fetch(`${proxy.url}/v1/api/event_logging/batch`, { method: 'POST', body: '{"events":[]}' });
    assert.equal(r.status, 200);
    assert.equal(up.requests.length, before);
  });

  for (const path of ['/v1/chat/completions', '/chat/completions', '/v1/v1/chat/completions', '/v1/chat/completions/', '/v1/chat/completions?beta=true']) {
    test(`POST ${path} is served as /v1/chat/completions`, async () => {
      const r = await fetch(`${proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }) });
      assert.equal(r.status, 200);
      const body = (await r.json()) as any;
      assert.equal(body.choices[0].message.content, 'model=gpt-4o');
      assert.equal(up.last().path, '/v1/chat/completions');
    });
  }

  test('unknown path: 404 naming the path, with the base URL when it can tell', async () => {
    const r = await fetch(`${proxy.url}/v1/chat/completions/responses`, { method: 'POST', body: '{}' });
    assert.equal(r.status, 404);
    const body = (await r.json()) as any;
    assert.match(body.error.message, /\/v1\/chat\/completions\/responses/);
    assert.match(body.error.message, new RegExp(`${proxy.url.replace(/[.]/g, '\\.')}/v1\\b`));
    const r2 = await fetch(`${proxy.url}/nothing/here`);
    assert.equal(r2.status, 404);
    assert.match(((await r2.json()) as any).error.message, /Unknown path: GET \/nothing\/here/);
  });

  test('wrong method on a known route is a 405 in the caller dialect', async () => {
    const r = await fetch(`${proxy.url}/v1/messages`);
    assert.equal(r.status, 405);
    const body = (await r.json()) as any;
    assert.equal(body.type, 'error');
  });

  test('/v1/models: OpenAI shape, or Anthropic shape with anthropic-version; /v1beta/models: Gemini shape', async () => {
    const o = (await (await fetch(`${proxy.url}/v1/models`)).json()) as any;
    assert.equal(o.object, 'list');
    assert.ok(o.data.some((m: any) => m.id === 'gpt-4o' && m.object === 'model'));
    const a = (await (await fetch(`${proxy.url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } })).json()) as any;
    assert.ok(a.data.some((m: any) => m.id === 'gpt-4o' && m.type === 'model'));
    assert.equal(a.has_more, false);
    const g = (await (await fetch(`${proxy.url}/v1beta/models`)).json()) as any;
    assert.ok(g.models.some((m: any) => m.name === 'models/gpt-4o' && m.supportedGenerationMethods.includes('generateContent')));
  });
});

describe('error shapes in the caller dialect', () => {
  let up: FakeVendor;
  let proxy: RunningProxy;
  before(async () => {
    up = await FakeVendor.start();
    proxy = await startProxy({ accounts: [account('openai', `${up.url}/v1`)] });
  });
  after(async () => {
    await proxy.stop();
    await up.close();
  });

  const cases = [
    { path: '/v1/chat/completions', check: (b: any) => assert.equal(b.error.type, 'invalid_request_error') },
    { path: '/v1/responses', check: (b: any) => assert.equal(b.error.type, 'invalid_request_error') },
    { path: '/v1/messages', check: (b: any) => (assert.equal(b.type, 'error'), assert.equal(b.error.type, 'invalid_request_error')) },
    { path: '/v1beta/models/gemini-2.5-flash:generateContent', check: (b: any) => (assert.equal(b.error.code, 400), assert.equal(b.error.status, 'INVALID_ARGUMENT')) },
  ];
  for (const c of cases) {
    test(`malformed JSON on ${c.path} → 400`, async () => {
      const r = await fetch(`${proxy.url}${c.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model": ' });
      assert.equal(r.status, 400);
      const b = await r.json();
      c.check(b);
      assert.doesNotMatch(JSON.stringify(b), /at .*\.(ts|js):\d+/); // no stack trace
    });
  }

  test('missing model → 400 naming the field', async () => {
    const r = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: '{"messages":[]}' });
    assert.equal(r.status, 400);
    assert.match(((await r.json()) as any).error.message, /"model"/);
  });

  test('a JSON array body → 400', async () => {
    const r = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', body: '[1,2]' });
    assert.equal(r.status, 400);
    assert.equal(((await r.json()) as any).type, 'error');
  });

  test('body over the limit → 413 in the caller dialect', async () => {
    const { request } = await import('node:http');
    const u = new URL(proxy.url);
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, path: '/v1/messages', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(101 * 1024 * 1024) } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('{"model":"x","pad":"');
    });
    assert.equal(status.status, 413);
    const b = JSON.parse(status.body);
    assert.equal(b.type, 'error');
    assert.equal(b.error.type, 'request_too_large');
  });
});
