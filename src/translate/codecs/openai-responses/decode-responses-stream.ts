import type { IrStreamEvent } from '../../ir';
import type { SseEvent } from '../../sse/decode-sse';
import { asObject, asString, tryParse } from '../shared/json';
import { readClientSignature } from '../shared/signature';
import type { Stage } from '../shared/stage';
import { decodeStatus } from './mappings';
import { decodeUsage } from './usage';

/** OpenAI Responses SSE events → IR stream events (item ids name the blocks). */
export class DecodeResponsesStream implements Stage<SseEvent, IrStreamEvent> {
  private sawCall = false;
  private done = false;

  push(ev: SseEvent, emit: (e: IrStreamEvent) => void): void {
    if (this.done) return;
    const data = tryParse(ev.data);
    if (data === undefined) {
      emit({ type: 'error', message: 'Malformed event from upstream: invalid JSON.' });
      return;
    }
    const o = asObject(data);
    const item = asObject(o.item);
    const itemId = asString(o.item_id) ?? asString(item.id) ?? '';
    switch (asString(o.type) ?? ev.event) {
      case 'response.created': {
        const r = asObject(o.response);
        emit({ type: 'message-start', id: asString(r.id), model: asString(r.model) });
        return;
      }
      case 'response.output_item.added':
        if (item.type === 'message') emit({ type: 'text-start', id: itemId });
        else if (item.type === 'reasoning') emit({ type: 'reasoning-start', id: itemId });
        else if (item.type === 'function_call') {
          this.sawCall = true;
          emit({ type: 'tool-input-start', id: itemId, callId: asString(item.call_id) ?? itemId, name: asString(item.name) ?? '' });
        }
        return;
      case 'response.output_text.delta':
        emit({ type: 'text-delta', id: itemId, delta: asString(o.delta) ?? '' });
        return;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        emit({ type: 'reasoning-delta', id: itemId, delta: asString(o.delta) ?? '' });
        return;
      case 'response.function_call_arguments.delta':
        emit({ type: 'tool-input-delta', id: itemId, delta: asString(o.delta) ?? '' });
        return;
      case 'response.output_item.done':
        if (item.type === 'message') emit({ type: 'text-end', id: itemId });
        else if (item.type === 'reasoning') emit({ type: 'reasoning-end', id: itemId, ...readClientSignature(asString(item.encrypted_content)) });
        else if (item.type === 'function_call') emit({ type: 'tool-call', id: itemId, callId: asString(item.call_id) ?? itemId, name: asString(item.name) ?? '', arguments: asString(item.arguments) ?? '' });
        return;
      case 'response.completed':
      case 'response.incomplete': {
        const r = asObject(o.response);
        this.done = true;
        emit({ type: 'finish', reason: decodeStatus(r.status, r.incomplete_details, this.sawCall), usage: { inputTokens: 0, outputTokens: 0, ...decodeUsage(r.usage) } });
        return;
      }
      case 'response.failed':
      case 'error': {
        const err = asObject(asObject(o.response).error ?? o.error ?? o);
        this.done = true;
        emit({ type: 'error', message: asString(err.message) ?? 'Upstream stream error.', errorType: asString(err.type) ?? asString(err.code) });
        return;
      }
      default:
        return;
    }
  }

  flush(): void {}
}
