import type { IrFinishReason, IrStreamEvent, IrUsage } from '../../ir';
import type { SseEvent } from '../../sse/decode-sse';
import { asNumber, asObject, asString, tryParse } from '../shared/json';
import { tagSignature } from '../shared/signature';
import type { Stage } from '../shared/stage';
import { decodeStopReason } from './mappings';
import { decodeUsage } from './usage';

interface Block { kind: 'text' | 'reasoning' | 'redacted' | 'tool'; signature?: string; redacted?: string }

/** Anthropic Messages SSE events (upstream) → IR stream events. */
export class DecodeAnthropicStream implements Stage<SseEvent, IrStreamEvent> {
  private blocks = new Map<number, Block>();
  private usage: Partial<IrUsage> = {};
  private reason: IrFinishReason | undefined;
  private stopSequence: string | undefined;
  private finished = false;

  push(ev: SseEvent, emit: (e: IrStreamEvent) => void): void {
    const data = tryParse(ev.data);
    if (data === undefined) {
      emit({ type: 'error', message: 'Malformed event from upstream: invalid JSON.' });
      return;
    }
    const o = asObject(data);
    const type = asString(o.type) ?? ev.event;
    const index = asNumber(o.index) ?? 0;
    const id = `b${index}`;
    switch (type) {
      case 'message_start': {
        const m = asObject(o.message);
        this.usage = { ...this.usage, ...decodeUsage(m.usage) };
        emit({ type: 'message-start', id: asString(m.id), model: asString(m.model), usage: this.usage });
        return;
      }
      case 'content_block_start': {
        const b = asObject(o.content_block);
        if (b.type === 'text') {
          this.blocks.set(index, { kind: 'text' });
          emit({ type: 'text-start', id });
          if (asString(b.text)) emit({ type: 'text-delta', id, delta: asString(b.text)! });
        } else if (b.type === 'thinking') {
          this.blocks.set(index, { kind: 'reasoning', ...(asString(b.signature) ? { signature: asString(b.signature) } : {}) });
          emit({ type: 'reasoning-start', id });
          if (asString(b.thinking)) emit({ type: 'reasoning-delta', id, delta: asString(b.thinking)! });
        } else if (b.type === 'redacted_thinking') {
          this.blocks.set(index, { kind: 'redacted', redacted: asString(b.data) ?? '' });
          emit({ type: 'reasoning-start', id, redacted: true });
        } else if (b.type === 'tool_use' || b.type === 'server_tool_use') {
          this.blocks.set(index, { kind: 'tool' });
          emit({ type: 'tool-input-start', id, callId: asString(b.id) ?? id, name: asString(b.name) ?? '' });
        }
        return;
      }
      case 'content_block_delta': {
        const d = asObject(o.delta);
        const block = this.blocks.get(index);
        if (!block) return;
        if (d.type === 'text_delta') emit({ type: 'text-delta', id, delta: asString(d.text) ?? '' });
        else if (d.type === 'thinking_delta') emit({ type: 'reasoning-delta', id, delta: asString(d.thinking) ?? '' });
        else if (d.type === 'signature_delta') block.signature = (block.signature ?? '') + (asString(d.signature) ?? '');
        else if (d.type === 'input_json_delta') emit({ type: 'tool-input-delta', id, delta: asString(d.partial_json) ?? '' });
        return;
      }
      case 'content_block_stop': {
        const block = this.blocks.get(index);
        this.blocks.delete(index);
        if (!block) return;
        if (block.kind === 'text') emit({ type: 'text-end', id });
        else if (block.kind === 'tool') emit({ type: 'tool-input-end', id });
        else if (block.kind === 'redacted') emit({ type: 'reasoning-end', id, redacted: tagSignature('anthropic', block.redacted ?? '') });
        else emit({ type: 'reasoning-end', id, ...(block.signature ? { signature: tagSignature('anthropic', block.signature) } : {}) });
        return;
      }
      case 'message_delta': {
        const d = asObject(o.delta);
        if (d.stop_reason !== undefined && d.stop_reason !== null) this.reason = decodeStopReason(d.stop_reason);
        if (asString(d.stop_sequence)) this.stopSequence = asString(d.stop_sequence);
        this.usage = { ...this.usage, ...decodeUsage(o.usage) };
        return;
      }
      case 'message_stop':
        this.finish(emit);
        return;
      case 'error': {
        const err = asObject(o.error);
        emit({ type: 'error', message: asString(err.message) ?? 'Upstream stream error.', errorType: asString(err.type) });
        return;
      }
      default:
        return; // ping and future event types
    }
  }

  flush(emit: (e: IrStreamEvent) => void): void {
    if (!this.finished && this.reason !== undefined) this.finish(emit);
  }

  private finish(emit: (e: IrStreamEvent) => void): void {
    if (this.finished) return;
    this.finished = true;
    emit({
      type: 'finish',
      reason: this.reason ?? 'stop',
      usage: { inputTokens: 0, outputTokens: 0, ...this.usage },
      ...(this.stopSequence ? { stopSequence: this.stopSequence } : {}),
    });
  }
}
