import type { Dialect } from '../../../core/dialect';

/**
 * Usage as each dialect reports it, mapped to the monitor's convention (input includes cached
 * and cache-write tokens; output includes reasoning). Pure; every function takes an already
 * parsed event or response and returns undefined when it carries no usage. Counts are
 * cumulative: merge several reports with mergeUsage (the larger count wins).
 */

/** Token counts as reported by one event; absent fields are unknown (not zero). */
export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
  reasoningTokens?: number;
}

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

function sum(...vs: (number | undefined)[]): number | undefined {
  return vs.every((v) => v === undefined) ? undefined : vs.reduce<number>((a, v) => a + (v ?? 0), 0);
}

function clean(u: TokenUsage): TokenUsage | undefined {
  const out: TokenUsage = {};
  if (u.inputTokens !== undefined) out.inputTokens = u.inputTokens;
  if (u.outputTokens !== undefined) out.outputTokens = u.outputTokens;
  if (u.cachedTokens !== undefined) out.cachedTokens = u.cachedTokens;
  if (u.reasoningTokens !== undefined) out.reasoningTokens = u.reasoningTokens;
  return Object.keys(out).length ? out : undefined;
}

/** OpenAI chat `usage` object (also fits Responses' shape, for lenient upstreams). */
export function mapOpenAIChatUsage(u: unknown): TokenUsage | undefined {
  const o = obj(u);
  if (!o) return undefined;
  if (o.prompt_tokens === undefined && o.input_tokens !== undefined) return mapResponsesUsage(o);
  return clean({
    inputTokens: num(o.prompt_tokens),
    outputTokens: num(o.completion_tokens),
    cachedTokens: num(obj(o.prompt_tokens_details)?.cached_tokens),
    reasoningTokens: num(obj(o.completion_tokens_details)?.reasoning_tokens),
  });
}

/** OpenAI Responses `usage` object. */
export function mapResponsesUsage(u: unknown): TokenUsage | undefined {
  const o = obj(u);
  if (!o) return undefined;
  return clean({
    inputTokens: num(o.input_tokens),
    outputTokens: num(o.output_tokens),
    cachedTokens: num(obj(o.input_tokens_details)?.cached_tokens),
    reasoningTokens: num(obj(o.output_tokens_details)?.reasoning_tokens),
  });
}

/** Anthropic `usage`: `input_tokens` excludes cache reads and writes, so they are added. */
export function mapAnthropicUsage(u: unknown): TokenUsage | undefined {
  const o = obj(u);
  if (!o) return undefined;
  const input = num(o.input_tokens);
  const cacheRead = num(o.cache_read_input_tokens);
  const cacheWrite = num(o.cache_creation_input_tokens);
  return clean({
    inputTokens: input === undefined ? undefined : sum(input, cacheRead, cacheWrite),
    outputTokens: num(o.output_tokens),
    cachedTokens: cacheRead,
  });
}

/** Gemini `usageMetadata`: candidates exclude thoughts, so they are added to output. */
export function mapGeminiUsage(u: unknown): TokenUsage | undefined {
  const o = obj(u);
  if (!o) return undefined;
  const thoughts = num(o.thoughtsTokenCount);
  return clean({
    inputTokens: sum(num(o.promptTokenCount), num(o.toolUsePromptTokenCount)),
    outputTokens: sum(num(o.candidatesTokenCount), thoughts),
    cachedTokens: num(o.cachedContentTokenCount),
    reasoningTokens: thoughts,
  });
}

/** The usage object mapper of a dialect. */
export function mapUsageObject(dialect: Dialect, u: unknown): TokenUsage | undefined {
  switch (dialect) {
    case 'openai-chat':
      return mapOpenAIChatUsage(u);
    case 'openai-responses':
      return mapResponsesUsage(u);
    case 'anthropic':
      return mapAnthropicUsage(u);
    case 'gemini':
      return mapGeminiUsage(u);
  }
}

/** A chat completion or a chunk (`usage` null in most chunks). */
export function usageFromOpenAIChat(event: unknown): TokenUsage | undefined {
  return mapOpenAIChatUsage(obj(event)?.usage);
}

/** `response.completed` / `.incomplete` / `.failed` events, or a whole Response object. */
export function usageFromResponses(event: unknown): TokenUsage | undefined {
  const o = obj(event);
  if (!o) return undefined;
  return mapResponsesUsage(obj(o.response)?.usage ?? o.usage);
}

/** `message_start` (message.usage), `message_delta` (usage), or a whole Message. */
export function usageFromAnthropic(event: unknown): TokenUsage | undefined {
  const o = obj(event);
  if (!o) return undefined;
  return mapAnthropicUsage(obj(o.message)?.usage ?? o.usage);
}

/** A GenerateContentResponse (chunk), a Code Assist `{response: …}` wrapper, or an array of chunks (last usage wins). */
export function usageFromGemini(event: unknown): TokenUsage | undefined {
  if (Array.isArray(event)) {
    for (let i = event.length - 1; i >= 0; i--) {
      const u = usageFromGemini(event[i]);
      if (u) return u;
    }
    return undefined;
  }
  const o = obj(event);
  if (!o) return undefined;
  return mapGeminiUsage(o.usageMetadata ?? obj(o.response)?.usageMetadata);
}

export function usageFromEvent(dialect: Dialect, event: unknown): TokenUsage | undefined {
  switch (dialect) {
    case 'openai-chat':
      return usageFromOpenAIChat(event);
    case 'openai-responses':
      return usageFromResponses(event);
    case 'anthropic':
      return usageFromAnthropic(event);
    case 'gemini':
      return usageFromGemini(event);
  }
}
