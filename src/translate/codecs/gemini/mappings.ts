import type { IrFinishReason, IrUsage } from '../../ir';
import { asNumber, asObject } from '../shared/json';

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

/** promptTokenCount includes cached tokens; candidatesTokenCount excludes thoughtsTokenCount. */
export function decodeUsage(u: unknown): Partial<IrUsage> {
  const o = asObject(u);
  const out: Partial<IrUsage> = {};
  const prompt = asNumber(o.promptTokenCount);
  const candidates = asNumber(o.candidatesTokenCount);
  const thoughts = asNumber(o.thoughtsTokenCount);
  const cached = asNumber(o.cachedContentTokenCount);
  const toolPrompt = asNumber(o.toolUsePromptTokenCount);
  if (prompt !== undefined || toolPrompt !== undefined) out.inputTokens = (prompt ?? 0) + (toolPrompt ?? 0);
  if (candidates !== undefined || thoughts !== undefined) out.outputTokens = (candidates ?? 0) + (thoughts ?? 0);
  if (cached !== undefined) out.cachedInputTokens = cached;
  if (thoughts !== undefined) out.reasoningTokens = thoughts;
  return out;
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
