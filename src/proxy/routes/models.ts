import type { ModelLimits } from '../../upstream/model-catalog';
import type { ModelInfo } from '../../upstream/pool-types';

const CREATED = 1_700_000_000;

/** The model catalog's limits of a listed model (issue 18); undefined when unknown. */
export type LimitsOf = (id: string) => ModelLimits | undefined;
const none: LimitsOf = () => undefined;

export function openaiModelList(models: ModelInfo[], limits: LimitsOf = none) {
  return { object: 'list', data: models.map((m) => openaiModel(m, limits)) };
}

/** `context_length` (OpenRouter's name, read by many clients), `max_input_tokens`, `max_output_tokens` when known. */
export function openaiModel(m: ModelInfo, limits: LimitsOf = none) {
  const l = limits(m.id);
  return {
    id: m.id, object: 'model', created: CREATED, owned_by: m.ownedBy,
    ...(l?.contextWindow ? { context_length: l.contextWindow, max_input_tokens: l.contextWindow } : {}),
    ...(l?.maxOutputTokens ? { max_output_tokens: l.maxOutputTokens } : {}),
  };
}

export function anthropicModelList(models: ModelInfo[], limits: LimitsOf = none) {
  const data = models.map((m) => anthropicModel(m, limits));
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}

export function anthropicModel(m: ModelInfo, limits: LimitsOf = none) {
  const l = limits(m.id);
  return {
    type: 'model', id: m.id, display_name: m.id, created_at: new Date(CREATED * 1000).toISOString(),
    ...(l?.contextWindow ? { max_input_tokens: l.contextWindow } : {}),
    ...(l?.maxOutputTokens ? { max_tokens: l.maxOutputTokens } : {}),
  };
}

export function geminiModelList(models: ModelInfo[], limits: LimitsOf = none) {
  return { models: models.map((m) => geminiModel(m, limits)) };
}

/** inputTokenLimit / outputTokenLimit only when the catalog knows them: never a made-up number. */
export function geminiModel(m: ModelInfo, limits: LimitsOf = none) {
  const l = limits(m.id);
  return {
    name: `models/${m.id}`,
    version: '001',
    displayName: m.id,
    description: `Served by Antigravity Proxy (${m.ownedBy}).`,
    ...(l?.contextWindow ? { inputTokenLimit: l.contextWindow } : {}),
    ...(l?.maxOutputTokens ? { outputTokenLimit: l.maxOutputTokens } : {}),
    supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
  };
}
