import type { IrFinishReason, IrUsage } from '../../ir';
import { asNumber, asObject } from '../shared/json';

export function decodeFinishReason(r: unknown): IrFinishReason | undefined {
  switch (r) {
    case 'stop': return 'stop';
    case 'length': return 'length';
    case 'tool_calls': case 'function_call': return 'tool_calls';
    case 'content_filter': return 'content_filter';
    case null: case undefined: return undefined;
    default: return 'other';
  }
}

export function encodeFinishReason(r: IrFinishReason): string {
  switch (r) {
    case 'length': return 'length';
    case 'tool_calls': return 'tool_calls';
    case 'content_filter': return 'content_filter';
    default: return 'stop';
  }
}

/** OpenAI usage (prompt_tokens include cached; completion_tokens include reasoning) → IR. */
export function decodeUsage(u: unknown): Partial<IrUsage> {
  const o = asObject(u);
  const out: Partial<IrUsage> = {};
  const input = asNumber(o.prompt_tokens);
  const output = asNumber(o.completion_tokens);
  if (input !== undefined) out.inputTokens = input;
  if (output !== undefined) out.outputTokens = output;
  const cached = asNumber(asObject(o.prompt_tokens_details).cached_tokens) ?? asNumber(o.prompt_cache_hit_tokens);
  if (cached !== undefined) out.cachedInputTokens = cached;
  const reasoning = asNumber(asObject(o.completion_tokens_details).reasoning_tokens);
  if (reasoning !== undefined) out.reasoningTokens = reasoning;
  return out;
}

export function encodeUsage(u: IrUsage): Record<string, unknown> {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedInputTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0 },
  };
}
