import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecodeOpenAIChatStream } from '../../../../../src/translate/codecs/openai-chat/decode-openai-chat-stream';
import { decodeOpenAIChatRequest } from '../../../../../src/translate/codecs/openai-chat/decode-openai-chat-request';
import { decodeOpenAIChatResponse } from '../../../../../src/translate/codecs/openai-chat/decode-openai-chat-response';
import { encodeOpenAIChatRequest } from '../../../../../src/translate/codecs/openai-chat/encode-openai-chat-request';
import { EncodeOpenAIChatStream } from '../../../../../src/translate/codecs/openai-chat/encode-openai-chat-stream';
import { runStage } from '../../../../../src/translate/codecs/shared/stage';
import { emptyRequest, type IrStreamEvent } from '../../../../../src/translate/ir';
import { SseDecoder } from '../../../../../src/translate/sse/decode-sse';
import { chatResponse, chatStream } from '../../../../fixtures/codecs/wire-streams';

const decodeStream = (chunks: Array<Uint8Array | string>) => runStage(new DecodeOpenAIChatStream(), runStage(new SseDecoder(), chunks));
const encodeStream = (events: IrStreamEvent[], includeUsage?: boolean) =>
  runStage(new SseDecoder(), [new TextDecoder().decode(Buffer.concat(runStage(new EncodeOpenAIChatStream('gpt-x', includeUsage), events)))]);

describe('openai chat request decoding', () => {
  it('reads developer/system, legacy functions, stop string, json_schema, reasoning_effort, n, include_usage', () => {
    const ir = decodeOpenAIChatRequest({
      model: 'gpt-4o',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
        { role: 'system', content: [{ type: 'text', text: 'Later rule.' }] },
        { role: 'assistant', content: null, reasoning_content: 'hmm', function_call: { name: 'f', arguments: '{"a":1}' } },
        { role: 'function', name: 'f', content: 'done' },
      ],
      functions: [{ name: 'f', parameters: { type: 'object', properties: { a: { type: 'integer' } } } }],
      function_call: { name: 'f' },
      stop: 'END',
      n: 1,
      response_format: { type: 'json_schema', json_schema: { name: 'out', strict: true, schema: { type: 'object' } } },
      reasoning_effort: 'low',
      stream: true,
      stream_options: { include_usage: true },
      unknown_field: { whatever: true },
    });
    assert.deepEqual(ir.system, [{ type: 'text', text: 'Be brief.' }]);
    assert.equal(ir.messages[1].role, 'system');
    assert.deepEqual(ir.messages[2].content, [{ type: 'reasoning', text: 'hmm' }, { type: 'tool-call', id: 'call_fn_0', name: 'f', input: { a: 1 } }]);
    assert.deepEqual(ir.messages[3].content, [{ type: 'tool-result', callId: 'call_fn_0', name: 'f', content: [{ type: 'text', text: 'done' }] }]);
    assert.deepEqual(ir.toolChoice, { type: 'tool', name: 'f' });
    assert.deepEqual(ir.stop, ['END']);
    assert.deepEqual(ir.responseFormat, { type: 'json_schema', name: 'out', strict: true, schema: { type: 'object' } });
    assert.equal(ir.reasoning?.effort, 'low');
    assert.equal(ir.includeUsage, true);
  });
});

describe('openai chat request encoding', () => {
  it('uses max_completion_tokens for reasoning models, splits tool results with images, drops top_k', () => {
    const ir = emptyRequest('x');
    ir.maxTokens = 500;
    ir.topK = 40;
    ir.messages.push(
      { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'shot', input: {} }] },
      { role: 'user', content: [{ type: 'tool-result', callId: 'c1', isError: true, content: [{ type: 'text', text: 'partial' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: 'AAAA' } }] }] },
    );
    ir.toolChoice = { type: 'required' };
    ir.tools = [{ name: 'shot', parameters: { type: 'object' } }];
    ir.reasoning = { budgetTokens: 30000 };
    const body = encodeOpenAIChatRequest(ir, 'gpt-5-mini') as any;
    assert.equal(body.max_completion_tokens, 500);
    assert.equal(body.max_tokens, undefined);
    assert.equal(body.top_k, undefined);
    assert.deepEqual(body.messages[1], { role: 'tool', tool_call_id: 'c1', content: 'Error: partial' });
    assert.deepEqual(body.messages[2], { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAAA' } }] });
    assert.equal(body.tool_choice, 'required');
    assert.equal(body.reasoning_effort, 'high');
    assert.equal(encodeOpenAIChatRequest(ir, 'llama3').max_tokens, 500);
  });
});

