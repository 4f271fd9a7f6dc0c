import type { IrStreamEvent, IrUsage } from '../../ir';
import { sseFrame, utf8Bytes } from '../shared/encode-sse';
import { newId } from '../shared/ids';
import { parseArguments, type Json } from '../shared/json';
import { redactedAsSignature } from '../shared/signature';
import type { Stage } from '../shared/stage';
import { streamErrorBody } from '../shared/stream-error';
import { encodeFinishReason, encodeUsage } from './mappings';

/**
 * Normalized IR events → Gemini GenerateContentResponse frames, as SSE `data:` lines
 * (`?alt=sse`) or as one streamed JSON array (`[{…}\n,\r\n{…}]`). A signature is attached
 * to the next part, like Gemini does; the last frame carries finishReason and usageMetadata.
 */
export class EncodeGeminiStream implements Stage<IrStreamEvent, Uint8Array> {
  private readonly responseId = newId('', 10);
  private pending: string | undefined;
  private frames = 0;
  private usage: IrUsage | undefined;

  constructor(private readonly model: string, private readonly sse: boolean) {}

  private send(frame: Json, emit: (b: Uint8Array) => void): void {
    if (this.sse) emit(sseFrame(frame));
    else emit(utf8Bytes((this.frames === 0 ? '[' : '\n,\r\n') + JSON.stringify(frame)));
    this.frames++;
  }

  private parts(parts: Json[], emit: (b: Uint8Array) => void, extra: Json = {}): void {
    if (this.pending && parts.length) {
      parts[0].thoughtSignature = this.pending;
      this.pending = undefined;
    }
    this.send({ candidates: [{ content: { role: 'model', parts }, index: 0, ...extra }], ...(this.usage ? { usageMetadata: encodeUsage(this.usage) } : {}), modelVersion: this.model, responseId: this.responseId }, emit);
  }

  push(ev: IrStreamEvent, emit: (b: Uint8Array) => void): void {
    switch (ev.type) {
      case 'message-start':
        if (ev.usage?.inputTokens) this.usage = { inputTokens: 0, outputTokens: 0, ...ev.usage };
        return;
      case 'text-delta':
        this.parts([{ text: ev.delta }], emit);
        return;
      case 'reasoning-delta':
        this.parts([{ text: ev.delta, thought: true }], emit);
        return;
      case 'reasoning-end':
        if (ev.redacted !== undefined) this.parts([{ text: '', thought: true, thoughtSignature: redactedAsSignature(ev.redacted) }], emit);
        else if (ev.signature) this.pending = ev.signature;
        return;
      case 'tool-call':
        this.parts([{ functionCall: { id: ev.callId, name: ev.name, args: parseArguments(ev.arguments) } }], emit);
        return;
      case 'finish': {
        this.usage = ev.usage;
        const parts: Json[] = [{ text: '' }];
        this.parts(parts, emit, { finishReason: encodeFinishReason(ev.reason) });
        return;
      }
      case 'error': {
        const body = streamErrorBody('gemini', ev);
        this.send(body, emit);
        return;
      }
      default:
        return;
    }
  }

  flush(emit: (b: Uint8Array) => void): void {
    if (!this.sse) emit(utf8Bytes(this.frames === 0 ? '[]' : '\n]'));
  }
}
