import type { IrOutputPart, IrResponse } from '../../ir';
import { newId } from '../shared/ids';
import { asArray, asObject, asString } from '../shared/json';
import { tagSignature } from '../shared/signature';
import { CallIds, decodeGeminiParts } from './decode-gemini-parts';
import { decodeFinishReason } from './mappings';
import { decodeUsage } from './usage';

function geminiWireContext() {
  return {
    readSignature: (sig: string) => ({ signature: tagSignature('gemini', sig) }),
    calls: new CallIds(() => newId('call_', 8)),
  };
}

/** Gemini GenerateContentResponse (upstream) → IR (first candidate). */
export function decodeGeminiResponse(body: unknown): IrResponse {
  const o = asObject(body);
  const cand = asObject(asArray(o.candidates)[0]);
  const content = decodeGeminiParts(asObject(cand.content).parts, geminiWireContext()).filter(
    (p): p is IrOutputPart => p.type === 'text' || p.type === 'reasoning' || p.type === 'tool-call',
  );
  let finishReason = decodeFinishReason(cand.finishReason) ?? (asObject(o.promptFeedback).blockReason ? 'content_filter' : 'stop');
  if (finishReason === 'stop' && content.some((p) => p.type === 'tool-call')) finishReason = 'tool_calls';
  return {
    id: asString(o.responseId) ?? '',
    model: asString(o.modelVersion) ?? '',
    content,
    finishReason,
    usage: { inputTokens: 0, outputTokens: 0, ...decodeUsage(o.usageMetadata) },
  };
}
