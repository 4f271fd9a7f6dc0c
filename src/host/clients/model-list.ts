/** Reading the proxy's own model list (pure): ids and the limits it reports (issue 18). */
import type { ServedModel } from './opencode-merge';

/** An OpenAI `/v1/models` body → served models (pure). */
export function modelsFromList(body: unknown): ServedModel[] {
  const data = (body as { data?: unknown })?.data;
  if (!Array.isArray(data)) return [];
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);
  return data.flatMap((m: { id?: unknown; context_length?: unknown; max_output_tokens?: unknown }) => {
    if (typeof m?.id !== 'string' || m.id === '') return [];
    const contextWindow = num(m.context_length);
    const maxOutputTokens = num(m.max_output_tokens);
    return [{ id: m.id, ...(contextWindow ? { contextWindow } : {}), ...(maxOutputTokens ? { maxOutputTokens } : {}) }];
  });
}
