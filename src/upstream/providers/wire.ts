import type { Dialect } from '../../core/dialect';
import type { TargetInput, UpstreamTarget } from './provider';

/**
 * Addressing by wire dialect, shared by the providers that speak it: paths and the dialect's
 * auth header. Only the account's key is sent; for Anthropic the version header (and, on a
 * passthrough, the beta header) shape behaviour and are taken from the client.
 */

const USER_AGENT = 'antigravity-proxy/0.1';

export function trimSlash(s: string): string {
  return s.replace(/\/+$/, '');
}

/** Appends `rest` to `base` with `prefix` between, unless the base already ends with the prefix (…/v1 + /v1/messages). */
function joinUrl(base: string, prefix: string, rest: string): string {
  const b = trimSlash(base);
  return b.endsWith(prefix) ? `${b}${rest}` : `${b}${prefix}${rest}`;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

function baseHeaders(i: TargetInput): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    accept: i.stream && i.sse ? 'text/event-stream' : 'application/json',
  };
}

export function openAiTarget(i: TargetInput): UpstreamTarget {
  const headers = baseHeaders(i);
  if (i.key) headers.authorization = `Bearer ${i.key}`;
  const path = i.wire === 'openai-responses' ? '/responses' : '/chat/completions';
  return { url: `${trimSlash(i.base)}${path}`, headers };
}

export const ANTHROPIC_VERSION = '2023-06-01';

export function anthropicTarget(i: TargetInput): UpstreamTarget {
  const headers = baseHeaders(i);
  headers['x-api-key'] = i.key;
  headers['anthropic-version'] = headerValue(i.clientHeaders['anthropic-version']) ?? ANTHROPIC_VERSION;
  const beta = headerValue(i.clientHeaders['anthropic-beta']);
  if (beta && i.passthrough) headers['anthropic-beta'] = beta;
  const path = i.action === 'count_tokens' ? '/messages/count_tokens' : '/messages';
  return { url: joinUrl(i.base, '/v1', path), headers };
}

export function geminiTarget(i: TargetInput): UpstreamTarget {
  const headers = baseHeaders(i);
  headers['x-goog-api-key'] = i.key;
  const method = i.action === 'count_tokens' ? 'countTokens' : i.stream ? (i.sse ? 'streamGenerateContent?alt=sse' : 'streamGenerateContent') : 'generateContent';
  return { url: joinUrl(i.base, '/v1beta', `/models/${encodeURIComponent(i.upstreamModel)}:${method}`), headers };
}

/** The target builder of a wire dialect. */
export const WIRE_TARGET: Record<Dialect, (i: TargetInput) => UpstreamTarget> = {
  'openai-chat': openAiTarget,
  'openai-responses': openAiTarget,
  anthropic: anthropicTarget,
  gemini: geminiTarget,
};
