import { Readable } from 'node:stream';
import { includeUsageOf } from '../../translate';
import { CODECS } from '../../translate/codecs/registry';
import { NormalizeIrStream } from '../../translate/codecs/shared/normalize-stream';
import { compose, type Stage } from '../../translate/codecs/shared/stage';
import type { IrStreamEvent } from '../../translate/ir';
import { collectIrResponse } from '../../translate/ir/collect';
import type { ClientCall } from './client-call';

/** IR events → the client's stream bytes (normalizer + the client dialect's encoder). */
export function encodeIrStream(call: ClientCall, events: AsyncIterable<IrStreamEvent>): Readable {
  const encoder = CODECS[call.dialect].encodeStream({ model: call.clientModel, geminiSse: call.geminiSse, includeUsage: call.dialect === 'openai-chat' && includeUsageOf(call.body) });
  return Readable.from(encode(events, compose(new NormalizeIrStream(), encoder)), { objectMode: false });
}

/** IR events → one JSON answer in the client's dialect. */
export async function collectIrAnswer(call: ClientCall, events: AsyncIterable<IrStreamEvent>, model: string): Promise<string> {
  const all: IrStreamEvent[] = [];
  for await (const ev of events) all.push(ev);
  return JSON.stringify(CODECS[call.dialect].encodeResponse(collectIrResponse(all, { model }), call.clientModel));
}

/** Runs one synchronous stage over async events, yielding what each event produced. */
async function* encode(events: AsyncIterable<IrStreamEvent>, stage: Stage<IrStreamEvent, Uint8Array>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const emit = (b: Uint8Array) => out.push(b);
  for await (const ev of events) {
    stage.push(ev, emit);
    if (out.length > 0) yield* out.splice(0);
  }
  stage.flush(emit);
  yield* out.splice(0);
}
