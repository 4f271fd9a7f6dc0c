import type { IrFinishReason, IrUsage } from '../../ir';
import { asObject } from '../shared/json';

export function encodeUsage(u: IrUsage): Record<string, unknown> {
  return {
    input_tokens: u.inputTokens,
    input_tokens_details: { cached_tokens: u.cachedInputTokens ?? 0 },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0 },
    total_tokens: u.inputTokens + u.outputTokens,
  };
}

/** IR finish → Responses status and incomplete_details. */
export function encodeStatus(r: IrFinishReason): { status: 'completed' | 'incomplete'; incomplete_details: { reason: string } | null } {
  if (r === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (r === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

export function decodeStatus(status: unknown, details: unknown, hasCalls: boolean): IrFinishReason {
  if (status === 'incomplete') return asObject(details).reason === 'content_filter' ? 'content_filter' : 'length';
  if (status === 'failed') return 'error';
  return hasCalls ? 'tool_calls' : 'stop';
}
