import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  countTokensEstimate,
  countTokensRequest,
  countTokensResponse,
  includeUsageOf,
  translation,
} from '../../../src/translate';
import { CLIENT_REQUEST } from '../../fixtures/codecs/client-requests';
import { bytes, pipe, readClientStream } from './helpers';

const ctx = { clientModel: 'c', upstreamModel: 'u', stream: false, geminiSse: true };

describe('count tokens', () => {
  it('estimates grow with text, tools and images (never a constant)', () => {
    const small = countTokensEstimate('anthropic', { messages: [{ role: 'user', content: 'hi' }] });
    const big = countTokensEstimate('anthropic', { messages: [{ role: 'user', content: 'hello world '.repeat(100) }] });
    assert.ok(small >= 1 && small < 20, `small ${small}`);
    assert.ok(big > 250 && big < 400, `big ${big}`);
    const withTools = countTokensEstimate('openai-chat', CLIENT_REQUEST['openai-chat'] as any);
    const noImage = structuredClone(CLIENT_REQUEST['openai-chat']) as any;
    noImage.messages[1].content.pop();
    assert.ok(withTools - countTokensEstimate('openai-chat', noImage) >= 1000, 'an image counts');
    for (const d of ['anthropic', 'openai-chat', 'openai-responses', 'gemini'] as const) {
      const n = countTokensEstimate(d, CLIENT_REQUEST[d] as any);
      assert.ok(n > 1600 && n < 1800, `${d}: ${n}`);
    }
  });

  it('builds upstream count requests and reads their answers', () => {
    const a = countTokensRequest('gemini', 'anthropic', CLIENT_REQUEST.gemini as any, 'claude-x') as any;
    assert.equal(a.model, 'claude-x');
    assert.ok(Array.isArray(a.messages) && a.system && a.tools);
    assert.equal(a.max_tokens, undefined);
    const g = countTokensRequest('anthropic', 'gemini', CLIENT_REQUEST.anthropic as any, 'gemini-2.5-flash') as any;
    assert.equal(g.generateContentRequest.model, 'models/gemini-2.5-flash');
    assert.ok(g.generateContentRequest.contents.length >= 3);
    assert.equal(countTokensRequest('anthropic', 'openai-chat', CLIENT_REQUEST.anthropic as any, 'x'), null);
    assert.deepEqual(countTokensResponse('anthropic', 'gemini', { totalTokens: 42 }), { input_tokens: 42 });
    assert.deepEqual(countTokensResponse('gemini', 'anthropic', { input_tokens: 7 }), { totalTokens: 7 });
  });
});

describe('translation seam', () => {
  it('rejects n > 1 clearly', () => {
    assert.throws(() => translation('openai-chat', 'gemini').request({ model: 'x', n: 3, messages: [{ role: 'user', content: 'hi' }] }, ctx), (e: any) => e.name === 'ProxyError' && e.status === 400 && /n=3/.test(e.message));
  });

  it('rejects a URL image to Gemini with 400', () => {
    const body = { model: 'x', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] };
    assert.throws(() => translation('openai-chat', 'gemini').request(body, ctx), (e: any) => e.status === 400);
    const out = translation('openai-chat', 'anthropic').request(body, ctx) as any;
    assert.deepEqual(out.messages[0].content[0], { type: 'image', source: { type: 'url', url: 'https://x/y.png' } });
  });

  it('unknown fields are tolerated', () => {
    const out = translation('anthropic', 'openai-chat').request({ model: 'x', messages: [{ role: 'user', content: 'hi', weird: 1 }], max_tokens: 5, brand_new_field: { a: 1 } }, ctx) as any;
    assert.deepEqual(out.messages, [{ role: 'user', content: 'hi' }]);
  });

  it('includeUsageOf reads stream_options', () => {
    assert.equal(includeUsageOf({ stream_options: { include_usage: true } }), true);
    assert.equal(includeUsageOf({}), false);
  });

  it('an upstream that stops mid-block still yields a complete client stream', async () => {
    const cut = 'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":3,"output_tokens":1}}}\n\n' +
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hal"}}\n\n';
    for (const client of ['anthropic', 'openai-chat', 'openai-responses', 'gemini'] as const) {
      const body = await pipe(translation(client, 'anthropic').stream({ ...ctx, stream: true }), [bytes(cut)]);
      const a = readClientStream(client, body);
      assert.equal(a.text, 'Hal', client);
      assert.equal(a.usage?.inputTokens, 3, client);
    }
  });

  it('an upstream error event mid-stream is an error in the client dialect', async () => {
    const s = 'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","usage":{}}}\n\nevent: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
    const body = await pipe(translation('openai-chat', 'anthropic').stream({ ...ctx, stream: true }), [bytes(s)]);
    assert.match(body, /"error":\{"message":"Overloaded","type":"server_error","code":"overloaded"/);
    assert.ok(body.endsWith('data: [DONE]\n\n'));
    const g = await pipe(translation('gemini', 'anthropic').stream({ ...ctx, stream: true }), [bytes(s)]);
    assert.match(g, /"error":\{"code":529,"message":"Overloaded","status":"UNAVAILABLE"\}/);
  });
});


describe('translateRequest notes', () => {
  it('reports what was dropped', async () => {
    const { translateRequest } = await import('../../../src/translate');
    const codex = { model: 'x', input: 'hi', tools: [{ type: 'web_search' }], top_k: 3 };
    const { body, notes } = translateRequest('openai-responses', 'gemini', codex, { clientModel: 'c', upstreamModel: 'u', stream: false, geminiSse: true });
    assert.equal(body.tools, undefined);
    assert.deepEqual(notes, ['dropped tool type web_search']);
  });
});
