import type { IrOutputPart, IrResponse } from '../../ir';
import { asArray, asObject, asString, parseArguments } from '../shared/json';
import { decodeFinishReason } from './mappings';
import { decodeUsage } from './usage';

/** OpenAI chat completion (upstream) → IR; only the first choice is used. */
export function decodeOpenAIChatResponse(body: unknown): IrResponse {
  const o = asObject(body);
  const choice = asObject(asArray(o.choices)[0]);
  const msg = asObject(choice.message);
  const content: IrOutputPart[] = [];
  const reasoning = asString(msg.reasoning_content) ?? asString(msg.reasoning);
  if (reasoning) content.push({ type: 'reasoning', text: reasoning });
  const text = asString(msg.content) ?? asString(msg.refusal);
  if (text) content.push({ type: 'text', text });
  for (const tc of asArray(msg.tool_calls)) {
    const call = asObject(tc);
    const fn = asObject(call.function);
    content.push({ type: 'tool-call', id: asString(call.id) ?? `call_${content.length}`, name: asString(fn.name) ?? '', input: parseArguments(asString(fn.arguments)) });
  }
  let finishReason = decodeFinishReason(choice.finish_reason) ?? 'stop';
  if (finishReason === 'stop' && content.some((p) => p.type === 'tool-call')) finishReason = 'tool_calls';
  return {
    id: asString(o.id) ?? '',
    model: asString(o.model) ?? '',
    content,
    finishReason,
    usage: { inputTokens: 0, outputTokens: 0, ...decodeUsage(o.usage) },
  };
}
