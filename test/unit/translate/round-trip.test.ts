import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dialect } from '../../../src/core/dialect';
import { CODECS } from '../../../src/translate/codecs/registry';
import type { IrRequest, IrResponse } from '../../../src/translate/ir';
import { type TranslateContext, translation } from '../../../src/translate';
import { CLIENT_REQUEST, PNG, Q1, Q2, RESULT, SYSTEM } from '../../fixtures/codecs/client-requests';
import { ANSWER, CALLS, REASONING, SIGNATURE, type Scenario, TEXT, USAGE, type Wire, WIRE_RESPONSE, WIRE_STREAM } from '../../fixtures/codecs/wire-streams';
import { type Aggregate, bytes, pipe, readClientStream, split } from './helpers';

const CLIENTS: Dialect[] = ['anthropic', 'openai-chat', 'openai-responses', 'gemini'];
const WIRES: Wire[] = ['anthropic', 'openai-chat', 'gemini'];
const SCENARIOS: Scenario[] = ['text', 'tools', 'reasoning'];
const TAG: Record<Wire, string> = { anthropic: 'ag:a:', gemini: 'ag:g:', 'openai-chat': '' };

function ctx(client: Dialect, stream: boolean, geminiSse = true): TranslateContext {
  return { clientModel: `client-${client}`, upstreamModel: 'upstream-model', stream, geminiSse, includeUsage: client === 'openai-chat' };
}

/** The conversation of client-requests.ts, whatever the dialect it went through. */
function assertConversation(ir: IrRequest, label: string, withStop = true): void {
  assert.ok(ir.system.map((p) => p.text).join('\n').includes(SYSTEM), `${label}: system`);
  const parts = ir.messages.flatMap((m) => m.content.map((p) => ({ role: m.role, p })));
  const q1 = parts.findIndex(({ p }) => p.type === 'text' && p.text === Q1);
  assert.ok(q1 >= 0 && parts[q1].role === 'user', `${label}: first question`);
  const image = parts.find(({ p }) => p.type === 'image');
  assert.ok(image && image.p.type === 'image' && image.p.source.kind === 'base64' && image.p.source.data === PNG && image.p.source.mediaType === 'image/png', `${label}: image`);
  const call = parts.find(({ p }) => p.type === 'tool-call');
  assert.ok(call && call.p.type === 'tool-call' && call.role === 'assistant', `${label}: tool call`);
  assert.equal(call.p.name, 'get_weather');
  assert.deepEqual(call.p.input, { city: 'Paris' });
  const result = parts.find(({ p }) => p.type === 'tool-result');
  assert.ok(result && result.p.type === 'tool-result' && result.role === 'user', `${label}: tool result`);
  assert.equal(result.p.callId, call.p.id, `${label}: result linked to its call`);
  assert.ok(result.p.content.some((c) => c.type === 'text' && c.text.includes(RESULT)), `${label}: result text`);
  const q2 = parts.findIndex(({ p }) => p.type === 'text' && p.text === Q2);
  assert.ok(q2 > parts.indexOf(result), `${label}: follow-up after result`);
  assert.deepEqual(ir.tools.map((t) => t.name), ['get_weather', 'get_time']);
  assert.deepEqual((ir.tools[0].parameters as { required: string[] }).required, ['city']);
  assert.equal(ir.maxTokens, 1000, `${label}: max tokens`);
  assert.equal(ir.temperature, 0.5, `${label}: temperature`);
  if (withStop) assert.deepEqual(ir.stop, ['END'], `${label}: stop`);
}

function fromResponse(r: IrResponse): Aggregate {
  const a: Aggregate = { text: '', reasoning: '', signatures: [], calls: [], events: [], finish: r.finishReason, usage: r.usage };
  for (const p of r.content) {
    if (p.type === 'text') a.text += p.text;
    else if (p.type === 'reasoning') {
      a.reasoning += p.text;
      if (p.signature) a.signatures.push(p.signature);
    } else a.calls.push({ name: p.name, args: p.input, callId: p.id });
  }
  return a;
}

