import type { IrUsage } from '../../ir';
import { asObject } from '../shared/json';
import { asCount, knownUsage } from '../shared/usage';

/** Responses `usage` → IR (input_tokens include cached; output_tokens include reasoning). */
export function decodeUsage(u: unknown): Partial<IrUsage> {
  const o = asObject(u);
  return knownUsage({
    inputTokens: asCount(o.input_tokens),
    outputTokens: asCount(o.output_tokens),
    cachedInputTokens: asCount(asObject(o.input_tokens_details).cached_tokens),
    reasoningTokens: asCount(asObject(o.output_tokens_details).reasoning_tokens),
  }) ?? {};
}

/** `response.completed` / `.incomplete` / `.failed` events, or a whole Response object. */
export function usageOf(event: unknown): Partial<IrUsage> | undefined {
  const o = asObject(event);
  return knownUsage(decodeUsage(asObject(o.response).usage ?? o.usage));
}
