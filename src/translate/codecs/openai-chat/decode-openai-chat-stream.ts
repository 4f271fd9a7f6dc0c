import type { IrFinishReason, IrStreamEvent, IrUsage } from '../../ir';
import type { SseEvent } from '../../sse/decode-sse';
import { asArray, asNumber, asObject, asString, tryParse } from '../shared/json';
import type { Stage } from '../shared/stage';
import { decodeFinishReason } from './mappings';
import { decodeUsage } from './usage';

interface ToolState { id: string; callId?: string; name?: string; started: boolean; pending: string }

/**
 * OpenAI chat completion chunks (upstream) → IR stream events. The finish is emitted at
 * `[DONE]` (or end of input) so the trailing usage chunk is included.
 */
export class DecodeOpenAIChatStream implements Stage<SseEvent, IrStreamEvent> {
  private started = false;
  private seq = 0;
  private current: { kind: 'text' | 'reasoning' | 'tool'; id: string } | undefined;
  private tools = new Map<number, ToolState>();
  private usage: Partial<IrUsage> = {};
  private reason: IrFinishReason | undefined;
  private sawTool = false;
  private finished = false;

  push(ev: SseEvent, emit: (e: IrStreamEvent) => void): void {
    if (this.finished) return;
    if (ev.data.trim() === '[DONE]') {
      this.finish(emit);
      return;
    }
    const data = tryParse(ev.data);
    if (data === undefined) {
      emit({ type: 'error', message: 'Malformed chunk from upstream: invalid JSON.' });
      return;
    }
    const o = asObject(data);
    if (o.error !== undefined) {
      const err = asObject(o.error);
      emit({ type: 'error', message: asString(err.message) ?? 'Upstream stream error.', errorType: asString(err.type) ?? asString(err.code), ...(asNumber(err.code) ? { status: asNumber(err.code) } : {}) });
      this.finished = true;
      return;
    }
    if (!this.started) {
      this.started = true;
      emit({ type: 'message-start', id: asString(o.id), model: asString(o.model) });
    }
    if (o.usage) this.usage = { ...this.usage, ...decodeUsage(o.usage) };
    const choice = asObject(asArray(o.choices)[0]);
    const delta = asObject(choice.delta);
    const reasoning = asString(delta.reasoning_content) ?? asString(delta.reasoning);
    if (reasoning) emit({ type: 'reasoning-delta', id: this.block('reasoning'), delta: reasoning });
    const content = asString(delta.content);
    if (content) emit({ type: 'text-delta', id: this.block('text'), delta: content });
    for (const raw of asArray(delta.tool_calls)) this.toolDelta(asObject(raw), emit);
    const reason = decodeFinishReason(choice.finish_reason);
    if (reason) this.reason = reason;
  }

  flush(emit: (e: IrStreamEvent) => void): void {
    if (!this.finished && this.reason !== undefined) this.finish(emit);
  }

  private block(kind: 'text' | 'reasoning'): string {
    if (this.current?.kind !== kind) this.current = { kind, id: `${kind}${this.seq++}` };
    return this.current.id;
  }

  private toolDelta(tc: Record<string, unknown>, emit: (e: IrStreamEvent) => void): void {
    const index = asNumber(tc.index) ?? 0;
    let st = this.tools.get(index);
    if (!st) {
      st = { id: `tool${this.seq++}`, started: false, pending: '' };
      this.tools.set(index, st);
    }
    const fn = asObject(tc.function);
    if (asString(tc.id)) st.callId ??= asString(tc.id);
    if (asString(fn.name)) st.name = (st.name ?? '') + asString(fn.name);
    const args = asString(fn.arguments) ?? '';
    if (!st.started && st.name) {
      st.started = true;
      this.sawTool = true;
      this.current = { kind: 'tool', id: st.id };
      emit({ type: 'tool-input-start', id: st.id, callId: st.callId ?? `call_${index}_${st.id}`, name: st.name });
      if (st.pending) emit({ type: 'tool-input-delta', id: st.id, delta: st.pending });
      st.pending = '';
    }
    if (!args) return;
    if (st.started) emit({ type: 'tool-input-delta', id: st.id, delta: args });
    else st.pending += args;
  }

  private finish(emit: (e: IrStreamEvent) => void): void {
    if (this.finished) return;
    this.finished = true;
    let reason = this.reason ?? 'stop';
    if (reason === 'stop' && this.sawTool) reason = 'tool_calls';
    emit({ type: 'finish', reason, usage: { inputTokens: 0, outputTokens: 0, ...this.usage } });
  }
}
