import type { IrUsage } from '../../ir';
import { asObject } from '../shared/json';
import { asCount, knownUsage, sumCounts } from '../shared/usage';

/** Gemini `usageMetadata` → IR: tool-use prompt tokens count as input; thoughts (excluded from candidates) as output. */
export function decodeUsage(u: unknown): Partial<IrUsage> {
  const o = asObject(u);
  const thoughts = asCount(o.thoughtsTokenCount);
  return knownUsage({
    inputTokens: sumCounts(asCount(o.promptTokenCount), asCount(o.toolUsePromptTokenCount)),
    outputTokens: sumCounts(asCount(o.candidatesTokenCount), thoughts),
    cachedInputTokens: asCount(o.cachedContentTokenCount),
    reasoningTokens: thoughts,
  }) ?? {};
}

/** A GenerateContentResponse (chunk), a Code Assist `{response: …}` wrapper, or an array of chunks (the last usage wins). */
export function usageOf(event: unknown): Partial<IrUsage> | undefined {
  if (Array.isArray(event)) {
    for (let i = event.length - 1; i >= 0; i--) {
      const u = usageOf(event[i]);
      if (u) return u;
    }
    return undefined;
  }
  const o = asObject(event);
  return knownUsage(decodeUsage(o.usageMetadata ?? asObject(o.response).usageMetadata));
}
