import type { IrResponse } from '../../ir';
import { newId } from '../shared/ids';
import type { Json } from '../shared/json';
import { encodeFinishReason, encodeUsage } from './mappings';

/** IR → OpenAI chat completion for a chat client. Reasoning goes to `reasoning_content`. */
export function encodeOpenAIChatResponse(r: IrResponse, model: string, now = Date.now()): Json {
  const text = r.content.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('');
  const reasoning = r.content.filter((p) => p.type === 'reasoning').map((p) => (p as { text: string }).text).join('');
  const calls = r.content.filter((p) => p.type === 'tool-call');
  const message: Json = { role: 'assistant', content: text || (calls.length ? null : '') };
  if (reasoning) message.reasoning_content = reasoning;
  if (calls.length) {
    message.tool_calls = calls.map((c) => {
      const call = c as Extract<typeof c, { type: 'tool-call' }>;
      return { id: call.id || newId('call_'), type: 'function', function: { name: call.name, arguments: JSON.stringify(call.input) } };
    });
  }
  return {
    id: r.id.startsWith('chatcmpl') ? r.id : newId('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(now / 1000),
    model,
    choices: [{ index: 0, message, finish_reason: encodeFinishReason(r.finishReason), logprobs: null }],
    usage: encodeUsage(r.usage),
  };
}
