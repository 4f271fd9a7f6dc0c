import type { IrUsage } from '../../ir';
import { asObject } from '../shared/json';
import { asCount, knownUsage } from '../shared/usage';
import { decodeUsage as decodeResponsesUsage } from '../openai-responses/usage';

/**
 * OpenAI chat `usage` → IR (prompt_tokens include cached; completion_tokens include reasoning).
 * DeepSeek reports cache hits as `prompt_cache_hit_tokens`; lenient upstreams answer with
 * Responses-shaped usage (`input_tokens`), which is read as such.
 */
export function decodeUsage(u: unknown): Partial<IrUsage> {
  const o = asObject(u);
  if (o.prompt_tokens === undefined && o.input_tokens !== undefined) return decodeResponsesUsage(o);
  return knownUsage({
    inputTokens: asCount(o.prompt_tokens),
    outputTokens: asCount(o.completion_tokens),
    cachedInputTokens: asCount(asObject(o.prompt_tokens_details).cached_tokens) ?? asCount(o.prompt_cache_hit_tokens),
    reasoningTokens: asCount(asObject(o.completion_tokens_details).reasoning_tokens),
  }) ?? {};
}

/** A chat completion or a chunk (`usage` is null in most chunks). */
export function usageOf(event: unknown): Partial<IrUsage> | undefined {
  return knownUsage(decodeUsage(asObject(event).usage));
}
