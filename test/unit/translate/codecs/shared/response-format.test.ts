import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { structuredOutputsOf } from '../../../../../src/core/config';
import { validateConfig } from '../../../../../src/core/validate-config';
import { emptyRequest, type IrStreamEvent } from '../../../../../src/translate/ir';
import { encodeAnthropicRequest } from '../../../../../src/translate/codecs/anthropic/encode-anthropic-request';
import { encodeOpenAIChatRequest } from '../../../../../src/translate/codecs/openai-chat/encode-openai-chat-request';
import {
  JSON_ANSWER_TOOL, JsonToolAsText, adaptAnthropicFormat, anthropicFormatMismatch, jsonToolAnswerAsText,
} from '../../../../../src/translate/codecs/shared/response-format';
import { runStage } from '../../../../../src/translate/codecs/shared/stage';

const SCHEMA = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };

describe('structured-output mode of an account', () => {
  it('defaults: output_config on api.anthropic.com, the tool elsewhere and for zai; the setting wins', () => {
    assert.equal(structuredOutputsOf({ kind: 'anthropic' }), 'output_config');
    assert.equal(structuredOutputsOf({ kind: 'anthropic', baseUrl: 'https://api.anthropic.com' }), 'output_config');
    assert.equal(structuredOutputsOf({ kind: 'anthropic', baseUrl: 'https://openrouter.ai/api' }), 'tool');
    assert.equal(structuredOutputsOf({ kind: 'zai' }), 'tool');
    assert.equal(structuredOutputsOf({ kind: 'zai', structuredOutputs: 'output_format' }), 'output_format');
  });

  it('validateConfig names a bad value', () => {
    const problems = validateConfig({ accounts: [{ kind: 'anthropic', structuredOutputs: 'json' }] });
    assert.deepEqual(problems.map((p) => p.field), ['accounts[0].structuredOutputs']);
    assert.match(problems[0].rule, /output_format, output_config, tool/);
  });
});

describe('Anthropic encoding of a response format', () => {
  const ir = () => {
    const r = emptyRequest('x');
    r.messages.push({ role: 'user', content: [{ type: 'text', text: 'hi' }] });
    r.responseFormat = { type: 'json_schema', schema: SCHEMA };
    return r;
  };

  it('GA field, beta field, or the forced synthetic tool (thinking then off)', () => {
    assert.deepEqual((encodeAnthropicRequest(ir(), 'm', { structuredOutputs: 'output_config' }) as any).output_config, { format: { type: 'json_schema', schema: SCHEMA } });
    assert.deepEqual((encodeAnthropicRequest(ir(), 'm', { structuredOutputs: 'output_format' }) as any).output_format, { type: 'json_schema', schema: SCHEMA });
    const r = ir();
    r.reasoning = { enabled: true, budgetTokens: 2000 };
    const tool = encodeAnthropicRequest(r, 'm', { structuredOutputs: 'tool' }) as any;
    assert.deepEqual(tool.tools, [{ name: JSON_ANSWER_TOOL, description: tool.tools[0].description, input_schema: SCHEMA }]);
    assert.deepEqual(tool.tool_choice, { type: 'tool', name: JSON_ANSWER_TOOL, disable_parallel_tool_use: true });
    assert.equal(tool.thinking, undefined, 'a forced tool and thinking are incompatible');
  });

  it('beside client tools the model must call one (any); a client-forced tool keeps its choice and gets the instruction', () => {
    const r = ir();
    r.tools = [{ name: 'f', parameters: { type: 'object', properties: {} } }];
    const any = encodeAnthropicRequest(r, 'm', { structuredOutputs: 'tool' }) as any;
    assert.deepEqual(any.tools.map((t: any) => t.name), ['f', JSON_ANSWER_TOOL]);
    assert.deepEqual(any.tool_choice, { type: 'any' });
    r.toolChoice = { type: 'tool', name: 'f' };
    const forced = encodeAnthropicRequest(r, 'm', { structuredOutputs: 'tool' }) as any;
    assert.deepEqual(forced.tool_choice, { type: 'tool', name: 'f' });
    assert.match(forced.system.at(-1).text, /JSON Schema/);
  });

  it('enum has no Anthropic form: an instruction naming the values', () => {
    const r = ir();
    r.responseFormat = { type: 'enum', values: ['x', 'y'] };
    const b = encodeAnthropicRequest(r, 'm', { structuredOutputs: 'output_config' }) as any;
    assert.equal(b.output_config, undefined);
    assert.match(b.system.at(-1).text, /exactly one of these values.*x, y/);
  });

  it('OpenAI json_object gets the word JSON when no message has it', () => {
    const r = ir();
    r.responseFormat = { type: 'json_object' };
    const b = encodeOpenAIChatRequest(r, 'gpt-4o') as any;
    assert.deepEqual(b.response_format, { type: 'json_object' });
    assert.match(b.messages[0].content, /JSON/);
  });
});

