import { DEFAULT_BASE_URLS, type AccountConfig } from '../../core/config';
import type { Dialect } from '../../core/dialect';

export type Action = 'generate' | 'count_tokens';

export interface UpstreamTarget {
  url: string;
  headers: Record<string, string>;
}

const USER_AGENT = 'antigravity-proxy/0.1';

function trimSlash(s: string): string {
  return s.replace(/\/+$/, '');
}

/** Appends `suffix` to `base` unless the base already ends with the suffix's first segment (…/v1 + /v1/messages). */
function join(base: string, prefix: string, rest: string): string {
  const b = trimSlash(base);
  return b.endsWith(prefix) ? `${b}${rest}` : `${b}${prefix}${rest}`;
}

export function baseUrlOf(account: AccountConfig): string {
  if (account.baseUrl) return account.baseUrl;
  return account.kind === 'vscode-lm' || account.kind === 'demo' ? '' : DEFAULT_BASE_URLS[account.kind];
}

/**
 * Where and how to call an account for one request. The client's own credentials are never
 * copied: only the account's key, and for Anthropic the version/beta headers that shape behaviour.
 */
export function upstreamTarget(
  account: AccountConfig,
  wire: Dialect,
  action: Action,
  upstreamModel: string,
  stream: boolean,
  clientHeaders: Record<string, string | string[] | undefined>,
  passthrough: boolean,
  /** Gemini streams: `alt=sse` (false: the streamed JSON array, for a passthrough to an array client). */
  sse = true,
): UpstreamTarget {
  const base = baseUrlOf(account);
  const key = account.apiKey ?? '';
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    accept: stream && sse ? 'text/event-stream' : 'application/json',
  };
  switch (wire) {
    case 'openai-chat':
    case 'openai-responses': {
      if (key) headers.authorization = `Bearer ${key}`;
      const path = wire === 'openai-chat' ? '/chat/completions' : '/responses';
      return { url: `${trimSlash(base)}${path}`, headers };
    }
    case 'anthropic': {
      headers['x-api-key'] = key;
      headers['anthropic-version'] = headerValue(clientHeaders['anthropic-version']) ?? '2023-06-01';
      const beta = headerValue(clientHeaders['anthropic-beta']);
      if (beta && passthrough) headers['anthropic-beta'] = beta;
      const path = action === 'count_tokens' ? '/messages/count_tokens' : '/messages';
      return { url: join(base, '/v1', path), headers };
    }
    case 'gemini': {
      headers['x-goog-api-key'] = key;
      const method = action === 'count_tokens' ? 'countTokens' : stream ? (sse ? 'streamGenerateContent?alt=sse' : 'streamGenerateContent') : 'generateContent';
      return { url: join(base, '/v1beta', `/models/${encodeURIComponent(upstreamModel)}:${method}`), headers };
    }
  }
}

export function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}
