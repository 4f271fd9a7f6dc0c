import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DecodeAnthropicStream } from '../../../../../src/translate/codecs/anthropic/decode-anthropic-stream';
import { decodeAnthropicRequest } from '../../../../../src/translate/codecs/anthropic/decode-anthropic-request';
import { decodeAnthropicResponse } from '../../../../../src/translate/codecs/anthropic/decode-anthropic-response';
import { ANTHROPIC_DEFAULT_MAX_TOKENS, encodeAnthropicRequest } from '../../../../../src/translate/codecs/anthropic/encode-anthropic-request';
import { EncodeAnthropicStream } from '../../../../../src/translate/codecs/anthropic/encode-anthropic-stream';
import { encodeGeminiRequest } from '../../../../../src/translate/codecs/gemini/encode-gemini-request';
import { encodeOpenAIChatRequest } from '../../../../../src/translate/codecs/openai-chat/encode-openai-chat-request';
import { runStage } from '../../../../../src/translate/codecs/shared/stage';
import { emptyRequest, type IrStreamEvent } from '../../../../../src/translate/ir';
import { SseDecoder } from '../../../../../src/translate/sse/decode-sse';
import { anthropicResponse, anthropicStream, SIGNATURE } from '../../../../fixtures/codecs/wire-streams';

const claudeCode = JSON.parse(readFileSync(new URL('../../../../fixtures/codecs/claude-code-request.json', import.meta.url), 'utf8'));

function decodeStream(chunks: Uint8Array[]): IrStreamEvent[] {
  const sse = runStage(new SseDecoder(), chunks);
  return runStage(new DecodeAnthropicStream(), sse);
}

describe('anthropic request decoding (Claude Code)', () => {
  const ir = decodeAnthropicRequest(structuredClone(claudeCode));

  it('keeps system blocks with cache_control', () => {
    assert.equal(ir.system.length, 3);
    assert.deepEqual(ir.system[1].cacheControl, { type: 'ephemeral' });
    assert.deepEqual(ir.system[2].cacheControl, { type: 'ephemeral', ttl: '1h' });
  });

  it('keeps a system entry inside messages as a system message', () => {
    const sys = ir.messages.find((m) => m.role === 'system');
    assert.deepEqual(sys?.content, [{ type: 'text', text: 'The user switched to plan mode.' }]);
  });

  it('reads adaptive thinking, effort, metadata.user_id string; drops the server tool with a note', () => {
    assert.deepEqual(ir.reasoning, { enabled: true, adaptive: true, includeThoughts: true, effort: 'high' });
    assert.match(ir.user ?? '', /session_id/);
    assert.deepEqual(ir.tools.map((t) => t.name), ['Bash']);
    assert.ok(ir.notes.some((n) => n.includes('web_search_20250305')));
    assert.ok(ir.notes.some((n) => n.includes('context_management')));
    assert.equal(ir.maxTokens, 64000);
  });

  it('reads thinking with signature, redacted thinking, tool_use and tool_result', () => {
    const asst = ir.messages[1].content;
    assert.deepEqual(asst[0], { type: 'reasoning', text: 'I should call Bash.', signature: 'ag:g:GEMSIG' });
    assert.deepEqual(asst[1], { type: 'tool-call', id: 'toolu_01', name: 'Bash', input: { command: 'ls' } });
    assert.deepEqual(ir.messages[2].content[0], { type: 'tool-result', callId: 'toolu_01', content: [{ type: 'text', text: 'a.txt\nb.txt' }] });
    assert.deepEqual(ir.messages[4].content[0], { type: 'reasoning', text: '', redacted: 'ENCRYPTED' });
  });

  it('encodes to Gemini: mid-conversation system folded, schema cleaned, only Gemini signatures replayed', () => {
    const g = encodeGeminiRequest(decodeAnthropicRequest(structuredClone(claudeCode)), 'gemini-2.5-pro') as any;
    assert.match(g.systemInstruction.parts[0].text, /official CLI[\s\S]*plan mode/);
    const params = g.tools[0].functionDeclarations[0].parameters;
    assert.deepEqual(params, { type: 'object', properties: { command: { type: 'string' }, timeout: { type: 'number' } }, required: ['command'] });
    const model = g.contents.find((c: any) => c.role === 'model');
    // The signature goes back on the part Gemini issued it on: the call after the thinking.
    assert.deepEqual(model.parts[0], { text: 'I should call Bash.', thought: true });
    assert.deepEqual(model.parts[1], { functionCall: { name: 'Bash', args: { command: 'ls' } }, thoughtSignature: 'GEMSIG' });
    assert.equal(g.generationConfig.thinkingConfig.includeThoughts, true);
    assert.ok(!JSON.stringify(g).includes('ENCRYPTED'), 'redacted data is Anthropic-only');
  });

  it('encodes to OpenAI chat without error, keeping the mid-conversation system message in place', () => {
    const c = encodeOpenAIChatRequest(decodeAnthropicRequest(structuredClone(claudeCode)), 'gpt-4o') as any;
    assert.deepEqual(c.messages.map((m: any) => m.role), ['system', 'user', 'assistant', 'tool', 'system', 'assistant', 'user']);
    assert.equal(c.messages[2].tool_calls[0].function.arguments, '{"command":"ls"}');
    assert.equal(c.messages[3].tool_call_id, 'toolu_01');
    assert.equal(c.reasoning_effort, 'high');
    assert.deepEqual(c.stream_options, { include_usage: true }, 'Claude Code streams');
  });
});

