import type { IrResponse } from '../../ir';
import { newId } from '../shared/ids';
import type { Json } from '../shared/json';
import { encodeGeminiOutputParts } from './encode-gemini-parts';
import { encodeFinishReason, encodeUsage } from './mappings';

/** IR → Gemini GenerateContentResponse for a Gemini client. */
export function encodeGeminiResponse(r: IrResponse, model: string): Json {
  const parts = encodeGeminiOutputParts(r.content);
  return {
    candidates: [{ content: { role: 'model', parts: parts.length ? parts : [{ text: '' }] }, finishReason: encodeFinishReason(r.finishReason), index: 0 }],
    usageMetadata: encodeUsage(r.usage),
    modelVersion: model,
    responseId: r.id || newId('', 10),
  };
}
