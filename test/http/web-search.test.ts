import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor, json, vendorError, sendError } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';

const TEXT = 'Node 24 is the current LTS. Wikipedia agrees. Other sites too.';
const enc = (s: string) => Buffer.byteLength(s, 'utf8');

/** A Gemini generateContent answer grounded by Google Search: one query, three sources. */
function groundedAnswer() {
  const s1 = 'Node 24 is the current LTS.';
  const s2 = 'Wikipedia agrees.';
  return {
    candidates: [{
      content: { role: 'model', parts: [{ text: TEXT }] },
      finishReason: 'STOP',
      index: 0,
      groundingMetadata: {
        webSearchQueries: ['current node lts'],
        searchEntryPoint: { renderedContent: '<div></div>' },
        groundingChunks: [
          { web: { uri: 'https://nodejs.org/en/about/previous-releases', title: 'nodejs.org' } },
          { web: { uri: 'https://en.wikipedia.org/wiki/Node.js', title: 'wikipedia.org' } },
          { web: { uri: 'https://ads.example.com/node', title: 'example.com' } },
        ],
        groundingSupports: [
          { segment: { startIndex: 0, endIndex: enc(s1), text: s1 }, groundingChunkIndices: [0] },
          { segment: { startIndex: enc(s1) + 1, endIndex: enc(s1) + 1 + enc(s2), text: s2 }, groundingChunkIndices: [1, 2] },
        ],
      },
    }],
    usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 20, totalTokenCount: 32 },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'r1',
  };
}

const searchBody = (extra: Record<string, unknown> = {}, stream = false) => ({
  model: 'claude-sonnet-4-5', max_tokens: 1024, stream,
  messages: [{ role: 'user', content: 'Perform a web search for the query: current node lts' }],
  tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 8, ...extra }],
});

