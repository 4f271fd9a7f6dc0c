/**
 * Fallback chains (config `fallbacks` / `contextWindowFallbacks`, LiteLLM's names): a model or
 * wildcard → the models tried in order after it. Matching is `modelMapping`'s: exact
 * (case-insensitive) beats a wildcard, among wildcards the one with the most literal
 * characters wins, ties go to the rule listed first.
 */
import type { ProxyError } from '../core/errors';
import { globMatch, isWildcard } from './model-mapping';

export function resolveChain(rules: Record<string, string[]> | undefined, model: string): string[] {
  let best: { list: string[]; literal: number } | undefined;
  for (const [pattern, list] of Object.entries(rules ?? {})) {
    if (!Array.isArray(list) || !globMatch(pattern, model)) continue;
    if (!isWildcard(pattern)) return list;
    const literal = pattern.replace(/\*/g, '').length;
    if (!best || literal > best.literal) best = { list, literal };
  }
  return best?.list ?? [];
}

/**
 * The upstream refused the input as too long for the model — Anthropic "prompt is too long:
 * N tokens > M maximum", OpenAI `context_length_exceeded` / "maximum context length is N
 * tokens", Gemini "The input token count (N) exceeds the maximum number of tokens allowed (M)".
 * The vendors give no machine-readable kind for it, so the message decides; only 400 / 413 count.
 */
const OVERFLOW = /prompt is too long|context[_ ]length[_ ]exceeded|maximum context length|input token count.*exceeds|exceeds the (maximum|model's) (number of tokens|context)|too many (input )?tokens/i;

export function isContextOverflow(error: ProxyError): boolean {
  return (error.status === 400 || error.status === 413) && OVERFLOW.test(error.message);
}
