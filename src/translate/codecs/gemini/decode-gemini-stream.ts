import type { IrFinishReason, IrStreamEvent, IrUsage } from '../../ir';
import type { SseEvent } from '../../sse/decode-sse';
import { newId } from '../shared/ids';
import { asArray, asNumber, asObject, asString, isObject, tryParse } from '../shared/json';
import { tagSignature } from '../shared/signature';
import type { Stage } from '../shared/stage';
import { decodeFinishReason } from './mappings';
import { decodeUsage } from './usage';

/**
 * Gemini streamGenerateContent?alt=sse frames (upstream) → IR stream events. Each frame is a
 * GenerateContentResponse; function calls arrive whole. There is no terminal marker, so the
 * finish is emitted at end of input (with the last finishReason and usageMetadata seen).
 */
export class DecodeGeminiStream implements Stage<SseEvent, IrStreamEvent> {
  private started = false;
  private seq = 0;
  private current: { kind: 'text' | 'reasoning'; id: string } | undefined;
  private usage: Partial<IrUsage> = {};
  private reason: IrFinishReason | undefined;
  private sawTool = false;
  private failed = false;

  push(ev: SseEvent, emit: (e: IrStreamEvent) => void): void {
    if (this.failed) return;
    const data = tryParse(ev.data);
    if (data === undefined) {
      emit({ type: 'error', message: 'Malformed frame from upstream: invalid JSON.' });
      this.failed = true;
      return;
    }
    const frames = Array.isArray(data) ? data : [data];
    for (const f of frames) this.frame(asObject(f), emit);
  }

  private frame(o: Record<string, unknown>, emit: (e: IrStreamEvent) => void): void {
    if (isObject(o.error)) {
      emit({ type: 'error', message: asString(o.error.message) ?? 'Upstream stream error.', errorType: asString(o.error.status), ...(asNumber(o.error.code) ? { status: asNumber(o.error.code) } : {}) });
      this.failed = true;
      return;
    }
    if (o.usageMetadata) this.usage = { ...this.usage, ...decodeUsage(o.usageMetadata) };
    if (!this.started) {
      this.started = true;
      emit({ type: 'message-start', id: asString(o.responseId), model: asString(o.modelVersion), usage: { ...this.usage } });
    }
    if (asObject(o.promptFeedback).blockReason) this.reason = 'content_filter';
    const cand = asObject(asArray(o.candidates)[0]);
    for (const raw of asArray(asObject(cand.content).parts)) this.part(asObject(raw), emit);
    const reason = decodeFinishReason(cand.finishReason);
    if (reason) this.reason = reason;
  }

  private part(p: Record<string, unknown>, emit: (e: IrStreamEvent) => void): void {
    const sig = asString(p.thoughtSignature);
    if (p.thought === true) {
      const id = this.block('reasoning');
      if (asString(p.text)) emit({ type: 'reasoning-delta', id, delta: asString(p.text)! });
      if (sig) {
        emit({ type: 'reasoning-end', id, signature: tagSignature('gemini', sig) });
        this.current = undefined;
      }
      return;
    }
    if (sig) {
      const id = this.current?.kind === 'reasoning' ? this.current.id : `r${this.seq++}`;
      emit({ type: 'reasoning-end', id, signature: tagSignature('gemini', sig) });
      this.current = undefined;
    }
    if (typeof p.text === 'string') {
      if (p.text) emit({ type: 'text-delta', id: this.block('text'), delta: p.text });
    } else if (isObject(p.functionCall)) {
      this.current = undefined;
      this.sawTool = true;
      const id = `tool${this.seq++}`;
      emit({ type: 'tool-call', id, callId: asString(p.functionCall.id) ?? newId('call_', 8), name: asString(p.functionCall.name) ?? '', arguments: JSON.stringify(asObject(p.functionCall.args)) });
    }
  }

  private block(kind: 'text' | 'reasoning'): string {
    if (this.current?.kind !== kind) this.current = { kind, id: `${kind[0]}${this.seq++}` };
    return this.current.id;
  }

  flush(emit: (e: IrStreamEvent) => void): void {
    if (this.failed || (!this.started && this.reason === undefined)) return;
    let reason = this.reason ?? 'other';
    if (reason === 'stop' && this.sawTool) reason = 'tool_calls';
    emit({ type: 'finish', reason, usage: { inputTokens: 0, outputTokens: 0, ...this.usage } });
  }
}
