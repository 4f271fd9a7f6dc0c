import type { IrStreamEvent } from '../../ir';
import { sseFrame } from '../shared/encode-sse';
import { newId } from '../shared/ids';
import type { Json } from '../shared/json';
import type { Stage } from '../shared/stage';
import { streamErrorBody } from '../shared/stream-error';
import { functionCallItem, messageItem, outputText, reasoningItem, responseObject } from './encode-responses-items';
import { encodeStatus, encodeUsage } from './mappings';

interface OpenItem { kind: 'text' | 'reasoning' | 'tool'; id: string; index: number; text: string; callId?: string; name?: string }

/**
 * Normalized IR events → OpenAI Responses SSE (`event: <type>` + JSON with `type` and a
 * running `sequence_number`): response.created, response.in_progress, then per block
 * output_item.added … output_item.done (messages with content_part / output_text events,
 * reasoning with reasoning_summary_* events and encrypted_content carrying the signature,
 * function calls with function_call_arguments.*), then response.completed /
 * response.incomplete (with usage) or response.failed.
 */
export class EncodeResponsesStream implements Stage<IrStreamEvent, Uint8Array> {
  private seq = 0;
  private readonly id = newId('resp_');
  private readonly createdAt: number;
  private output: Json[] = [];
  private open: OpenItem | undefined;

  constructor(private readonly model: string, now = Date.now()) {
    this.createdAt = Math.floor(now / 1000);
  }

  private send(type: string, data: Json, emit: (b: Uint8Array) => void): void {
    emit(sseFrame({ type, sequence_number: this.seq++, ...data }, type));
  }

  private response(extra: Json): Json {
    return responseObject(this.id, this.model, this.createdAt, extra);
  }

  push(ev: IrStreamEvent, emit: (b: Uint8Array) => void): void {
    const send = (type: string, data: Json) => this.send(type, data, emit);
    const o = this.open;
    switch (ev.type) {
      case 'message-start':
        send('response.created', { response: this.response({}) });
        send('response.in_progress', { response: this.response({}) });
        return;
      case 'text-start': {
        const item = this.begin('text', newId('msg_'));
        send('response.output_item.added', { output_index: item.index, item: messageItem(item.id, '', 'in_progress') });
        send('response.content_part.added', { item_id: item.id, output_index: item.index, content_index: 0, part: outputText('') });
        return;
      }
      case 'text-delta':
        if (!o) return;
        o.text += ev.delta;
        send('response.output_text.delta', { item_id: o.id, output_index: o.index, content_index: 0, delta: ev.delta, logprobs: [] });
        return;
      case 'text-end': {
        if (!o) return;
        send('response.output_text.done', { item_id: o.id, output_index: o.index, content_index: 0, text: o.text, logprobs: [] });
        send('response.content_part.done', { item_id: o.id, output_index: o.index, content_index: 0, part: outputText(o.text) });
        this.done(messageItem(o.id, o.text), emit);
        return;
      }
      case 'reasoning-start': {
        const item = this.begin('reasoning', newId('rs_'));
        send('response.output_item.added', { output_index: item.index, item: reasoningItem(item.id, '') });
        return;
      }
      case 'reasoning-delta':
        if (!o) return;
        if (o.text === '') send('response.reasoning_summary_part.added', { item_id: o.id, output_index: o.index, summary_index: 0, part: { type: 'summary_text', text: '' } });
        o.text += ev.delta;
        send('response.reasoning_summary_text.delta', { item_id: o.id, output_index: o.index, summary_index: 0, delta: ev.delta });
        return;
      case 'reasoning-end': {
        if (!o) return;
        if (o.text) {
          send('response.reasoning_summary_text.done', { item_id: o.id, output_index: o.index, summary_index: 0, text: o.text });
          send('response.reasoning_summary_part.done', { item_id: o.id, output_index: o.index, summary_index: 0, part: { type: 'summary_text', text: o.text } });
        }
        this.done(reasoningItem(o.id, o.text, ev.signature, ev.redacted), emit);
        return;
      }
      case 'tool-input-start': {
        const item = this.begin('tool', newId('fc_'));
        item.callId = ev.callId || newId('call_');
        item.name = ev.name;
        send('response.output_item.added', { output_index: item.index, item: functionCallItem(item.id, item.callId, ev.name, '', 'in_progress') });
        return;
      }
      case 'tool-input-delta':
        if (!o) return;
        o.text += ev.delta;
        send('response.function_call_arguments.delta', { item_id: o.id, output_index: o.index, delta: ev.delta });
        return;
      case 'tool-call': {
        if (!o || o.kind !== 'tool') return;
        send('response.function_call_arguments.done', { item_id: o.id, output_index: o.index, arguments: ev.arguments });
        this.done(functionCallItem(o.id, o.callId!, o.name!, ev.arguments), emit);
        return;
      }
      case 'finish': {
        const { status, incomplete_details } = encodeStatus(ev.reason);
        const response = this.response({ status, incomplete_details, output: this.output, usage: encodeUsage(ev.usage) });
        send(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
        return;
      }
      case 'error': {
        const err = (streamErrorBody('openai', ev) as { error: Json }).error;
        send('response.failed', { response: this.response({ status: 'failed', error: { code: err.code, message: err.message }, output: this.output }) });
        return;
      }
      default:
        return;
    }
  }

  flush(): void {}

  private begin(kind: OpenItem['kind'], id: string): OpenItem {
    this.open = { kind, id, index: this.output.length, text: '' };
    this.output.push({}); // placeholder keeps output_index stable
    return this.open;
  }

  private done(item: Json, emit: (b: Uint8Array) => void): void {
    const o = this.open!;
    this.output[o.index] = item;
    this.open = undefined;
    this.send('response.output_item.done', { output_index: o.index, item }, emit);
  }
}
