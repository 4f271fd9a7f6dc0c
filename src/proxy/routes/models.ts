import type { ModelInfo } from '../../upstream/pool-types';

const CREATED = 1_700_000_000;

export function openaiModelList(models: ModelInfo[]) {
  return { object: 'list', data: models.map((m) => openaiModel(m)) };
}

export function openaiModel(m: ModelInfo) {
  return { id: m.id, object: 'model', created: CREATED, owned_by: m.ownedBy };
}

export function anthropicModelList(models: ModelInfo[]) {
  const data = models.map((m) => anthropicModel(m));
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}

export function anthropicModel(m: ModelInfo) {
  return { type: 'model', id: m.id, display_name: m.id, created_at: new Date(CREATED * 1000).toISOString() };
}

export function geminiModelList(models: ModelInfo[]) {
  return { models: models.map((m) => geminiModel(m)) };
}

export function geminiModel(m: ModelInfo) {
  return {
    name: `models/${m.id}`,
    version: '001',
    displayName: m.id,
    description: `Served by Antigravity Proxy (${m.ownedBy}).`,
    inputTokenLimit: 1_048_576,
    outputTokenLimit: 65_536,
    supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
  };
}
