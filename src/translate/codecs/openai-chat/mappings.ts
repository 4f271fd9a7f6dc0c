import type { IrFinishReason, IrUsage } from '../../ir';

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

export function encodeUsage(u: IrUsage): Record<string, unknown> {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedInputTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0 },
  };
}