describe('openai chat responses and streams', () => {
  it('decodes a response with reasoning_content and cached tokens', () => {
    const r = decodeOpenAIChatResponse(chatResponse('reasoning'));
    assert.deepEqual(r.content, [{ type: 'reasoning', text: 'Let me think… about 42.' }, { type: 'text', text: 'Answer: 42' }]);
    assert.deepEqual(r.usage, { inputTokens: 20, outputTokens: 9, cachedInputTokens: 8, reasoningTokens: 0 });
  });

  for (const s of ['text', 'tools', 'reasoning'] as const) {
    it(`decodes the ${s} stream identically at every split point`, () => {
      const bytes = new TextEncoder().encode(chatStream(s));
      const whole = decodeStream([bytes]);
      assert.equal(whole[whole.length - 1].type, 'finish');
      for (let i = 1; i < bytes.length; i++) assert.deepEqual(decodeStream([bytes.subarray(0, i), bytes.subarray(i)]), whole, `split ${i}`);
    });
  }

  it('waits for the tool name before starting a call, and includes early arguments', () => {
    const ev = decodeStream([
      'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c9","function":{"arguments":"{\\"a\\""}}]}}]}\n\n',
      'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"f","arguments":":1}"}}]}}]}\n\n',
      'data: {"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}\n\ndata: [DONE]\n\n',
    ]);
    assert.deepEqual(ev.slice(1), [
      { type: 'tool-input-start', id: 'tool0', callId: 'c9', name: 'f' },
      { type: 'tool-input-delta', id: 'tool0', delta: '{"a"' },
      { type: 'tool-input-delta', id: 'tool0', delta: ':1}' },
      { type: 'finish', reason: 'tool_calls', usage: { inputTokens: 0, outputTokens: 0 } },
    ]);
  });

  it('turns an upstream error chunk into an error event', () => {
    const ev = decodeStream(['data: {"error":{"message":"Rate limit reached","type":"rate_limit_error"}}\n\n']);
    assert.deepEqual(ev, [{ type: 'error', message: 'Rate limit reached', errorType: 'rate_limit_error' }]);
  });

  const events: IrStreamEvent[] = [
    { type: 'message-start' },
    { type: 'tool-input-start', id: 't', callId: 'call_1', name: 'f' },
    { type: 'tool-input-delta', id: 't', delta: '{}' },
    { type: 'tool-input-end', id: 't' },
    { type: 'tool-call', id: 't', callId: 'call_1', name: 'f', arguments: '{}' },
    { type: 'finish', reason: 'tool_calls', usage: { inputTokens: 5, outputTokens: 2, cachedInputTokens: 1 } },
  ];

  it('encodes a stream with the documented usage chunk when include_usage was asked', () => {
    const out = encodeStream(events, true);
    const chunks = out.slice(0, -1).map((e) => JSON.parse(e.data));
    assert.equal(out[out.length - 1].data, '[DONE]');
    assert.deepEqual(chunks[1].choices[0].delta, { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] });
    assert.equal(chunks[3].choices[0].finish_reason, 'tool_calls');
    assert.deepEqual(chunks[4].choices, []);
    assert.equal(chunks[4].usage.prompt_tokens_details.cached_tokens, 1);
  });

  it('without include_usage, usage rides on the finish chunk', () => {
    const chunks = encodeStream(events).slice(0, -1).map((e) => JSON.parse(e.data));
    assert.equal(chunks.length, 4);
    assert.equal(chunks[3].usage.total_tokens, 7);
  });
});
