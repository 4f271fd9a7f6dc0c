import type { IrOutputPart, IrResponse } from '../../ir';
import { asArray, asObject, asString, parseArguments } from '../shared/json';
import { readClientSignature } from '../shared/signature';
import { decodeStatus } from './mappings';
import { decodeUsage } from './usage';

/** OpenAI Responses response object → IR. */
export function decodeResponsesResponse(body: unknown): IrResponse {
  const o = asObject(body);
  const content: IrOutputPart[] = [];
  for (const raw of asArray(o.output)) {
    const item = asObject(raw);
    if (item.type === 'message') {
      for (const c of asArray(item.content)) {
        const part = asObject(c);
        const text = asString(part.text) ?? asString(part.refusal);
        if (text) content.push({ type: 'text', text });
      }
    } else if (item.type === 'reasoning') {
      const text = [...asArray(item.summary), ...asArray(item.content)].map((s) => asString(asObject(s).text) ?? '').filter(Boolean).join('\n\n');
      content.push({ type: 'reasoning', text, ...readClientSignature(asString(item.encrypted_content)) });
    } else if (item.type === 'function_call') {
      content.push({ type: 'tool-call', id: asString(item.call_id) ?? '', name: asString(item.name) ?? '', input: parseArguments(asString(item.arguments)) });
    }
  }
  return {
    id: asString(o.id) ?? '',
    model: asString(o.model) ?? '',
    content,
    finishReason: decodeStatus(o.status, o.incomplete_details, content.some((p) => p.type === 'tool-call')),
    usage: { inputTokens: 0, outputTokens: 0, ...decodeUsage(o.usage) },
  };
}
