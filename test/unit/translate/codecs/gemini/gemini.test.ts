import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { encodeAnthropicRequest } from '../../../../../src/translate/codecs/anthropic/encode-anthropic-request';
import { cleanGeminiSchema } from '../../../../../src/translate/codecs/gemini/clean-schema';
import { DecodeGeminiStream } from '../../../../../src/translate/codecs/gemini/decode-gemini-stream';
import { decodeGeminiRequest } from '../../../../../src/translate/codecs/gemini/decode-gemini-request';
import { decodeGeminiResponse } from '../../../../../src/translate/codecs/gemini/decode-gemini-response';
import { encodeGeminiRequest, GEMINI_SKIP_SIGNATURE } from '../../../../../src/translate/codecs/gemini/encode-gemini-request';
import { encodeOpenAIChatRequest } from '../../../../../src/translate/codecs/openai-chat/encode-openai-chat-request';
import { runStage } from '../../../../../src/translate/codecs/shared/stage';
import { emptyRequest } from '../../../../../src/translate/ir';
import { SseDecoder } from '../../../../../src/translate/sse/decode-sse';
import { geminiResponse, geminiStream, SIGNATURE } from '../../../../fixtures/codecs/wire-streams';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../../fixtures/codecs/${name}`, import.meta.url), 'utf8'));
const decodeStream = (chunks: Uint8Array[]) => runStage(new DecodeGeminiStream(), runStage(new SseDecoder(), chunks));

describe('Gemini schema cleaning', () => {
  it('inlines $ref/$defs, drops what Gemini rejects, rewrites const, unions and nullable types', () => {
    const cleaned = cleanGeminiSchema({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      additionalProperties: false,
      $defs: { Point: { type: 'object', properties: { x: { type: 'number', format: 'double' } }, required: ['x', 'ghost'] } },
      properties: {
        p: { $ref: '#/$defs/Point', description: 'a point' },
        kind: { const: 'circle' },
        name: { type: ['string', 'null'], format: 'uri', default: 'n', examples: ['a'] },
        level: { enum: [1, 2, 3] },
        either: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
        maybe: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        when: { type: 'string', format: 'date-time' },
        tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        both: { allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { properties: { b: { type: 'string' } } }] },
      },
      required: ['p', 'missing'],
    });
    assert.deepEqual(cleaned, {
      type: 'object',
      properties: {
        p: { type: 'object', properties: { x: { type: 'number', format: 'double' } }, required: ['x'], description: 'a point' },
        kind: { type: 'string', enum: ['circle'] },
        name: { type: 'string', nullable: true },
        level: { description: 'Allowed values: 1, 2, 3.' },
        either: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        maybe: { type: 'string', nullable: true },
        when: { type: 'string', format: 'date-time' },
        tags: { type: 'array', items: { type: 'string' } },
        both: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } },
      },
      required: ['p'],
    });
  });

  it('survives recursive references', () => {
    const cleaned = cleanGeminiSchema({ $defs: { Node: { type: 'object', properties: { next: { $ref: '#/$defs/Node' } } } }, $ref: '#/$defs/Node' });
    assert.deepEqual(cleaned, { type: 'object', properties: { next: { type: 'object' } } });
  });
});

describe('Gemini request decoding (Gemini CLI)', () => {
  it('reads the router call: responseJsonSchema → json_schema, thinkingBudget', () => {
    const ir = decodeGeminiRequest(fixture('gemini-cli-router.json'));
    assert.equal(ir.responseFormat?.type, 'json_schema');
    assert.deepEqual(ir.reasoning, { budgetTokens: 512, enabled: true, effort: 'minimal' });
    const chat = encodeOpenAIChatRequest(ir, 'gpt-4o') as any;
    assert.equal(chat.response_format.type, 'json_schema');
    assert.deepEqual(chat.response_format.json_schema.schema.required, ['reasoning', 'model_choice']);
    // issue 17: the schema itself reaches Anthropic (GA field, or the forced answer tool), not a sentence
    const ga = encodeAnthropicRequest(ir, 'claude', { structuredOutputs: 'output_config' }) as any;
    assert.deepEqual(ga.output_config.format.schema.required, ['reasoning', 'model_choice']);
    const tool = encodeAnthropicRequest(ir, 'claude', { structuredOutputs: 'tool' }) as any;
    assert.deepEqual(tool.tool_choice, { type: 'tool', name: tool.tools.at(-1).name, disable_parallel_tool_use: true });
    assert.deepEqual(tool.tools.at(-1).input_schema.required, ['reasoning', 'model_choice']);
  });

  it('reads thinkingLevel, consecutive user turns, function call ids, signatures on calls', () => {
    const ir = decodeGeminiRequest(fixture('gemini-cli-request.json'));
    assert.deepEqual(ir.reasoning, { effort: 'high', enabled: true, includeThoughts: true });
    assert.equal(ir.topK, 64);
    assert.deepEqual(ir.messages.map((m) => m.role), ['user', 'user', 'assistant', 'user']);
    assert.deepEqual(ir.messages[2].content, [
      { type: 'reasoning', text: 'thinking…', signature: 'ag:a:SIGA' },
      { type: 'tool-call', id: 'fc-1', name: 'list_directory', input: { dir_path: '.' } },
    ]);
    assert.deepEqual(ir.messages[3].content[0], { type: 'tool-result', callId: 'fc-1', name: 'list_directory', content: [{ type: 'text', text: 'a.txt' }] });
    const anth = encodeAnthropicRequest(ir, 'claude') as any;
    assert.deepEqual(anth.messages[1].content[0], { type: 'thinking', thinking: 'thinking…', signature: 'SIGA' });
    assert.equal(anth.messages.length, 3, 'consecutive user turns merged');
  });

  it('synthesizes call ids and matches responses by name when ids are absent', () => {
    const ir = decodeGeminiRequest({
      contents: [
        { role: 'model', parts: [{ functionCall: { name: 'a', args: {} } }, { functionCall: { name: 'b', args: {} } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'b', response: { error: 'boom' } } }, { functionResponse: { name: 'a', response: { x: 1 } } }] },
      ],
    });
    const calls = ir.messages[0].content as any[];
    const results = ir.messages[1].content as any[];
    assert.equal(results[0].callId, calls[1].id);
    assert.equal(results[0].isError, true);
    assert.equal(results[1].callId, calls[0].id);
    assert.deepEqual(results[1].content, [{ type: 'text', text: '{"x":1}' }]);
  });
});

describe('Gemini request encoding', () => {
  const base = () => {
    const ir = emptyRequest('x');
    ir.messages.push({ role: 'user', content: [{ type: 'text', text: 'hi' }] });
    return ir;
  };

  it('rejects URL images with a clear 400', () => {
    const ir = base();
    ir.messages[0].content.push({ type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } });
    assert.throws(() => encodeGeminiRequest(ir, 'gemini-2.5-flash'), (e: any) => e.name === 'ProxyError' && e.status === 400 && /base64/.test(e.message));
  });

  it('maps effort to thinkingLevel on Gemini 3 and to thinkingBudget on 2.5; tool choice; dummy signature on unsigned calls', () => {
    const ir = base();
    ir.reasoning = { effort: 'low', includeThoughts: true };
    ir.tools = [{ name: 'f', parameters: { type: 'object', properties: { a: { type: 'string' } } } }];
    ir.toolChoice = { type: 'tool', name: 'f' };
    ir.messages.push({ role: 'assistant', content: [{ type: 'tool-call', id: 'x', name: 'f', input: { a: '1' } }] });
    const g3 = encodeGeminiRequest(ir, 'gemini-3-pro-preview') as any;
    assert.deepEqual(g3.generationConfig.thinkingConfig, { thinkingLevel: 'low', includeThoughts: true });
    assert.deepEqual(g3.toolConfig, { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['f'] } });
    assert.equal(g3.contents[1].parts[0].thoughtSignature, GEMINI_SKIP_SIGNATURE);
    const g25 = encodeGeminiRequest(ir, 'gemini-2.5-flash') as any;
    assert.deepEqual(g25.generationConfig.thinkingConfig, { thinkingBudget: 4096, includeThoughts: true });
    assert.equal(g25.contents[1].parts[0].thoughtSignature, undefined);
  });

  it('puts json_schema into responseSchema when lossless, else intact into responseJsonSchema; enum as text/x.enum', () => {
    const ir = base();
    ir.responseFormat = { type: 'json_schema', schema: { type: 'object', properties: { a: { type: 'integer' } } } };
    let g = encodeGeminiRequest(ir, 'gemini-2.5-flash') as any;
    assert.equal(g.generationConfig.responseMimeType, 'application/json');
    assert.deepEqual(g.generationConfig.responseSchema, { type: 'object', properties: { a: { type: 'integer' } } });
    const full = { type: 'object', additionalProperties: false, properties: { a: { type: 'integer' } } };
    ir.responseFormat = { type: 'json_schema', schema: full };
    g = encodeGeminiRequest(ir, 'gemini-2.5-flash') as any;
    assert.deepEqual(g.generationConfig.responseJsonSchema, full);
    assert.equal(g.generationConfig.responseSchema, undefined);
    ir.responseFormat = { type: 'enum', values: ['a', 'b'] };
    g = encodeGeminiRequest(ir, 'gemini-2.5-flash') as any;
    assert.deepEqual(g.generationConfig, { responseMimeType: 'text/x.enum', responseSchema: { type: 'STRING', enum: ['a', 'b'] } });
  });

  it('decodes snake_case response keys and text/x.enum (not a JSON request)', () => {
    const schema = { type: 'object', properties: { x: { type: 'string' } } };
    let ir = decodeGeminiRequest({ contents: [], generation_config: { response_mime_type: 'application/json', response_json_schema: schema } });
    assert.deepEqual(ir.responseFormat, { type: 'json_schema', schema });
    ir = decodeGeminiRequest({ contents: [], generationConfig: { response_mime_type: 'application/json', response_schema: { type: 'OBJECT', properties: { x: { type: 'STRING' } } } } });
    assert.deepEqual(ir.responseFormat, { type: 'json_schema', schema });
    ir = decodeGeminiRequest({ contents: [], generationConfig: { responseMimeType: 'text/x.enum', responseSchema: { type: 'STRING', enum: ['up', 'down'] } } });
    assert.deepEqual(ir.responseFormat, { type: 'enum', values: ['up', 'down'] });
    ir = decodeGeminiRequest({ contents: [], generationConfig: { response_mime_type: 'application/json' } });
    assert.deepEqual(ir.responseFormat, { type: 'json_object' });
  });
});

describe('Gemini responses and streams', () => {
  it('decodes a response: signature on a function call → signed reasoning before it; tool_calls finish', () => {
    const r = decodeGeminiResponse(geminiResponse('tools'));
    assert.deepEqual(r.content[0], { type: 'reasoning', text: '', signature: `ag:g:${SIGNATURE}` });
    assert.equal(r.content[1].type, 'tool-call');
    assert.equal(r.finishReason, 'tool_calls');
    assert.deepEqual(r.usage, { inputTokens: 20, outputTokens: 9, cachedInputTokens: 8 });
  });

  for (const s of ['text', 'tools', 'reasoning'] as const) {
    it(`decodes the ${s} stream identically at every split point`, () => {
      const bytes = new TextEncoder().encode(geminiStream(s));
      const whole = decodeStream([bytes]);
      assert.equal(whole[whole.length - 1].type, 'finish');
      const strip = (ev: any[]) => ev.map((e) => (e.type === 'tool-call' ? { ...e, callId: '' } : e)); // call ids are random
      for (let i = 1; i < bytes.length; i++) assert.deepEqual(strip(decodeStream([bytes.subarray(0, i), bytes.subarray(i)])), strip(whole), `split ${i}`);
    });
  }

  it('maps SAFETY and MAX_TOKENS finish reasons', () => {
    const f = (reason: string) => decodeGeminiResponse({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason: reason }] }).finishReason;
    assert.equal(f('SAFETY'), 'content_filter');
    assert.equal(f('MAX_TOKENS'), 'length');
    assert.equal(f('STOP'), 'stop');
  });
});