describe('anthropic request encoding', () => {
  it('defaults max_tokens and keeps it above the thinking budget', () => {
    const ir = emptyRequest('x');
    ir.messages.push({ role: 'user', content: [{ type: 'text', text: 'hi' }] });
    assert.equal(encodeAnthropicRequest(ir, 'm').max_tokens, ANTHROPIC_DEFAULT_MAX_TOKENS);
    ir.reasoning = { enabled: true, budgetTokens: 31999 };
    ir.maxTokens = 1000;
    ir.temperature = 0.2;
    const body = encodeAnthropicRequest(ir, 'm') as any;
    assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 31999 });
    assert.ok(body.max_tokens > 31999);
    assert.equal(body.temperature, undefined, 'temperature is incompatible with thinking');
  });

  it('maps tool choice, parallel tool calls, stop sequences and a JSON schema instruction', () => {
    const ir = emptyRequest('x');
    ir.messages.push({ role: 'user', content: [{ type: 'text', text: 'hi' }] });
    ir.tools = [{ name: 'f', parameters: { type: 'object', properties: {} } }];
    ir.toolChoice = { type: 'tool', name: 'f' };
    ir.parallelToolCalls = false;
    ir.stop = ['END'];
    ir.responseFormat = { type: 'json_schema', schema: { type: 'object', properties: { a: { type: 'string' } } } };
    const body = encodeAnthropicRequest(ir, 'm') as any;
    assert.deepEqual(body.tool_choice, { type: 'tool', name: 'f', disable_parallel_tool_use: true });
    assert.deepEqual(body.stop_sequences, ['END']);
    assert.match(body.system[0].text, /JSON Schema[\s\S]*"a"/);
  });

  it('drops unsigned reasoning and disables thinking when the pending tool turn has no signed thinking', () => {
    const ir = emptyRequest('x');
    ir.reasoning = { effort: 'high' };
    ir.messages.push(
      { role: 'user', content: [{ type: 'text', text: 'go' }] },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'plain' }, { type: 'tool-call', id: 'call.1', name: 'f', input: {} }] },
      { role: 'user', content: [{ type: 'tool-result', callId: 'call.1', content: [{ type: 'text', text: 'ok' }], isError: true }] },
    );
    const body = encodeAnthropicRequest(ir, 'm') as any;
    assert.equal(body.thinking, undefined);
    assert.deepEqual(body.messages[1].content, [{ type: 'tool_use', id: 'call_1', name: 'f', input: {} }]);
    assert.deepEqual(body.messages[2].content[0], { type: 'tool_result', tool_use_id: 'call_1', content: [{ type: 'text', text: 'ok' }], is_error: true });
  });

  it('rejects n > 1', () => {
    const ir = emptyRequest('x');
    ir.n = 2;
    assert.throws(() => encodeAnthropicRequest(ir, 'm'), (e: any) => e.name === 'ProxyError' && e.status === 400);
  });
});

describe('anthropic responses and streams', () => {
  it('decodes a response: thinking signature tagged, usage incl. cache reads', () => {
    const r = decodeAnthropicResponse(anthropicResponse('reasoning'));
    assert.deepEqual(r.content[0], { type: 'reasoning', text: 'Let me think… about 42.', signature: `ag:a:${SIGNATURE}` });
    assert.deepEqual(r.usage, { inputTokens: 20, outputTokens: 9, cachedInputTokens: 8, cacheCreationInputTokens: 0 });
    assert.equal(r.finishReason, 'stop');
  });

  for (const s of ['text', 'tools', 'reasoning'] as const) {
    it(`decodes the ${s} stream identically at every split point`, () => {
      const bytes = new TextEncoder().encode(anthropicStream(s));
      const whole = decodeStream([bytes]);
      assert.equal(whole[0].type, 'message-start');
      assert.equal(whole[whole.length - 1].type, 'finish');
      for (let i = 1; i < bytes.length; i++) assert.deepEqual(decodeStream([bytes.subarray(0, i), bytes.subarray(i)]), whole, `split ${i}`);
    });
  }

  it('encodes a mid-stream error as event: error', () => {
    const out = runStage(new EncodeAnthropicStream('m'), [
      { type: 'message-start' },
      { type: 'error', message: 'Overloaded', errorType: 'overloaded_error' },
    ] as IrStreamEvent[]);
    const text = new TextDecoder().decode(Buffer.concat(out));
    assert.match(text, /event: error\ndata: \{"type":"error","error":\{"type":"overloaded_error","message":"Overloaded"\}\}/);
  });
});
