/**
 * The demo upstream through the real server (issue 16): every client dialect, plain and
 * streaming, usage, the tool-call round trip, auth and the monitor — the same path as any account.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMonitor } from '../../src/monitor/monitor';
import { demoAccount } from '../../src/upstream/providers/demo';
import { startProxy, type RunningProxy } from '../support/proxy-harness';

const KEY = 'sk-demo-test-key-123';
const WEATHER_SCHEMA = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 2 } }, required: ['city', 'days'] };
const DEMO_TEXT = /Antigravity Proxy demo upstream[\s\S]*antigravity-proxy\.json[\s\S]*OPENAI_API_KEY[\s\S]*Antigravity: Add Account…/;

/** `data:` payloads of an SSE body (JSON ones only). */
function sseData(text: string): Array<Record<string, any>> {
  return text.split('\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)));
}

describe('demo account through the proxy', () => {
  let proxy: RunningProxy;
  const monitor = createMonitor({ enabled: true, captureBodies: 'none', maxEntries: 100, secrets: () => [], now: Date.now });
  const post = (path: string, body: object, headers: Record<string, string> = {}) =>
    fetch(`${proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, ...headers }, body: JSON.stringify(body) });

  before(async () => {
    proxy = await startProxy({ accounts: [demoAccount()], proxy: { authMode: 'strict', apiKey: KEY } }, { monitor });
  });
  after(async () => {
    await proxy.stop();
    await monitor.close();
  });

  test('auth applies as to every account; /v1/models lists demo', async () => {
    const denied = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'hi' }] }) });
    assert.equal(denied.status, 401);
    const models = await (await fetch(`${proxy.url}/v1/models`, { headers: { authorization: `Bearer ${KEY}` } })).json() as { data: Array<{ id: string }> };
    assert.deepEqual(models.data.map((m) => m.id), ['demo']);
  });

  test('OpenAI chat, plain: the demo text echoing the question, usage, the client model', async () => {
    const r = await post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'Ping from the test' }] });
    assert.equal(r.status, 200);
    const body = await r.json() as any;
    assert.equal(body.model, 'gpt-4o');
    assert.match(body.choices[0].message.content, DEMO_TEXT);
    assert.match(body.choices[0].message.content, /"Ping from the test"/);
    assert.equal(body.choices[0].finish_reason, 'stop');
    assert.ok(body.usage.prompt_tokens > 0 && body.usage.completion_tokens > 20, JSON.stringify(body.usage));
    await monitor.flush();
    const rec = monitor.list({ limit: 1 })[0]!;
    assert.deepEqual([rec.accountKind, rec.upstreamModel, rec.usage?.estimated], ['demo', 'demo', false]);
    assert.equal(rec.usage?.outputTokens, body.usage.completion_tokens);
  });

  test('OpenAI chat, streaming: several content chunks, usage chunk, [DONE]', async () => {
    const r = await post('/v1/chat/completions', { model: 'demo', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'stream please' }] });
    const text = await r.text();
    const chunks = sseData(text);
    const pieces = chunks.map((c) => c.choices?.[0]?.delta?.content).filter((c) => typeof c === 'string' && c !== '');
    assert.ok(pieces.length >= 4, `${pieces.length} content chunks`);
    assert.match(pieces.join(''), DEMO_TEXT);
    assert.ok(chunks.at(-1)!.usage.completion_tokens > 0);
    assert.ok(text.trimEnd().endsWith('data: [DONE]'));
  });

  test('OpenAI chat: the tool call round trip', async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: WEATHER_SCHEMA } }];
    const messages: any[] = [{ role: 'user', content: 'What is the weather? Use get_weather.' }];
    const first = await (await post('/v1/chat/completions', { model: 'gpt-4o', tools, messages })).json() as any;
    const call = first.choices[0].message.tool_calls[0];
    assert.equal(first.choices[0].finish_reason, 'tool_calls');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'demo', days: 2 });
    messages.push(first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: 'Sunny and 21 degrees' });
    const second = await (await post('/v1/chat/completions', { model: 'gpt-4o', tools, messages, stream: true })).text();
    const content = sseData(second).map((c) => c.choices?.[0]?.delta?.content ?? '').join('');
    assert.match(content, /get_weather returned: "Sunny and 21 degrees"/);
  });

  test('Responses, plain and streaming', async () => {
    const plain = await (await post('/v1/responses', { model: 'gpt-5', input: 'Responses hello' })).json() as any;
    const text = plain.output.flatMap((o: any) => o.content ?? []).map((c: any) => c.text).join('');
    assert.match(text, DEMO_TEXT);
    assert.match(text, /"Responses hello"/);
    assert.ok(plain.usage.input_tokens > 0 && plain.usage.output_tokens > 0);
    const events = sseData(await (await post('/v1/responses', { model: 'gpt-5', input: 'Responses stream', stream: true })).text());
    const deltas = events.filter((e) => e.type === 'response.output_text.delta');
    assert.ok(deltas.length >= 4);
    assert.match(deltas.map((d) => d.delta).join(''), DEMO_TEXT);
    const done = events.find((e) => e.type === 'response.completed')!;
    assert.ok(done.response.usage.output_tokens > 0);
  });

  test('Responses: the tool call round trip', async () => {
    const tools = [{ type: 'function', name: 'get_weather', parameters: WEATHER_SCHEMA }];
    const first = await (await post('/v1/responses', { model: 'gpt-5', tools, tool_choice: 'required', input: 'weather?' })).json() as any;
    const call = first.output.find((o: any) => o.type === 'function_call');
    assert.equal(call.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.arguments), { city: 'demo', days: 2 });
    const second = await (await post('/v1/responses', {
      model: 'gpt-5', tools, input: [{ role: 'user', content: 'weather?' }, call, { type: 'function_call_output', call_id: call.call_id, output: 'Rainy' }],
    })).json() as any;
    assert.match(second.output.flatMap((o: any) => o.content ?? []).map((c: any) => c.text).join(''), /get_weather returned: "Rainy"/);
  });

  test('Anthropic, plain and streaming', async () => {
    const h = { 'anthropic-version': '2023-06-01' };
    const plain = await (await post('/v1/messages', { model: 'claude-sonnet-4-5', max_tokens: 200, messages: [{ role: 'user', content: 'Anthropic hello' }] }, h)).json() as any;
    assert.equal(plain.model, 'claude-sonnet-4-5');
    assert.match(plain.content[0].text, DEMO_TEXT);
    assert.equal(plain.stop_reason, 'end_turn');
    assert.ok(plain.usage.input_tokens > 0 && plain.usage.output_tokens > 0);
    const events = sseData(await (await post('/v1/messages', { model: 'claude-sonnet-4-5', max_tokens: 200, stream: true, messages: [{ role: 'user', content: 'hi' }] }, h)).text());
    const deltas = events.filter((e) => e.type === 'content_block_delta');
    assert.ok(deltas.length >= 4);
    assert.match(deltas.map((d) => d.delta.text).join(''), DEMO_TEXT);
    assert.ok(events.find((e) => e.type === 'message_start')!.message.usage.input_tokens > 0, 'input tokens known at message_start');
    assert.ok(events.find((e) => e.type === 'message_delta')!.usage.output_tokens > 0);
  });

  test('Anthropic: the tool call round trip (streamed call)', async () => {
    const h = { 'anthropic-version': '2023-06-01' };
    const tools = [{ name: 'get_weather', input_schema: WEATHER_SCHEMA }];
    const events = sseData(await (await post('/v1/messages', { model: 'claude-haiku-4-5', max_tokens: 200, stream: true, tools, tool_choice: { type: 'any' }, messages: [{ role: 'user', content: 'weather?' }] }, h)).text());
    const start = events.find((e) => e.type === 'content_block_start' && e.content_block.type === 'tool_use')!;
    const args = events.filter((e) => e.type === 'content_block_delta' && e.delta.type === 'input_json_delta').map((e) => e.delta.partial_json).join('');
    assert.equal(start.content_block.name, 'get_weather');
    assert.deepEqual(JSON.parse(args), { city: 'demo', days: 2 });
    assert.equal(events.find((e) => e.type === 'message_delta')!.delta.stop_reason, 'tool_use');
    const id = start.content_block.id;
    const second = await (await post('/v1/messages', {
      model: 'claude-haiku-4-5', max_tokens: 200, tools,
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: [{ type: 'tool_use', id, name: 'get_weather', input: JSON.parse(args) }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'Foggy' }] },
      ],
    }, h)).json() as any;
    assert.match(second.content[0].text, /get_weather returned: "Foggy"/);
  });

  test('Gemini, plain and streaming', async () => {
    const plain = await (await post('/v1beta/models/gemini-2.5-flash:generateContent', { contents: [{ role: 'user', parts: [{ text: 'Gemini hello' }] }] })).json() as any;
    assert.match(plain.candidates[0].content.parts.map((p: any) => p.text).join(''), DEMO_TEXT);
    assert.equal(plain.candidates[0].finishReason, 'STOP');
    assert.ok(plain.usageMetadata.promptTokenCount > 0 && plain.usageMetadata.candidatesTokenCount > 0);
    const chunks = sseData(await (await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] })).text());
    const texts = chunks.flatMap((c) => c.candidates?.[0]?.content?.parts ?? []).map((p: any) => p.text).filter(Boolean);
    assert.ok(texts.length >= 4);
    assert.match(texts.join(''), DEMO_TEXT);
    assert.ok(chunks.at(-1)!.usageMetadata.candidatesTokenCount > 0);
  });

  test('Gemini: the tool call round trip', async () => {
    const tools = [{ functionDeclarations: [{ name: 'get_weather', parameters: WEATHER_SCHEMA }] }];
    const first = await (await post('/v1beta/models/gemini-2.5-pro:generateContent', { tools, contents: [{ role: 'user', parts: [{ text: 'Call get_weather' }] }] })).json() as any;
    const call = first.candidates[0].content.parts.find((p: any) => p.functionCall).functionCall;
    assert.equal(call.name, 'get_weather');
    assert.deepEqual(call.args, { city: 'demo', days: 2 });
    const second = await (await post('/v1beta/models/gemini-2.5-pro:generateContent', {
      tools,
      contents: [
        { role: 'user', parts: [{ text: 'Call get_weather' }] },
        { role: 'model', parts: [{ functionCall: call }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { forecast: 'Windy' } } }] },
      ],
    })).json() as any;
    assert.match(second.candidates[0].content.parts.map((p: any) => p.text).join(''), /get_weather returned: ".*Windy.*"/);
  });

  test('count_tokens is answered', async () => {
    const r = await post('/v1/messages/count_tokens', { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'count me' }] }, { 'anthropic-version': '2023-06-01' });
    const body = await r.json() as { input_tokens: number };
    assert.ok(body.input_tokens > 0);
  });
});

test('a real account serving the model is preferred; demo stands in for the rest', async () => {
  const { FakeVendor, sseFrames, openaiChatStream } = await import('../fakes/vendor');
  const up = await FakeVendor.start((_r, res) => sseFrames(res, openaiChatStream(['real'])));
  const proxy = await startProxy({ accounts: [demoAccount(), { id: 'o', kind: 'openai', label: 'o', baseUrl: `${up.url}/v1`, apiKey: 'k', enabled: true, models: ['gpt-4o'] }] });
  try {
    const real = await (await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'x' }] }) })).text();
    assert.match(real, /"content":"real"/);
    const demo = await (await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'llama3', messages: [{ role: 'user', content: 'x' }] }) })).json() as any;
    assert.match(demo.choices[0].message.content, DEMO_TEXT);
  } finally {
    await proxy.stop();
    await up.close();
  }
});
