import type { IrFinishReason, IrUsage } from '../../ir';

/** Anthropic stop_reason ↔ IR finish reason. */
export function decodeStopReason(r: unknown): IrFinishReason {
  switch (r) {
    case 'end_turn': return 'stop';
    case 'max_tokens': case 'model_context_window_exceeded': return 'length';
    case 'tool_use': return 'tool_calls';
    case 'stop_sequence': return 'stop_sequence';
    case 'refusal': return 'content_filter';
    case null: case undefined: return 'other';
    default: return 'other';
  }
}

export function encodeStopReason(r: IrFinishReason): string {
  switch (r) {
    case 'length': return 'max_tokens';
    case 'tool_calls': return 'tool_use';
    case 'stop_sequence': return 'stop_sequence';
    case 'content_filter': return 'refusal';
    default: return 'end_turn';
  }
}

export function encodeUsage(u: IrUsage): Record<string, number> {
  const cached = u.cachedInputTokens ?? 0;
  const created = u.cacheCreationInputTokens ?? 0;
  return {
    input_tokens: Math.max(0, u.inputTokens - cached - created),
    output_tokens: u.outputTokens,
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: created,
  };
}
