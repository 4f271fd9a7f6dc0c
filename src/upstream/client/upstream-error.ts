import type { AccountKind } from '../../core/config';
import { ProxyError, errorKindForStatus } from '../../core/errors';
import { isContextLengthError, providerOf } from '../providers/registry';
import { redact } from '../../core/redactor';
import { parseRetryAfterHeader } from '../cooldown-hints';

/**
 * An upstream's error answer as a ProxyError: the status is kept (so the client sees 429 as
 * 429), the vendor's message is extracted from any of the three error shapes, secrets redacted.
 */
export function upstreamError(status: number, headers: Headers, bodyText: string, secrets: readonly string[], label: string, kind?: AccountKind): ProxyError {
  const message = redact(extractMessage(bodyText) ?? `HTTP ${status}`, secrets);
  // A 429 tells the client what the pool reads from it (Gemini's RetryInfo, reset headers);
  // other statuses only an explicit Retry-After (reset headers ride on every answer).
  const now = Date.now();
  const retryAfterMs = (status === 429 && kind ? providerOf(kind).cooldownHint(headers, bodyText, now) : undefined) ?? parseRetryAfterHeader(headers, now);
  const retryAfter = retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
  // The account's provider knows its context-length message; without the kind, any provider's counts.
  const contextLength = kind ? providerOf(kind).isContextLengthError(message) : isContextLengthError(message);
  return new ProxyError(errorKindForStatus(status), `Upstream ${label}: ${message}`, {
    status,
    retryAfterSeconds: retryAfter,
    // 401/402/403 are this account's fault (bad key, no credit): another account may serve.
    // Other 4xx answers are the request's fault and would fail on every account.
    retryable: !contextLength && (status === 401 || status === 402 || status === 403 || status === 408 || status === 429 || status >= 500),
  });
}

export function extractMessage(bodyText: string): string | undefined {
  if (!bodyText) return undefined;
  try {
    const j = JSON.parse(bodyText) as unknown;
    const node = Array.isArray(j) ? j[0] : j;
    const err = (node as { error?: unknown })?.error;
    if (typeof err === 'string') return err;
    const msg = (err as { message?: unknown })?.message ?? (node as { message?: unknown })?.message;
    if (typeof msg === 'string') return msg;
  } catch {
    // not JSON: a proxy's HTML page or plain text
  }
  const text = bodyText.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 300) : undefined;
}
