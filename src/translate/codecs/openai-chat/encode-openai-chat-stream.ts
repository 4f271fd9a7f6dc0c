import type { IrStreamEvent } from '../../ir';
import { sseFrame, utf8Bytes } from '../shared/encode-sse';
import { newId } from '../shared/ids';
import type { Stage } from '../shared/stage';
import { streamErrorBody } from '../shared/stream-error';
import { encodeFinishReason, encodeUsage } from './mappings';

/**
 * Normalized IR events → OpenAI chat.completion.chunk SSE bytes, ending with `data: [DONE]`.
 * The first chunk carries the role; tool calls stream as `tool_calls` deltas (index, id,
 * function.name, then arguments). Usage: with `includeUsage` a final chunk with empty
 * `choices` (the documented shape); otherwise usage rides on the finish chunk, which
 * clients that did not ask for it ignore.
 */
export class EncodeOpenAIChatStream implements Stage<IrStreamEvent, Uint8Array> {
  private readonly id = newId('chatcmpl-');
  private readonly created: number;
  private toolIndex = -1;

  constructor(private readonly model: string, private readonly includeUsage?: boolean, now = Date.now()) {
    this.created = Math.floor(now / 1000);
  }

  private chunk(delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}): Uint8Array {
    return sseFrame({
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
      ...extra,
    });
  }

  push(ev: IrStreamEvent, emit: (b: Uint8Array) => void): void {
    switch (ev.type) {
      case 'message-start':
        emit(this.chunk({ role: 'assistant', content: '' }));
        return;
      case 'text-delta':
        emit(this.chunk({ content: ev.delta }));
        return;
      case 'reasoning-delta':
        emit(this.chunk({ reasoning_content: ev.delta }));
        return;
      case 'tool-input-start':
        emit(this.chunk({ tool_calls: [{ index: ++this.toolIndex, id: ev.callId || newId('call_'), type: 'function', function: { name: ev.name, arguments: '' } }] }));
        return;
      case 'tool-input-delta':
        emit(this.chunk({ tool_calls: [{ index: this.toolIndex, function: { arguments: ev.delta } }] }));
        return;
      case 'finish': {
        const usage = encodeUsage(ev.usage);
        if (this.includeUsage) {
          emit(this.chunk({}, encodeFinishReason(ev.reason)));
          emit(sseFrame({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage }));
        } else {
          emit(this.chunk({}, encodeFinishReason(ev.reason), { usage }));
        }
        emit(utf8Bytes('data: [DONE]\n\n'));
        return;
      }
      case 'error':
        emit(sseFrame(streamErrorBody('openai', ev)));
        emit(utf8Bytes('data: [DONE]\n\n'));
        return;
      default:
        return;
    }
  }

  flush(): void {}
}
