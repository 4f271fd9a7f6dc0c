import type { IrStreamEvent } from '../../ir';
import { sseFrame } from '../shared/encode-sse';
import { newId } from '../shared/ids';
import type { Stage } from '../shared/stage';
import { streamErrorBody } from '../shared/stream-error';
import { encodeStopReason, encodeUsage } from './mappings';

/**
 * Normalized IR events → Anthropic Messages SSE bytes: message_start, content_block_start /
 * _delta / _stop per block (index counting from 0), message_delta (stop_reason, usage),
 * message_stop; a terminal error is `event: error`.
 */
export class EncodeAnthropicStream implements Stage<IrStreamEvent, Uint8Array> {
  private index = -1;
  private redactedOpen = false;

  constructor(private readonly model: string) {}

  push(ev: IrStreamEvent, emit: (b: Uint8Array) => void): void {
    const send = (type: string, data: Record<string, unknown>) => emit(sseFrame({ type, ...data }, type));
    switch (ev.type) {
      case 'message-start': {
        const usage = encodeUsage({ inputTokens: 0, outputTokens: 0, ...ev.usage });
        send('message_start', {
          message: {
            id: ev.id?.startsWith('msg_') ? ev.id : newId('msg_'),
            type: 'message',
            role: 'assistant',
            model: this.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { ...usage, output_tokens: Math.max(1, usage.output_tokens) },
          },
        });
        return;
      }
      case 'text-start':
        send('content_block_start', { index: ++this.index, content_block: { type: 'text', text: '' } });
        return;
      case 'text-delta':
        send('content_block_delta', { index: this.index, delta: { type: 'text_delta', text: ev.delta } });
        return;
      case 'reasoning-start':
        if (ev.redacted) {
          this.redactedOpen = true; // its data arrives with reasoning-end
          return;
        }
        send('content_block_start', { index: ++this.index, content_block: { type: 'thinking', thinking: '', signature: '' } });
        return;
      case 'reasoning-delta':
        if (!this.redactedOpen) send('content_block_delta', { index: this.index, delta: { type: 'thinking_delta', thinking: ev.delta } });
        return;
      case 'reasoning-end':
        if (this.redactedOpen) {
          this.redactedOpen = false;
          send('content_block_start', { index: ++this.index, content_block: { type: 'redacted_thinking', data: ev.redacted ?? '' } });
          send('content_block_stop', { index: this.index });
          return;
        }
        if (ev.signature) send('content_block_delta', { index: this.index, delta: { type: 'signature_delta', signature: ev.signature } });
        send('content_block_stop', { index: this.index });
        return;
      case 'tool-input-start':
        send('content_block_start', { index: ++this.index, content_block: { type: 'tool_use', id: ev.callId || newId('toolu_'), name: ev.name, input: {} } });
        return;
      case 'tool-input-delta':
        send('content_block_delta', { index: this.index, delta: { type: 'input_json_delta', partial_json: ev.delta } });
        return;
      case 'text-end':
      case 'tool-input-end':
        send('content_block_stop', { index: this.index });
        return;
      case 'finish':
        send('message_delta', {
          delta: { stop_reason: encodeStopReason(ev.reason), stop_sequence: ev.stopSequence ?? null },
          usage: encodeUsage(ev.usage),
        });
        send('message_stop', {});
        return;
      case 'error':
        emit(sseFrame(streamErrorBody('anthropic', ev), 'error'));
        return;
      default:
        return;
    }
  }

  flush(): void {}
}
