import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { echoScript, FakeVendor, sampleFor, structuredScript, type RecordedRequest, type Script } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import type { AccountConfig } from '../../src/core/config';

/**
 * Issue 17's table: every way a client asks for JSON × every upstream kind, plain and streamed.
 * The fake vendors validate the structured-output fields as the real ones do (a missing beta
 * header, responseSchema keywords Gemini does not know, json_object without "json", a forced
 * tool that is not declared, … are their 400s) and answer as a model obeying the request would.
 * Each cell checks the schema reached the vendor intact in the vendor's own field, and the
 * client got the JSON (or enum value) as its answer's text, never a tool call.
 */

/** A schema the lossy Gemini `responseSchema` subset cannot hold (additionalProperties, pattern-free but strict objects). */
const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { reasoning: { type: 'string' }, model_choice: { type: 'string', enum: ['flash', 'pro'] }, score: { type: 'integer' } },
  required: ['reasoning', 'model_choice', 'score'],
};
/** The same schema in Gemini's OpenAPI form (upper-case types; no additionalProperties). */
const OPENAPI_SCHEMA = {
  type: 'OBJECT',
  properties: { reasoning: { type: 'STRING' }, model_choice: { type: 'STRING', enum: ['flash', 'pro'] }, score: { type: 'INTEGER' } },
  required: ['reasoning', 'model_choice', 'score'],
};
const LOWERED = {
  type: 'object',
  properties: { reasoning: { type: 'string' }, model_choice: { type: 'string', enum: ['flash', 'pro'] }, score: { type: 'integer' } },
  required: ['reasoning', 'model_choice', 'score'],
};
const ENUM = ['north', 'south'];

type Want = { kind: 'schema'; schema: Record<string, unknown>; raw?: Record<string, unknown> } | { kind: 'object' } | { kind: 'enum' };

interface Row {
  name: string;
  dialect: 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini';
  body: (stream: boolean) => Record<string, unknown>;
  headers?: Record<string, string>;
  want: Want;
}

const chat = (extra: object) => (stream: boolean) => ({ model: 'client-model', stream, messages: [{ role: 'user', content: 'pick a model, answer in JSON' }], ...extra });
const responses = (extra: object) => (stream: boolean) => ({ model: 'client-model', stream, store: false, input: 'pick a model, answer in JSON', ...extra });
const anthropic = (extra: object) => (stream: boolean) => ({ model: 'client-model', max_tokens: 200, stream, messages: [{ role: 'user', content: 'pick a model' }], ...extra });
const gemini = (generationConfig: object, key = 'generationConfig') => () => ({ contents: [{ role: 'user', parts: [{ text: 'pick a model' }] }], [key]: generationConfig });

const ROWS: Row[] = [
  { name: 'chat json_object', dialect: 'openai-chat', body: chat({ response_format: { type: 'json_object' } }), want: { kind: 'object' } },
  { name: 'chat json_schema', dialect: 'openai-chat', body: chat({ response_format: { type: 'json_schema', json_schema: { name: 'router', strict: true, schema: SCHEMA } } }), want: { kind: 'schema', schema: SCHEMA } },
  { name: 'responses json_object', dialect: 'openai-responses', body: responses({ text: { format: { type: 'json_object' } } }), want: { kind: 'object' } },
  { name: 'responses json_schema', dialect: 'openai-responses', body: responses({ text: { format: { type: 'json_schema', name: 'router', strict: true, schema: SCHEMA } } }), want: { kind: 'schema', schema: SCHEMA } },
  {
    name: 'anthropic output_format (beta)', dialect: 'anthropic', body: anthropic({ output_format: { type: 'json_schema', schema: SCHEMA } }),
    headers: { 'anthropic-beta': 'structured-outputs-2025-11-13' }, want: { kind: 'schema', schema: SCHEMA },
  },
  { name: 'anthropic output_config.format', dialect: 'anthropic', body: anthropic({ output_config: { format: { type: 'json_schema', schema: SCHEMA } } }), want: { kind: 'schema', schema: SCHEMA } },
  { name: 'gemini responseMimeType + responseJsonSchema', dialect: 'gemini', body: gemini({ responseMimeType: 'application/json', responseJsonSchema: SCHEMA }), want: { kind: 'schema', schema: SCHEMA } },
  { name: 'gemini responseMimeType + responseSchema', dialect: 'gemini', body: gemini({ responseMimeType: 'application/json', responseSchema: OPENAPI_SCHEMA }), want: { kind: 'schema', schema: LOWERED, raw: OPENAPI_SCHEMA } },
  { name: 'gemini responseMimeType only', dialect: 'gemini', body: gemini({ responseMimeType: 'application/json' }), want: { kind: 'object' } },
  { name: 'gemini snake_case response_json_schema', dialect: 'gemini', body: gemini({ response_mime_type: 'application/json', response_json_schema: SCHEMA }, 'generation_config'), want: { kind: 'schema', schema: SCHEMA } },
  { name: 'gemini snake_case response_schema', dialect: 'gemini', body: gemini({ response_mime_type: 'application/json', response_schema: OPENAPI_SCHEMA }), want: { kind: 'schema', schema: LOWERED, raw: OPENAPI_SCHEMA } },
  { name: 'gemini text/x.enum', dialect: 'gemini', body: gemini({ responseMimeType: 'text/x.enum', responseSchema: { type: 'STRING', enum: ENUM } }), want: { kind: 'enum' } },
];

