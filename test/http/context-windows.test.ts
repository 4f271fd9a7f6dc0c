import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor, json } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';

const big = 'lorem ipsum dolor sit amet '.repeat(100); // ~675 estimated tokens

describe('context windows', () => {
  let vendors: FakeVendor[];
  let proxy: RunningProxy;
  before(async () => {
    vendors = await Promise.all([FakeVendor.start({ kind: 'openai' }), FakeVendor.start({ kind: 'anthropic' }), FakeVendor.start({ kind: 'gemini' })]);
    const [o, a, g] = vendors;
    proxy = await startProxy({
      accounts: [
        account('gemini', g!.accountBaseUrl, { models: ['gemini-2.5-pro', 'tiny-g', 'mystery-x'] }),
        account('openai', o!.accountBaseUrl, { models: ['tiny-o'], responsesApi: false }),
        account('anthropic', a!.accountBaseUrl, { models: ['tiny-a'] }),
      ],
      models: { 'tiny-*': { contextWindow: 100, maxOutputTokens: 50 } },
    });
  });
  after(async () => {
    await proxy.stop();
    await Promise.all(vendors.map((v) => v.close()));
  });
  const requests = () => vendors.reduce((n, v) => n + v.requests.length, 0);

  test('/v1/models items carry context_length, max_input_tokens and max_output_tokens when known', async () => {
    const list = (await (await fetch(`${proxy.url}/v1/models`)).json()) as any;
    const by = (id: string) => list.data.find((m: any) => m.id === id);
    assert.equal(by('gemini-2.5-pro').context_length, 1_048_576);
    assert.equal(by('gemini-2.5-pro').max_input_tokens, 1_048_576);
    assert.equal(by('gemini-2.5-pro').max_output_tokens, 65_536);
    assert.equal(by('tiny-o').context_length, 100);
    assert.equal(by('tiny-o').max_output_tokens, 50);
    assert.equal(by('mystery-x').context_length, undefined, 'unknown stays unknown');
    const anth = (await (await fetch(`${proxy.url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } })).json()) as any;
    assert.equal(anth.data.find((m: any) => m.id === 'tiny-a').max_input_tokens, 100);
  });

  test('the Gemini list reports inputTokenLimit / outputTokenLimit truthfully', async () => {
    const list = (await (await fetch(`${proxy.url}/v1beta/models`)).json()) as any;
    const by = (id: string) => list.models.find((m: any) => m.name === `models/${id}`);
    assert.equal(by('tiny-g').inputTokenLimit, 100);
    assert.equal(by('tiny-g').outputTokenLimit, 50);
    assert.equal(by('gemini-2.5-pro').inputTokenLimit, 1_048_576);
    assert.equal(by('mystery-x').inputTokenLimit, undefined);
    const one = (await (await fetch(`${proxy.url}/v1beta/models/tiny-g`)).json()) as any;
    assert.equal(one.inputTokenLimit, 100);
  });

  test('Anthropic: too long → 400 invalid_request_error "prompt is too long", no upstream call', async () => {
    const before = requests();
    const r = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'tiny-a', max_tokens: 10, messages: [{ role: 'user', content: big }] }),
    });
    const j = (await r.json()) as any;
    assert.equal(r.status, 400);
    assert.equal(j.type, 'error');
    assert.equal(j.error.type, 'invalid_request_error');
    assert.match(j.error.message, /^prompt is too long: \d+ tokens > 100 maximum$/);
    assert.equal(requests(), before);
  });

  test('OpenAI chat and Responses: too long → 400 context_length_exceeded, no upstream call', async () => {
    const before = requests();
    for (const [path, body] of [
      ['/v1/chat/completions', { model: 'tiny-o', messages: [{ role: 'user', content: big }] }],
      ['/v1/responses', { model: 'tiny-o', input: big, store: false }],
    ] as const) {
      const r = await fetch(`${proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const j = (await r.json()) as any;
      assert.equal(r.status, 400);
      assert.equal(j.error.code, 'context_length_exceeded');
      assert.equal(j.error.type, 'invalid_request_error');
      assert.match(j.error.message, /^This model's maximum context length is 100 tokens\. However, your messages resulted in \d+ tokens\.$/);
    }
    assert.equal(requests(), before);
  });

  test('Gemini: too long → 400 INVALID_ARGUMENT "The input token count … exceeds", no upstream call', async () => {
    const before = requests();
    const r = await fetch(`${proxy.url}/v1beta/models/tiny-g:generateContent`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: big }] }] }),
    });
    const j = (await r.json()) as any;
    assert.equal(r.status, 400);
    assert.equal(j.error.status, 'INVALID_ARGUMENT');
    assert.match(j.error.message, /^The input token count \(\d+\) exceeds the maximum number of tokens allowed \(100\)\.$/);
    assert.equal(requests(), before);
  });

  test('a request that fits is served', async () => {
    const before = requests();
    const r = await fetch(`${proxy.url}/v1beta/models/tiny-g:generateContent`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi tok-fits' }] }] }),
    });
    assert.equal(r.status, 200);
    assert.equal(requests(), before + 1);
  });
});

describe('limits the vendors report', () => {
  test('Gemini inputTokenLimit/outputTokenLimit and OpenAI-compatible context_length are read from the vendors\' lists', async () => {
    const gem = await FakeVendor.start({
      kind: 'gemini',
      handler: (req, res, raw) => {
        if (raw.method === 'GET' && req.path === '/v1beta/models') {
          return json(res, 200, { models: [{ name: 'models/gem-small', inputTokenLimit: 32_768, outputTokenLimit: 4096, supportedGenerationMethods: ['generateContent'] }] });
        }
        return gem.serve(req, res);
      },
    });
    const oai = await FakeVendor.start({
      kind: 'openai',
      handler: (req, res, raw) => {
        if (raw.method === 'GET' && req.path === '/v1/models') return json(res, 200, { object: 'list', data: [{ id: 'local-llm', object: 'model', owned_by: 'me', context_length: 8192 }] });
        return oai.serve(req, res);
      },
    });
    const proxy = await startProxy({
      accounts: [account('gemini', gem.accountBaseUrl, { models: ['gem-small'] }), account('openai', oai.accountBaseUrl, { models: ['local-llm'], responsesApi: false })],
    });
    try {
      const list = (await (await fetch(`${proxy.url}/v1/models`)).json()) as any;
      const by = (id: string) => list.data.find((m: any) => m.id === id);
      assert.equal(by('gem-small').context_length, 32_768);
      assert.equal(by('gem-small').max_output_tokens, 4096);
      assert.equal(by('local-llm').context_length, 8192);
      const g = (await (await fetch(`${proxy.url}/v1beta/models/gem-small`)).json()) as any;
      assert.equal(g.inputTokenLimit, 32_768);
      // The learned window gates requests too.
      const r = await fetch(`${proxy.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'local-llm', messages: [{ role: 'user', content: 'x '.repeat(40_000) }] }),
      });
      assert.equal(r.status, 400);
      assert.match(((await r.json()) as any).error.message, /maximum context length is 8192 tokens/);
      // Lists are read once per 10 minutes, not on every listing.
      const reads = gem.requests.filter((q) => q.path === '/v1beta/models').length;
      await fetch(`${proxy.url}/v1/models`);
      assert.equal(gem.requests.filter((q) => q.path === '/v1beta/models').length, reads);
    } finally {
      await proxy.stop();
      await gem.close();
      await oai.close();
    }
  });
});