function assertScenario(a: Aggregate, s: Scenario, client: Dialect, wire: Wire, label: string): void {
  assert.equal(a.error, undefined, `${label}: no error`);
  assert.equal(a.usage?.inputTokens, USAGE.input, `${label}: input tokens`);
  assert.equal(a.usage?.outputTokens, USAGE.output, `${label}: output tokens`);
  assert.equal(a.usage?.cachedInputTokens, USAGE.cached, `${label}: cached tokens`);
  if (s === 'text') {
    assert.equal(a.text, TEXT, `${label}: text`);
    assert.equal(a.finish, 'stop', `${label}: finish`);
  } else if (s === 'tools') {
    assert.deepEqual(a.calls.map((c) => [c.name, c.args]), CALLS.map((c) => [c.name, c.args]), `${label}: parallel calls`);
    assert.ok(a.calls.every((c) => c.callId), `${label}: call ids`);
    assert.equal(new Set(a.calls.map((c) => c.callId)).size, 2, `${label}: distinct call ids`);
    assert.equal(a.finish, 'tool_calls', `${label}: finish`);
  } else {
    assert.equal(a.reasoning, REASONING, `${label}: reasoning`);
    assert.equal(a.text, ANSWER, `${label}: answer`);
    assert.equal(a.finish, 'stop', `${label}: finish`);
    if (wire !== 'openai-chat' && client !== 'openai-chat') {
      assert.ok(a.signatures.some((sig) => sig.endsWith(TAG[wire] + SIGNATURE)), `${label}: signature kept (${a.signatures.join(',')})`);
    }
  }
}

for (const client of CLIENTS) {
  for (const wire of WIRES) {
    describe(`${client} → ${wire}`, () => {
      const t = translation(client, wire);

      it('request: client → IR → upstream → IR keeps the conversation, and back to the client', () => {
        const upstream = t.request(structuredClone(CLIENT_REQUEST[client]) as Record<string, unknown>, ctx(client, false));
        if (wire !== 'gemini') assert.equal(upstream.model, 'upstream-model');
        const ir = CODECS[wire].decodeRequest(upstream);
        assertConversation(ir, `${client}→${wire}`, client !== 'openai-responses');
        const back = CODECS[client].decodeRequest(CODECS[client].encodeRequest(ir, 'm'));
        assertConversation(back, `${client}→${wire}→${client}`, client !== 'openai-responses');
      });

      it('request: streaming flags', () => {
        const upstream = t.request(structuredClone(CLIENT_REQUEST[client]) as Record<string, unknown>, ctx(client, true));
        if (wire === 'openai-chat') assert.deepEqual(upstream.stream_options, { include_usage: true });
        if (wire !== 'gemini') assert.equal(upstream.stream, true);
        else assert.equal(upstream.stream, undefined);
      });

      for (const s of SCENARIOS) {
        it(`response: ${s}`, () => {
          const out = t.response(WIRE_RESPONSE[wire](s), ctx(client, false));
          const a = fromResponse(CODECS[client].decodeResponse(out));
          assertScenario(a, s, client, wire, `${client}←${wire} ${s}`);
          if (client !== 'gemini') assert.equal((out as { model: string }).model, `client-${client}`);
          else assert.equal((out as { modelVersion: string }).modelVersion, `client-${client}`);
        });

        it(`stream: ${s} (whole, 1-byte and 7-byte chunks)`, async () => {
          const raw = bytes(WIRE_STREAM[wire](s));
          for (const size of [raw.length, 1, 7]) {
            const body = await pipe(t.stream(ctx(client, true)), split(raw, size));
            assertScenario(readClientStream(client, body), s, client, wire, `${client}←${wire} ${s} /${size}`);
          }
          if (client === 'gemini') {
            const body = await pipe(t.stream(ctx(client, true, false)), split(raw, 5));
            assert.ok(body.startsWith('[') && body.endsWith(']'));
            assertScenario(readClientStream(client, body, false), s, client, wire, `${client}←${wire} ${s} json-array`);
          }
        });
      }

      it('stream: an empty upstream still yields a complete client sequence', async () => {
        const body = await pipe(t.stream(ctx(client, true)), []);
        const a = readClientStream(client, body);
        assert.equal(a.text, '');
        assert.ok(a.finish !== undefined || a.error !== undefined);
      });

      it('stream: a malformed upstream chunk becomes an error event, not a crash', async () => {
        const body = await pipe(t.stream(ctx(client, true)), [bytes('data: {"not json\n\n')]);
        const a = readClientStream(client, body);
        assert.match(a.error ?? '', /Malformed/);
      });
    });
  }
}
