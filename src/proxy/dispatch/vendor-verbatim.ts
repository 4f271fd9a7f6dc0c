import type { ProxyError } from '../../core/errors';

/**
 * An upstream's error answer kept word for word for a client of the same dialect (an Anthropic
 * client served by an Anthropic-wire account): Claude Code's automatic recovery matches the
 * vendor's exact wording and obeys `x-should-retry`. Secrets are already redacted from `body`.
 */
export interface VendorVerbatim {
  body: string;
  headers: Record<string, string>;
}

const kept = new WeakMap<ProxyError, VendorVerbatim>();

/** Headers of an Anthropic error answer that reach the client unchanged. */
const PASSED = ['x-should-retry', 'request-id'];

/** Statuses about the account itself (its key, its credit): the client is told in the proxy's words. */
const ACCOUNT_STATUSES = new Set([401, 402, 403, 407]);

export function keepVerbatim(err: ProxyError, status: number, headers: Headers, body: string): ProxyError {
  if (ACCOUNT_STATUSES.has(status) || !body.trim().startsWith('{')) return err;
  const h: Record<string, string> = {};
  for (const name of PASSED) {
    const v = headers.get(name);
    if (v !== null) h[name] = v;
  }
  kept.set(err, { body, headers: h });
  return err;
}

export function verbatimOf(err: ProxyError): VendorVerbatim | undefined {
  return kept.get(err);
}
