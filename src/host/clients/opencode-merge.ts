/**
 * opencode (`~/.config/opencode/opencode.json`) and Kilo Code (`~/.config/kilo/kilo.json`, read by
 * the Kilo CLI and the Kilo Code extension built on it) share one config shape (CLIENTS.md, and
 * test/clients/cases/kilo-opencode.ts): a provider through `@ai-sdk/openai-compatible` at
 * `<proxy>/v1`, with the served models and their limits. Only `provider.antigravity`'s fields we
 * own and (when asked) `model` change; other providers, comments and keys stay. Pure.
 */
import { jsonAt, mergeJson, type JsonEdit, type TextMerge } from './text-merge';

export const PROVIDER_ID = 'antigravity';
export const PROVIDER_NAME = 'Antigravity Proxy';

export interface ServedModel {
  id: string;
  contextWindow?: number;
  maxOutputTokens?: number;
}

export interface OpencodeInput {
  /** `http://host:port/v1`. */
  baseUrl: string;
  /** The proxy key; only when auth is on (else no apiKey is written, and an old one is removed). */
  apiKey?: string;
  models: readonly ServedModel[];
  /** Sets `model` to `antigravity/<model>` when given. */
  model?: string;
  /** `$schema` of a new file. */
  schema: string;
}

/**
 * One model entry. `limit` needs both numbers (opencode's schema); with only a window known it
 * is left out rather than guessed — opencode then applies its defaults.
 */
export function modelEntry(m: ServedModel): Record<string, unknown> {
  return {
    name: m.id,
    tool_call: true,
    ...(m.contextWindow && m.maxOutputTokens ? { limit: { context: m.contextWindow, output: m.maxOutputTokens } } : {}),
  };
}

export function mergeOpencodeConfig(existing: string | undefined, input: OpencodeInput): TextMerge {
  const p = ['provider', PROVIDER_ID];
  const models = Object.fromEntries([...input.models].sort((a, b) => a.id.localeCompare(b.id)).map((m) => [m.id, modelEntry(m)]));
  const edits: JsonEdit[] = [
    [[...p, 'npm'], '@ai-sdk/openai-compatible'],
    [[...p, 'name'], PROVIDER_NAME],
    [[...p, 'options', 'baseURL'], input.baseUrl],
    [[...p, 'options', 'apiKey'], input.apiKey],
    [[...p, 'models'], models],
    ...(input.model ? [[['model'], `${PROVIDER_ID}/${input.model}`] as JsonEdit] : []),
  ];
  return mergeJson(existing, edits, { $schema: input.schema });
}

/** configured: our provider points at this proxy with the right key; out of date: it exists but does not. */
export function opencodeState(existing: string | undefined, input: Pick<OpencodeInput, 'baseUrl' | 'apiKey'>): 'configured' | 'not configured' | 'out of date' {
  const provider = jsonAt(existing, ['provider', PROVIDER_ID]) as { options?: { baseURL?: unknown; apiKey?: unknown } } | undefined;
  if (!provider || typeof provider !== 'object') return 'not configured';
  const ok = provider.options?.baseURL === input.baseUrl && (provider.options?.apiKey ?? undefined) === input.apiKey;
  return ok ? 'configured' : 'out of date';
}
