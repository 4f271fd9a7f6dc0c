import type { IrResponse } from '../../ir';
import { newId } from '../shared/ids';
import type { Json } from '../shared/json';
import { encodeStopReason, encodeUsage } from './mappings';

/** IR → Anthropic Messages response for an Anthropic client. */
export function encodeAnthropicResponse(r: IrResponse, model: string): Json {
  const content: Json[] = [];
  for (const p of r.content) {
    if (p.type === 'text') content.push({ type: 'text', text: p.text });
    else if (p.type === 'tool-call') content.push({ type: 'tool_use', id: p.id || newId('toolu_'), name: p.name, input: p.input });
    else if (p.redacted !== undefined) content.push({ type: 'redacted_thinking', data: p.redacted });
    else content.push({ type: 'thinking', thinking: p.text, signature: p.signature ?? '' });
  }
  return {
    id: r.id && r.id.startsWith('msg_') ? r.id : newId('msg_'),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: encodeStopReason(r.finishReason),
    stop_sequence: r.stopSequence ?? null,
    usage: encodeUsage(r.usage),
  };
}