describe('an Anthropic passthrough body in the account\'s form', () => {
  it('moves the format between output_format and output_config.format, keeping the rest', () => {
    const beta = { model: 'm', output_format: { type: 'json_schema', schema: SCHEMA } };
    const ga = { model: 'm', output_config: { effort: 'low', format: { type: 'json_schema', schema: SCHEMA } } };
    assert.equal(anthropicFormatMismatch(beta, 'output_format'), false);
    assert.equal(anthropicFormatMismatch(beta, 'output_config'), true);
    assert.deepEqual(adaptAnthropicFormat(beta, 'output_config'), { model: 'm', output_config: { format: beta.output_format } });
    assert.deepEqual(adaptAnthropicFormat(ga, 'output_format'), { model: 'm', output_config: { effort: 'low' }, output_format: ga.output_config.format });
    assert.equal(adaptAnthropicFormat(ga, 'tool'), undefined, 'tool mode needs the translation');
  });
});

describe('the synthetic tool back to the client as text', () => {
  it('streams input deltas as text deltas and a tool_calls finish as stop', () => {
    const events: IrStreamEvent[] = [
      { type: 'message-start' },
      { type: 'tool-input-start', id: 'b0', callId: 'toolu_1', name: JSON_ANSWER_TOOL },
      { type: 'tool-input-delta', id: 'b0', delta: '' },
      { type: 'tool-input-delta', id: 'b0', delta: '{"a":' },
      { type: 'tool-input-delta', id: 'b0', delta: '"x"}' },
      { type: 'tool-input-end', id: 'b0' },
      { type: 'tool-call', id: 'b0', callId: 'toolu_1', name: JSON_ANSWER_TOOL, arguments: '{"a":"x"}' },
      { type: 'finish', reason: 'tool_calls', usage: { inputTokens: 1, outputTokens: 2 } },
    ];
    const out = runStage(new JsonToolAsText(JSON_ANSWER_TOOL), events);
    assert.deepEqual(out.map((e) => e.type), ['message-start', 'text-start', 'text-delta', 'text-delta', 'text-end', 'finish']);
    assert.equal(out.filter((e) => e.type === 'text-delta').map((e) => (e as { delta: string }).delta).join(''), '{"a":"x"}');
    assert.equal((out.at(-1) as { reason: string }).reason, 'stop');
  });

  it('a real tool call beside it stays a tool call (finish kept)', () => {
    const out = runStage(new JsonToolAsText(JSON_ANSWER_TOOL), [
      { type: 'tool-call', id: 'b1', callId: 'c1', name: 'f', arguments: '{}' },
      { type: 'finish', reason: 'tool_calls', usage: { inputTokens: 0, outputTokens: 0 } },
    ]);
    assert.equal(out[0].type, 'tool-call');
    assert.equal((out[1] as { reason: string }).reason, 'tool_calls');
  });

  it('a whole answer: the call becomes the JSON text', () => {
    const r = jsonToolAnswerAsText({ id: 'i', model: 'm', content: [{ type: 'tool-call', id: 't', name: JSON_ANSWER_TOOL, input: { a: 'x' } }], finishReason: 'tool_calls', usage: { inputTokens: 0, outputTokens: 0 } }, JSON_ANSWER_TOOL);
    assert.deepEqual(r.content, [{ type: 'text', text: '{"a":"x"}' }]);
    assert.equal(r.finishReason, 'stop');
  });
});
