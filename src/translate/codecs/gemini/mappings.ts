import type { IrFinishReason, IrUsage } from '../../ir';

export function decodeFinishReason(r: unknown): IrFinishReason | undefined {
  switch (r) {
    case undefined: case null: case '': case 'FINISH_REASON_UNSPECIFIED': return undefined;
    case 'STOP': return 'stop';
    case 'MAX_TOKENS': return 'length';
    case 'SAFETY': case 'RECITATION': case 'BLOCKLIST': case 'PROHIBITED_CONTENT': case 'SPII': case 'IMAGE_SAFETY': case 'LANGUAGE':
      return 'content_filter';
    case 'MALFORMED_FUNCTION_CALL': case 'UNEXPECTED_TOOL_CALL': return 'error';
    default: return 'other';
  }
}

/** Gemini has no tool-calls reason: a turn with function calls finishes with STOP. */
export function encodeFinishReason(r: IrFinishReason): string {
  switch (r) {
    case 'length': return 'MAX_TOKENS';
    case 'content_filter': return 'SAFETY';
    case 'error': return 'OTHER';
    case 'other': return 'OTHER';
    default: return 'STOP';
  }
}

export function encodeUsage(u: IrUsage): Record<string, number> {
  const thoughts = u.reasoningTokens ?? 0;
  const out: Record<string, number> = {
    promptTokenCount: u.inputTokens,
    candidatesTokenCount: Math.max(0, u.outputTokens - thoughts),
    totalTokenCount: u.inputTokens + u.outputTokens,
  };
  if (u.cachedInputTokens) out.cachedContentTokenCount = u.cachedInputTokens;
  if (thoughts) out.thoughtsTokenCount = thoughts;
  return out;
}
