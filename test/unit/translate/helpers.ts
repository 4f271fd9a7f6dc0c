import assert from 'node:assert/strict';
import type { Dialect } from '../../../src/core/dialect';
import { CODECS } from '../../../src/translate/codecs/registry';
import { NormalizeIrStream } from '../../../src/translate/codecs/shared/normalize-stream';
import { runStage } from '../../../src/translate/codecs/shared/stage';
import type { IrFinishReason, IrStreamEvent, IrUsage } from '../../../src/translate/ir';
import { SseDecoder, type SseEvent } from '../../../src/translate/sse/decode-sse';

const utf8 = new TextEncoder();
const text = new TextDecoder();

export function bytes(s: string): Uint8Array {
  return utf8.encode(s);
}

export function concat(chunks: Uint8Array[]): string {
  const total = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    total.set(c, o);
    o += c.length;
  }
  return text.decode(total);
}

/** Splits bytes into chunks of `size` (size ≥ the length = one chunk). */
export function split(b: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return out;
}

/** Runs a TransformStream over chunks and returns the output as one string. */
export async function pipe(ts: TransformStream<Uint8Array, Uint8Array>, chunks: Uint8Array[]): Promise<string> {
  const writer = ts.writable.getWriter();
  const out: Uint8Array[] = [];
  const reading = (async () => {
    const reader = ts.readable.getReader();
    for (;;) {
      const r = await reader.read();
      if (r.done) return;
      out.push(r.value);
    }
  })();
  for (const c of chunks) await writer.write(c);
  await writer.close();
  await reading;
  return concat(out);
}

export interface Aggregate {
  text: string;
  reasoning: string;
  signatures: string[];
  calls: Array<{ name: string; args: unknown; callId: string }>;
  finish?: IrFinishReason;
  usage?: IrUsage;
  error?: string;
  events: IrStreamEvent[];
}

export function aggregate(events: IrStreamEvent[]): Aggregate {
  const a: Aggregate = { text: '', reasoning: '', signatures: [], calls: [], events };
  for (const e of events) {
    if (e.type === 'text-delta') a.text += e.delta;
    else if (e.type === 'reasoning-delta') a.reasoning += e.delta;
    else if (e.type === 'reasoning-end' && e.signature) a.signatures.push(e.signature);
    else if (e.type === 'tool-call') a.calls.push({ name: e.name, args: JSON.parse(e.arguments || '{}'), callId: e.callId });
    else if (e.type === 'finish') {
      a.finish = e.reason;
      a.usage = e.usage;
    } else if (e.type === 'error') a.error = e.message;
  }
  return a;
}

/** SSE events of a client stream (Gemini JSON-array streams are turned into one event per element). */
export function clientEvents(client: Dialect, body: string, geminiSse = true): SseEvent[] {
  if (client === 'gemini' && !geminiSse) {
    const arr = JSON.parse(body) as unknown[];
    assert.ok(Array.isArray(arr), 'a JSON array');
    return arr.map((f) => ({ data: JSON.stringify(f) }));
  }
  return runStage(new SseDecoder(), [body]);
}

/**
 * Checks the client stream is a complete, valid sequence for its dialect and decodes it back
 * into IR with that dialect's own decoder.
 */
export function readClientStream(client: Dialect, body: string, geminiSse = true): Aggregate {
  const events = clientEvents(client, body, geminiSse);
  assert.ok(events.length > 0, 'stream has events');
  if (client === 'anthropic') {
    assert.equal(events[0].event, 'message_start');
    const last = events[events.length - 1].event;
    assert.ok(last === 'message_stop' || last === 'error', `ends with message_stop/error, got ${last}`);
    for (const e of events) assert.equal(JSON.parse(e.data).type, e.event);
  } else if (client === 'openai-chat') {
    assert.equal(events[events.length - 1].data, '[DONE]');
    const first = JSON.parse(events[0].data);
    if (!first.error) {
      assert.equal(first.object, 'chat.completion.chunk');
      assert.equal(first.choices[0].delta.role, 'assistant');
    }
  } else if (client === 'openai-responses') {
    const types = events.map((e) => JSON.parse(e.data).type as string);
    assert.deepEqual(types.slice(0, 2), ['response.created', 'response.in_progress']);
    assert.match(types[types.length - 1], /^response\.(completed|incomplete|failed)$/);
    events.forEach((e, i) => {
      const d = JSON.parse(e.data);
      assert.equal(d.sequence_number, i);
      assert.equal(d.type, e.event);
    });
  } else {
    for (const e of events) {
      const f = JSON.parse(e.data);
      assert.ok(f.candidates || f.error, 'gemini frame');
    }
  }
  const ir = runStage(CODECS[client].decodeStream(), events);
  return aggregate(runStage(new NormalizeIrStream(), ir));
}
