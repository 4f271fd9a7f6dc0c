import type { IrUsage } from '../../ir';
import { asObject } from '../shared/json';
import { asCount, knownUsage, sumCounts } from '../shared/usage';

/**
 * Anthropic `usage` → IR. `input_tokens` excludes cache reads and writes, so they are added;
 * the input is known only when `input_tokens` is (a `message_delta` with cache counts alone
 * must not lower it).
 */
export function decodeUsage(u: unknown): Partial<IrUsage> {
  const o = asObject(u);
  const input = asCount(o.input_tokens);
  const read = asCount(o.cache_read_input_tokens);
  const write = asCount(o.cache_creation_input_tokens);
  return knownUsage({
    inputTokens: input === undefined ? undefined : sumCounts(input, read, write),
    outputTokens: asCount(o.output_tokens),
    cachedInputTokens: read,
    cacheCreationInputTokens: write,
  }) ?? {};
}

/** `message_start` (message.usage), `message_delta` (usage), or a whole Message. */
export function usageOf(event: unknown): Partial<IrUsage> | undefined {
  const o = asObject(event);
  return knownUsage(decodeUsage(asObject(o.message).usage ?? o.usage));
}
