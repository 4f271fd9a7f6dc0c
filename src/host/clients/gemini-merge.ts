/**
 * Gemini CLI (CLIENTS.md, test/clients/cases/gemini-cli.ts): `~/.gemini/settings.json` selects
 * API-key auth (`security.auth.selectedType = "gemini-api-key"`, else it exits 41), and
 * `~/.gemini/.env` — which Gemini CLI loads itself when no project `.env` is found — carries
 * GOOGLE_GEMINI_BASE_URL (the proxy, no /v1beta) and GEMINI_API_KEY (the proxy key; Gemini CLI
 * insists on one, so with auth off a placeholder the proxy ignores). Pure.
 */
import { jsonAt, mergeJson, type TextMerge } from './text-merge';

/** Sent when auth is off: Gemini CLI refuses to start without a key, the proxy does not check it. */
export const GEMINI_NO_AUTH_KEY = 'antigravity-no-key-needed';

export interface GeminiInput {
  /** `http://host:port` (no /v1beta). */
  baseUrl: string;
  /** The proxy key when auth is on. */
  apiKey?: string;
  /** `model.name` when given. */
  model?: string;
}

export function mergeGeminiSettings(existing: string | undefined, input: GeminiInput): TextMerge {
  return mergeJson(existing, [
    [['security', 'auth', 'selectedType'], 'gemini-api-key'],
    ...(input.model ? [[['model', 'name'], input.model] as const] : []),
  ]);
}

const envLine = (name: string) => new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=`);

/** Sets our two variables in a dotenv text: a line replaced in place, or appended; everything else kept. */
export function mergeGeminiEnv(existing: string | undefined, input: GeminiInput): TextMerge {
  const vars: Array<[string, string]> = [
    ['GOOGLE_GEMINI_BASE_URL', input.baseUrl],
    ['GEMINI_API_KEY', input.apiKey ?? GEMINI_NO_AUTH_KEY],
  ];
  const eol = existing?.includes('\r\n') ? '\r\n' : '\n';
  const lines = existing === undefined || existing === '' ? [] : existing.replace(/\r?\n$/, '').split(/\r?\n/);
  for (const [name, value] of vars) {
    const line = `${name}=${value}`;
    const at = lines.findIndex((l) => envLine(name).test(l));
    if (at >= 0) {
      lines[at] = line;
      // A later duplicate would win in some loaders: drop it.
      for (let i = lines.length - 1; i > at; i--) if (envLine(name).test(lines[i]!)) lines.splice(i, 1);
    } else {
      lines.push(line);
    }
  }
  const text = lines.join(eol) + eol;
  return { ok: true, text, changed: text !== existing };
}

/** The value a dotenv text gives `name` (last plain assignment; quotes removed). */
export function envValue(text: string | undefined, name: string): string | undefined {
  let value: string | undefined;
  for (const l of (text ?? '').split(/\r?\n/)) {
    if (!envLine(name).test(l)) continue;
    value = l.slice(l.indexOf('=') + 1).trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return value;
}

export function geminiState(settings: string | undefined, env: string | undefined, input: Pick<GeminiInput, 'baseUrl' | 'apiKey'>): 'configured' | 'not configured' | 'out of date' {
  const url = envValue(env, 'GOOGLE_GEMINI_BASE_URL');
  if (url === undefined) return 'not configured';
  const ok = url === input.baseUrl
    && envValue(env, 'GEMINI_API_KEY') === (input.apiKey ?? GEMINI_NO_AUTH_KEY)
    && jsonAt(settings, ['security', 'auth', 'selectedType']) === 'gemini-api-key';
  return ok ? 'configured' : 'out of date';
}