interface Upstream {
  name: string;
  account: (url: string) => AccountConfig;
  /** The vendor takes Anthropic's structured-output fields (false: z.ai-like). */
  anthropicStructuredOutputs?: boolean;
}

const UPSTREAMS: Upstream[] = [
  { name: 'openai', account: (u) => account('openai', `${u}/v1`) },
  { name: 'anthropic (output_config)', account: (u) => account('anthropic', u, { structuredOutputs: 'output_config' }) },
  { name: 'anthropic (output_format beta)', account: (u) => account('anthropic', u, { structuredOutputs: 'output_format' }) },
  { name: 'zai (synthetic tool)', account: (u) => account('zai', u), anthropicStructuredOutputs: false },
  { name: 'gemini', account: (u) => account('gemini', u) },
];

/** A model that also obeys the proxy's enum instruction (vendors without an enum mode get one). */
const obeying: Script = structuredScript((view, n) => {
  const m = /exactly one of these values[^:]*: (.*)/.exec(view.allText);
  return m ? { text: m[1].split(', ')[0].trim() } : echoScript()(view, n);
});

function path(row: Row, stream: boolean): string {
  switch (row.dialect) {
    case 'openai-chat': return '/v1/chat/completions';
    case 'openai-responses': return '/v1/responses';
    case 'anthropic': return '/v1/messages';
    default: return stream ? '/v1beta/models/client-model:streamGenerateContent?alt=sse' : '/v1beta/models/client-model:generateContent';
  }
}

const dataLines = (raw: string) => raw.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).filter((l) => l !== '[DONE]').map((l) => JSON.parse(l));

/** The answer's text, and any tool call the client was shown (there must be none). */
function answerOf(dialect: Row['dialect'], raw: string, stream: boolean): { text: string; toolCalls: number; finish: string } {
  if (!stream) {
    const j = JSON.parse(raw);
    switch (dialect) {
      case 'openai-chat': return { text: j.choices[0].message.content ?? '', toolCalls: j.choices[0].message.tool_calls?.length ?? 0, finish: j.choices[0].finish_reason };
      case 'openai-responses': return {
        text: j.output.filter((o: any) => o.type === 'message').flatMap((o: any) => o.content).map((c: any) => c.text).join(''),
        toolCalls: j.output.filter((o: any) => o.type === 'function_call').length,
        finish: j.status,
      };
      case 'anthropic': return {
        text: j.content.filter((c: any) => c.type === 'text').map((c: any) => c.text).join(''),
        toolCalls: j.content.filter((c: any) => c.type === 'tool_use').length,
        finish: j.stop_reason,
      };
      default: return {
        text: j.candidates[0].content.parts.map((p: any) => p.text ?? '').join(''),
        toolCalls: j.candidates[0].content.parts.filter((p: any) => p.functionCall).length,
        finish: j.candidates[0].finishReason,
      };
    }
  }
  const events = dataLines(raw);
  switch (dialect) {
    case 'openai-chat': return {
      text: events.map((c) => c.choices?.[0]?.delta?.content ?? '').join(''),
      toolCalls: events.filter((c) => c.choices?.[0]?.delta?.tool_calls).length,
      finish: events.map((c) => c.choices?.[0]?.finish_reason).filter(Boolean).at(-1),
    };
    case 'openai-responses': return {
      text: events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join(''),
      toolCalls: events.filter((e) => e.type === 'response.output_item.added' && e.item.type === 'function_call').length,
      finish: events.at(-1).response?.status,
    };
    case 'anthropic': return {
      text: events.filter((e) => e.type === 'content_block_delta' && e.delta.type === 'text_delta').map((e) => e.delta.text).join(''),
      toolCalls: events.filter((e) => e.type === 'content_block_start' && e.content_block.type === 'tool_use').length,
      finish: events.filter((e) => e.type === 'message_delta').at(-1)?.delta.stop_reason,
    };
    default: return {
      text: events.flatMap((f) => f.candidates?.[0]?.content?.parts ?? []).map((p: any) => p.text ?? '').join(''),
      toolCalls: events.flatMap((f) => f.candidates?.[0]?.content?.parts ?? []).filter((p: any) => p.functionCall).length,
      finish: events.at(-1).candidates?.[0]?.finishReason,
    };
  }
}

