import type { IrOutputPart, IrResponse } from '../../ir';
import { asObject, asString } from '../shared/json';
import { tagSignature } from '../shared/signature';
import { decodeAnthropicContent } from './decode-anthropic-content';
import { decodeStopReason } from './mappings';
import { decodeUsage } from './usage';

/** Anthropic Messages response (upstream) → IR; signatures are tagged as Anthropic's. */
export function decodeAnthropicResponse(body: unknown): IrResponse {
  const o = asObject(body);
  const content: IrOutputPart[] = [];
  for (const p of decodeAnthropicContent(o.content)) {
    if (p.type === 'reasoning') {
      content.push({
        type: 'reasoning',
        text: p.text,
        ...(p.signature ? { signature: tagSignature('anthropic', p.signature) } : {}),
        ...(p.redacted !== undefined ? { redacted: tagSignature('anthropic', p.redacted) } : {}),
      });
    } else if (p.type === 'text' || p.type === 'tool-call') content.push(p.type === 'text' ? { type: 'text', text: p.text } : p);
  }
  const usage = decodeUsage(o.usage);
  return {
    id: asString(o.id) ?? '',
    model: asString(o.model) ?? '',
    content,
    finishReason: decodeStopReason(o.stop_reason),
    ...(asString(o.stop_sequence) ? { stopSequence: asString(o.stop_sequence) } : {}),
    usage: { inputTokens: 0, outputTokens: 0, ...usage },
  };
}
