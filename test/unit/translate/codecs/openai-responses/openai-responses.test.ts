import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { encodeAnthropicRequest } from '../../../../../src/translate/codecs/anthropic/encode-anthropic-request';
import { encodeGeminiRequest } from '../../../../../src/translate/codecs/gemini/encode-gemini-request';
import { decodeResponsesRequest } from '../../../../../src/translate/codecs/openai-responses/decode-responses-request';
import { encodeResponsesResponse } from '../../../../../src/translate/codecs/openai-responses/encode-responses-response';
import { EncodeResponsesStream } from '../../../../../src/translate/codecs/openai-responses/encode-responses-stream';
import { runStage } from '../../../../../src/translate/codecs/shared/stage';
import type { IrStreamEvent } from '../../../../../src/translate/ir';
import { SseDecoder } from '../../../../../src/translate/sse/decode-sse';

const codex = JSON.parse(readFileSync(new URL('../../../../fixtures/codecs/codex-request.json', import.meta.url), 'utf8'));
const encode = (events: IrStreamEvent[]) =>
  runStage(new SseDecoder(), [new TextDecoder().decode(Buffer.concat(runStage(new EncodeResponsesStream('gpt-5'), events)))]).map((e) => JSON.parse(e.data));

describe('Responses request decoding (Codex)', () => {
  const ir = decodeResponsesRequest(structuredClone(codex));

  it('developer item without instructions is the system prompt', () => {
    assert.deepEqual(ir.system, [{ type: 'text', text: 'You are Codex, a coding agent.' }]);
    assert.deepEqual(ir.messages.map((m) => m.role), ['user', 'assistant', 'user']);
  });

  it('flattens namespace tools, turns custom tools into functions, drops web_search with a note', () => {
    assert.deepEqual(ir.tools.map((t) => t.name), ['shell', 'read_mcp_resource', 'apply_patch']);
    assert.ok(ir.notes.includes('dropped tool type web_search'));
  });

  it('reads reasoning items with encrypted content, function calls and outputs, effort, session key', () => {
    assert.deepEqual(ir.messages[1].content, [
      { type: 'reasoning', text: 'Thinking about hi', signature: 'ag:a:ANTHSIG' },
      { type: 'tool-call', id: 'call_A', name: 'shell', input: { command: ['echo', 'hi'] } },
    ]);
    assert.deepEqual(ir.messages[2].content, [{ type: 'tool-result', callId: 'call_A', content: [{ type: 'text', text: 'hi\n' }] }]);
    assert.deepEqual(ir.reasoning, { effort: 'medium', enabled: true, includeThoughts: true });
    assert.equal(ir.user, '0199-session');
    assert.equal(ir.stream, true);
  });

  it('to Anthropic: the Anthropic-signed reasoning is replayed as a thinking block; to Gemini it is dropped', () => {
    const a = encodeAnthropicRequest(decodeResponsesRequest(structuredClone(codex)), 'claude') as any;
    assert.deepEqual(a.messages[1].content[0], { type: 'thinking', thinking: 'Thinking about hi', signature: 'ANTHSIG' });
    assert.deepEqual(a.thinking, { type: 'enabled', budget_tokens: 10240 });
    const g = encodeGeminiRequest(decodeResponsesRequest(structuredClone(codex)), 'gemini-2.5-flash') as any;
    assert.ok(!JSON.stringify(g).includes('ANTHSIG'));
  });
});

describe('Responses encoding', () => {
  it('response object: items in order, encrypted_content, incomplete on length', () => {
    const r = encodeResponsesResponse({
      id: 'x', model: 'm', finishReason: 'length', usage: { inputTokens: 3, outputTokens: 4, reasoningTokens: 2 },
      content: [{ type: 'reasoning', text: 'r', signature: 'ag:g:S' }, { type: 'text', text: 'a' }, { type: 'text', text: 'b' }],
    }, 'gpt-5') as any;
    assert.equal(r.status, 'incomplete');
    assert.deepEqual(r.incomplete_details, { reason: 'max_output_tokens' });
    assert.deepEqual(r.output.map((o: any) => o.type), ['reasoning', 'message']);
    assert.equal(r.output[0].encrypted_content, 'ag:g:S');
    assert.equal(r.output[1].content[0].text, 'ab');
    assert.equal(r.usage.output_tokens_details.reasoning_tokens, 2);
  });

  it('stream: full event sequence with sequence numbers and completed usage', () => {
    const out = encode([
      { type: 'message-start' },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'hm' },
      { type: 'reasoning-end', id: 'r', signature: 'ag:a:S' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Hi' },
      { type: 'text-end', id: 't' },
      { type: 'tool-input-start', id: 'c', callId: 'call_1', name: 'f' },
      { type: 'tool-input-delta', id: 'c', delta: '{"a":1}' },
      { type: 'tool-input-end', id: 'c' },
      { type: 'tool-call', id: 'c', callId: 'call_1', name: 'f', arguments: '{"a":1}' },
      { type: 'finish', reason: 'tool_calls', usage: { inputTokens: 1, outputTokens: 2 } },
    ]);
    assert.deepEqual(out.map((e) => e.type), [
      'response.created', 'response.in_progress',
      'response.output_item.added', 'response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.done',
      'response.content_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.done', 'response.output_item.done',
      'response.completed',
    ]);
    out.forEach((e, i) => assert.equal(e.sequence_number, i));
    const done = out[out.length - 1].response;
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.output.map((o: any) => o.type), ['reasoning', 'message', 'function_call']);
    assert.equal(done.output[0].encrypted_content, 'ag:a:S');
    assert.equal(done.output[2].arguments, '{"a":1}');
    assert.equal(done.usage.total_tokens, 3);
  });

  it('stream: an error becomes response.failed', () => {
    const out = encode([{ type: 'message-start' }, { type: 'error', message: 'quota', errorType: 'RESOURCE_EXHAUSTED' }]);
    const last = out[out.length - 1];
    assert.equal(last.type, 'response.failed');
    assert.equal(last.response.status, 'failed');
    assert.equal(last.response.error.message, 'quota');
    assert.equal(last.response.error.code, 'rate_limit');
  });
});