/** Where the vendor found the schema, in its own field; undefined when it got none. */
function schemaSent(up: Upstream, sent: RecordedRequest): unknown {
  const j = sent.json;
  if (up.name === 'openai') return sent.path.endsWith('/responses') ? j.text?.format?.schema : j.response_format?.json_schema?.schema;
  if (up.name === 'gemini') {
    const gc = j.generationConfig ?? j.generation_config;
    return gc?.responseJsonSchema ?? gc?.responseSchema ?? gc?.response_json_schema ?? gc?.response_schema;
  }
  if (up.name.startsWith('zai')) return j.tools?.find((t: any) => t.name === j.tool_choice?.name)?.input_schema;
  if (up.name.includes('beta')) return j.output_format?.schema;
  return j.output_config?.format?.schema;
}

const OK_FINISH = new Set(['stop', 'end_turn', 'completed', 'STOP']);

describe('structured output: every client form × every upstream kind (issue 17 table)', () => {
  const running = new Map<string, { vendor: FakeVendor; proxy: RunningProxy }>();
  before(async () => {
    for (const up of UPSTREAMS) {
      const vendor = await FakeVendor.start({ script: obeying, anthropicStructuredOutputs: up.anthropicStructuredOutputs });
      const proxy = await startProxy({ accounts: [up.account(vendor.url)], modelMapping: { 'client-model': 'upstream-model' } });
      running.set(up.name, { vendor, proxy });
    }
  });
  after(async () => {
    for (const { vendor, proxy } of running.values()) {
      await proxy.stop();
      await vendor.close();
    }
  });

  for (const row of ROWS) {
    for (const up of UPSTREAMS) {
      for (const stream of [false, true]) {
        test(`${row.name} → ${up.name}${stream ? ' (stream)' : ''}`, async () => {
          const { vendor, proxy } = running.get(up.name)!;
          const before = vendor.requests.length;
          const r = await fetch(`${proxy.url}${path(row, stream)}`, {
            method: 'POST', headers: { 'content-type': 'application/json', ...row.headers }, body: JSON.stringify(row.body(stream)),
          });
          const raw = await r.text();
          assert.equal(r.status, 200, raw);
          assert.equal(vendor.requests.length, before + 1, 'one vendor call, no retries');
          const sent = vendor.last();
          assert.equal(sent.refused, undefined);
          const answer = answerOf(row.dialect, raw, stream);
          assert.equal(answer.toolCalls, 0, `no tool call surfaces: ${raw.slice(0, 400)}`);
          assert.ok(OK_FINISH.has(answer.finish), `finished normally: ${answer.finish}`);
          if (row.want.kind === 'schema') {
            // Gemini → Gemini passes the client's own form through; every other pair gets the JSON Schema.
            const expected = row.dialect === 'gemini' && up.name === 'gemini' ? (row.want.raw ?? row.want.schema) : row.want.schema;
            assert.deepEqual(schemaSent(up, sent), expected, 'the schema reached the vendor intact');
            assert.deepEqual(JSON.parse(answer.text), sampleFor(row.want.schema), `answer is the JSON: ${answer.text}`);
          } else if (row.want.kind === 'object') {
            const v = JSON.parse(answer.text);
            assert.ok(v && typeof v === 'object' && !Array.isArray(v), `answer is a JSON object: ${answer.text}`);
          } else {
            assert.equal(answer.text, ENUM[0], 'the bare enum value, not JSON');
            if (up.name === 'gemini') assert.equal(sent.json.generationConfig.responseMimeType, 'text/x.enum');
            else assert.match(JSON.stringify(sent.json), /exactly one of these values[^"]*north, south/);
          }
          if (up.name.includes('beta') && row.want.kind === 'schema') assert.match(String(sent.headers['anthropic-beta']), /structured-outputs-2025-11-13/);
          if (up.name.startsWith('zai') && row.want.kind !== 'enum') {
            assert.equal(sent.json.output_format, undefined);
            assert.equal(sent.json.output_config?.format, undefined);
            assert.equal(sent.json.tool_choice?.type, 'tool');
          }
        });
      }
    }
  }
});
