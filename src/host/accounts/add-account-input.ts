/**
 * What Add Account… offers and checks: the presets, validation of each input, and the live
 * model-listing request in the vendor's dialect (pure, no `vscode`).
 */
import { DEFAULT_BASE_URLS, type AccountKind } from '../../core/config';
import type { StoredAccount } from './stored-account';
import type { FetchLike } from '../proxy/health-check';

export interface AccountPreset {
  id: string;
  kind: AccountKind;
  label: string;
  baseUrl?: string;
  /** Local servers (Ollama, LM Studio) accept any key. */
  keyOptional: boolean;
  keyHint?: string;
  /** Requests in flight at once the vendor tolerates (z.ai allows one: more come back as 429 storms). */
  maxConcurrent?: number;
  /** The default account name (a brand, not translated); absent: named after the base URL's host. */
  name?: string;
}

export const ACCOUNT_PRESETS: readonly AccountPreset[] = [
  { id: 'gemini', kind: 'gemini', label: 'Gemini API key (Google AI Studio)', baseUrl: DEFAULT_BASE_URLS.gemini, keyOptional: false, keyHint: 'AIza…', name: 'Gemini' },
  { id: 'anthropic', kind: 'anthropic', label: 'Anthropic-compatible', baseUrl: DEFAULT_BASE_URLS.anthropic, keyOptional: false, keyHint: 'sk-ant-…', name: 'Anthropic' },
  { id: 'zai', kind: 'zai', label: 'z.ai (GLM)', baseUrl: DEFAULT_BASE_URLS.zai, keyOptional: false, maxConcurrent: 1, name: 'z.ai' },
  { id: 'openai', kind: 'openai', label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', keyOptional: false, keyHint: 'sk-…', name: 'OpenAI' },
  { id: 'openrouter', kind: 'openai', label: 'OpenRouter', baseUrl: 'https://openrouter.ai/api/v1', keyOptional: false, keyHint: 'sk-or-…', name: 'OpenRouter' },
  { id: 'deepseek', kind: 'openai', label: 'DeepSeek', baseUrl: 'https://api.deepseek.com/v1', keyOptional: false, name: 'DeepSeek' },
  { id: 'ollama', kind: 'openai', label: 'Ollama (local)', baseUrl: 'http://127.0.0.1:11434/v1', keyOptional: true, name: 'Ollama' },
  { id: 'lmstudio', kind: 'openai', label: 'LM Studio (local)', baseUrl: 'http://127.0.0.1:1234/v1', keyOptional: true, name: 'LM Studio' },
  { id: 'openai-compatible', kind: 'openai', label: 'Other OpenAI-compatible', keyOptional: true },
  { id: 'vscode-lm', kind: 'vscode-lm', label: 'VS Code language models', keyOptional: true },
];

/**
 * The name Add Account offers: the preset's brand while the base URL is the preset's own, else
 * the URL's host (without a leading `api.`), so "Other OpenAI-compatible" is never a name.
 */
export function defaultAccountName(preset: AccountPreset, baseUrl: string): string {
  const same = preset.baseUrl !== undefined && trimSlash(baseUrl.trim()) === trimSlash(preset.baseUrl);
  if (same && preset.name) return preset.name;
  try {
    const host = new URL(baseUrl.trim()).host.replace(/^api\./, '');
    if (host) return host;
  } catch {
    // not a URL (yet): the preset's name below
  }
  return preset.name ?? 'Account';
}

/** Returns an English error or undefined. http is allowed only for loopback / LAN servers. */
export function validateBaseUrl(value: string): string | undefined {
  let u: URL;
  try {
    u = new URL(value.trim());
  } catch {
    return 'Enter a full URL such as https://api.example.com/v1.';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'The URL must start with http:// or https://.';
  if (u.username || u.password) return 'Do not put credentials into the URL; enter the key separately.';
  if (u.search || u.hash) return 'The base URL must not contain a query or fragment.';
  return undefined;
}

export function validateAccountKey(value: string, optional: boolean): string | undefined {
  const key = value.trim();
  if (!key) return optional ? undefined : 'Enter the API key.';
  if (/\s/.test(key)) return 'The key must not contain spaces.';
  if (key.length < 8) return 'This key looks too short.';
  return undefined;
}

export function validateLabel(value: string, existing: readonly StoredAccount[]): string | undefined {
  const label = value.trim();
  if (!label) return 'Enter a name for the account.';
  if (label.length > 60) return 'Keep the name under 60 characters.';
  if (existing.some((a) => a.label.toLowerCase() === label.toLowerCase())) return 'An account with this name exists already.';
  return undefined;
}

/** Comma- or space-separated list → model ids; `*` wildcards are allowed by the core. */
export function parseModelList(value: string): string[] {
  return [...new Set(value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean))];
}

function trimSlash(s: string): string {
  return s.replace(/\/+$/, '');
}

/** The request that lists an account's models, in that vendor's dialect. */
export interface ModelsRequest {
  url: string;
  headers: Record<string, string>;
  /**
   * Always `manual`: the request carries the account key, and fetch would follow a redirect to
   * any host with it. listModels follows a redirect only within the same origin (issue 15 item 11).
   */
  redirect: 'manual';
}

export function modelsRequest(kind: AccountKind, baseUrl: string, apiKey: string): ModelsRequest | undefined {
  const base = trimSlash(baseUrl);
  const redirect = 'manual' as const;
  switch (kind) {
    case 'gemini':
      return { url: `${base}/v1beta/models?pageSize=1000`, headers: { 'x-goog-api-key': apiKey }, redirect };
    case 'anthropic':
    case 'zai':
      return { url: `${base}/v1/models?limit=1000`, headers: { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' }, redirect };
    case 'openai':
      return { url: `${base}/models`, headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {}, redirect };
    case 'vscode-lm':
    case 'demo':
      return undefined;
  }
}

/**
 * Where a redirect answer may be followed with the key: the `location` resolved against the
 * request's URL, only when it stays on the same origin (scheme, host and port); undefined
 * otherwise (refused: the key never goes to another host, nor from https down to http).
 */
export function sameOriginRedirect(from: string, location: string | null): string | undefined {
  if (!location) return undefined;
  try {
    const to = new URL(location, from);
    return to.origin === new URL(from).origin ? to.href : undefined;
  } catch {
    return undefined;
  }
}

const MAX_REDIRECTS = 3;

/**
 * Sends a models request, following redirects only within the same origin (at most three);
 * a redirect to another origin is an error naming that origin: the key is not sent there.
 * Resolves with the final answer's status and text.
 */
export async function fetchModels(fetch: FetchLike, req: ModelsRequest, signal?: AbortSignal): Promise<{ status: number; text: string }> {
  let url = req.url;
  for (let hop = 0; ; hop++) {
    const res = await fetch(url, { headers: req.headers, redirect: req.redirect, ...(signal ? { signal } : {}) });
    const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
    if (location === null) return { status: res.status, text: await res.text() };
    await res.text().catch(() => '');
    const next = sameOriginRedirect(url, location);
    if (!next) throw new Error(`HTTP ${res.status}: the models list redirects to another host (${originOf(location, url)}); the key is not sent there. Check the base URL.`);
    if (hop >= MAX_REDIRECTS) throw new Error(`HTTP ${res.status}: too many redirects.`);
    url = next;
  }
}

function originOf(location: string, base: string): string {
  try {
    return new URL(location, base).origin;
  } catch {
    return JSON.stringify(location.slice(0, 100)); // not a URL: shown as sent
  }
}

/** Accepts OpenAI `{data:[{id}]}`, Anthropic `{data:[{id}]}` and Gemini `{models:[{name:"models/x"}]}`. */
export function parseModelsResponse(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const b = body as { data?: unknown; models?: unknown };
  const ids: string[] = [];
  if (Array.isArray(b.data)) {
    for (const m of b.data) if (m && typeof (m as { id?: unknown }).id === 'string') ids.push((m as { id: string }).id);
  }
  if (Array.isArray(b.models)) {
    for (const m of b.models) {
      const name = m && (m as { name?: unknown }).name;
      if (typeof name === 'string') ids.push(name.replace(/^models\//, ''));
    }
  }
  return [...new Set(ids)].sort();
}