async function post(proxy: RunningProxy, body: unknown): Promise<Response> {
  return fetch(`${proxy.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: JSON.stringify(body) });
}

function events(raw: string): any[] {
  return raw.split('\n\n').filter((f) => f.includes('data: ')).map((f) => {
    const ev = /^event: (.*)$/m.exec(f)?.[1];
    const data = JSON.parse(f.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n'));
    assert.equal(ev, data.type, 'event name and data type agree');
    return data;
  });
}

describe('web search on a Gemini account (Google Search grounding)', () => {
  let vendor: FakeVendor;
  let proxy: RunningProxy;
  const cleanup: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of cleanup) await c();
  });

  test('Anthropic web_search → googleSearch upstream → server_tool_use + web_search_tool_result + cited text as SSE', async () => {
    vendor = await FakeVendor.start({
      kind: 'gemini',
      handler: (req, res) => {
        if (!JSON.stringify(req.json?.tools ?? []).includes('googleSearch')) return sendError(res, vendorError('gemini', 400, 'expected googleSearch'));
        return json(res, 200, groundedAnswer());
      },
    });
    proxy = await startProxy({ accounts: [account('gemini', vendor.accountBaseUrl)] });
    cleanup.push(() => proxy.stop(), () => vendor.close());

    const r = await post(proxy, searchBody({}, true));
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /text\/event-stream/);
    const evs = events(await r.text());
    assert.deepEqual(vendor.requests.at(-1)!.json.tools, [{ googleSearch: {} }]);
    assert.equal(evs[0].type, 'message_start');
    assert.equal(evs.at(-1).type, 'message_stop');
    const starts = evs.filter((e) => e.type === 'content_block_start');
    assert.equal(starts[0].content_block.type, 'server_tool_use');
    assert.equal(starts[0].content_block.name, 'web_search');
    const inputJson = evs.find((e) => e.type === 'content_block_delta' && e.index === 0).delta;
    assert.deepEqual(JSON.parse(inputJson.partial_json), { query: 'current node lts' });
    const result = starts[1].content_block;
    assert.equal(result.type, 'web_search_tool_result');
    assert.equal(result.tool_use_id, starts[0].content_block.id);
    assert.deepEqual(result.content.map((x: any) => x.url), [
      'https://nodejs.org/en/about/previous-releases', 'https://en.wikipedia.org/wiki/Node.js', 'https://ads.example.com/node',
    ]);
    assert.ok(result.content.every((x: any) => x.type === 'web_search_result' && x.title && x.encrypted_content));
    const citations = evs.filter((e) => e.delta?.type === 'citations_delta').map((e) => e.delta.citation);
    assert.deepEqual(citations.map((c) => c.url), ['https://nodejs.org/en/about/previous-releases', 'https://en.wikipedia.org/wiki/Node.js', 'https://ads.example.com/node']);
    assert.ok(citations.every((c) => c.type === 'web_search_result_location' && c.cited_text && c.encrypted_index));
    const text = evs.filter((e) => e.delta?.type === 'text_delta').map((e) => e.delta.text).join('');
    assert.equal(text, TEXT);
    const delta = evs.find((e) => e.type === 'message_delta');
    assert.equal(delta.usage.server_tool_use.web_search_requests, 1);
    assert.equal(delta.delta.stop_reason, 'end_turn');
    // Every started block is stopped, indices in order.
    assert.deepEqual(evs.filter((e) => e.type === 'content_block_stop').map((e) => e.index), starts.map((s) => s.index));
  });

  test('blocked_domains drops a source and its citations; JSON answer', async () => {
    const r = await post(proxy, searchBody({ blocked_domains: ['example.com'] }));
    const msg = (await r.json()) as any;
    assert.equal(r.status, 200);
    const results = msg.content.find((b: any) => b.type === 'web_search_tool_result').content;
    assert.equal(results.length, 2);
    assert.ok(!JSON.stringify(msg).includes('ads.example.com'));
    assert.match(JSON.stringify(vendor.requests.at(-1)!.json.systemInstruction), /Never use web sources from these domains: example\.com/);
    assert.equal(msg.usage.server_tool_use.web_search_requests, 1);
  });
});

describe('web search where no upstream can search', () => {
  test('an OpenAI chat-only account: a visible web_search_tool_result_error, not an empty result', async () => {
    const vendor = await FakeVendor.start({ kind: 'openai' });
    const proxy = await startProxy({ accounts: [account('openai', vendor.accountBaseUrl, { responsesApi: false })] });
    try {
      const r = await post(proxy, searchBody());
      const msg = (await r.json()) as any;
      assert.equal(r.status, 200);
      const err = msg.content.find((b: any) => b.type === 'web_search_tool_result');
      assert.deepEqual(err.content, { type: 'web_search_tool_result_error', error_code: 'unavailable' });
      assert.match(msg.content.find((b: any) => b.type === 'text').text, /Web search is unavailable/);
      assert.equal(vendor.requests.length, 0);
      // Streamed, the same blocks arrive as events.
      const s = await post(proxy, searchBody({}, true));
      const evs = events(await s.text());
      assert.ok(evs.some((e) => e.type === 'content_block_start' && e.content_block.content?.error_code === 'unavailable'));
    } finally {
      await proxy.stop();
      await vendor.close();
    }
  });

  test('web_fetch on a Gemini account: the web_fetch tool error, visible, and no upstream call', async () => {
    const vendor = await FakeVendor.start({ kind: 'gemini' });
    const proxy = await startProxy({ accounts: [account('gemini', vendor.accountBaseUrl)] });
    try {
      const r = await post(proxy, { ...searchBody(), tools: [{ type: 'web_fetch_20250910', name: 'web_fetch', max_uses: 2 }] });
      const msg = (await r.json()) as any;
      assert.equal(r.status, 200);
      assert.deepEqual(msg.content[1].content, { type: 'web_fetch_tool_result_error', error_code: 'unavailable' });
      assert.match(msg.content[2].text, /Web fetch is unavailable/);
      assert.equal(vendor.requests.length, 0);
    } finally {
      await proxy.stop();
      await vendor.close();
    }
  });

  test('an Anthropic account searches itself: the tool goes through untouched', async () => {
    const vendor = await FakeVendor.start({ kind: 'anthropic' });
    const proxy = await startProxy({ accounts: [account('anthropic', vendor.accountBaseUrl)] });
    try {
      const r = await post(proxy, searchBody());
      assert.equal(r.status, 200);
      assert.equal(vendor.requests.at(-1)!.json.tools[0].type, 'web_search_20250305');
    } finally {
      await proxy.stop();
      await vendor.close();
    }
  });
});

describe('web search through other tools', () => {
  test('Anthropic web_search on an openai account with responsesApi → its web_search tool', async () => {
    const text = 'Node 24 is LTS.';
    const vendor = await FakeVendor.start({
      kind: 'openai',
      handler: (req, res) => {
        if (req.json?.tools?.[0]?.type !== 'web_search') return sendError(res, vendorError('openai', 400, 'expected web_search'));
        return json(res, 200, {
          id: 'resp_up', object: 'response', created_at: 1, status: 'completed', model: 'gpt-5',
          output: [
            { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'node lts', sources: [{ type: 'url', url: 'https://nodejs.org/' }] } },
            { id: 'msg_1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [{ type: 'url_citation', start_index: 0, end_index: text.length, url: 'https://nodejs.org/', title: 'Node.js' }] }] },
          ],
          usage: { input_tokens: 5, output_tokens: 6, total_tokens: 11 },
        });
      },
    });
    const proxy = await startProxy({ accounts: [account('openai', vendor.accountBaseUrl, { responsesApi: true })] });
    try {
      const r = await post(proxy, searchBody());
      const msg = (await r.json()) as any;
      assert.equal(r.status, 200, JSON.stringify(msg));
      assert.equal(vendor.requests.at(-1)!.path, '/v1/responses');
      assert.deepEqual(msg.content.map((b: any) => b.type), ['server_tool_use', 'web_search_tool_result', 'text']);
      assert.equal(msg.content[0].input.query, 'node lts');
      assert.equal(msg.content[1].content[0].url, 'https://nodejs.org/');
      assert.equal(msg.content[2].citations[0].url, 'https://nodejs.org/');
      assert.equal(msg.usage.server_tool_use.web_search_requests, 1);
    } finally {
      await proxy.stop();
      await vendor.close();
    }
  });

  test('Responses web_search on a Gemini account → web_search_call + url_citation annotations (stream)', async () => {
    const vendor = await FakeVendor.start({ kind: 'gemini', handler: (_req, res) => json(res, 200, groundedAnswer()) });
    const proxy = await startProxy({ accounts: [account('gemini', vendor.accountBaseUrl)] });
    try {
      const r = await fetch(`${proxy.url}/v1/responses`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-5', stream: true, store: false, input: 'current node lts?', tools: [{ type: 'web_search' }] }),
      });
      const evs = events(await r.text());
      assert.deepEqual(vendor.requests.at(-1)!.json.tools, [{ googleSearch: {} }]);
      const done = evs.filter((e) => e.type === 'response.output_item.done').map((e) => e.item);
      assert.equal(done[0].type, 'web_search_call');
      assert.equal(done[0].action.query, 'current node lts');
      assert.equal(done[1].type, 'message');
      assert.equal(done[1].content[0].text, TEXT);
      assert.equal(done[1].content[0].annotations.length, 3);
      assert.equal(evs.at(-1).type, 'response.completed');
    } finally {
      await proxy.stop();
      await vendor.close();
    }
  });

  test('Responses web_search where nothing can search: a failed web_search_call that says so', async () => {
    const vendor = await FakeVendor.start({ kind: 'anthropic' });
    const proxy = await startProxy({ accounts: [account('anthropic', vendor.accountBaseUrl)] });
    try {
      const r = await fetch(`${proxy.url}/v1/responses`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'claude-sonnet-4-5', store: false, input: 'news?', tools: [{ type: 'web_search' }] }),
      });
      const j = (await r.json()) as any;
      assert.equal(j.output[0].type, 'web_search_call');
      assert.equal(j.output[0].status, 'failed');
      assert.match(j.output[1].content[0].text, /Web search is unavailable/);
      assert.equal(vendor.requests.length, 0);
    } finally {
      await proxy.stop();
      await vendor.close();
    }
  });
});
