/**
 * What a failed attempt says about the account that made it (issue 14, "whose fault"). Narrowed
 * on status / kind, and for the one question a status cannot answer — is this key dead? — on
 * the vendor's machine-readable reason or its documented wording. Pure.
 */
import type { AccountKind } from '../core/config';
import { isInProcessKind } from '../core/config';
import type { ProxyError } from '../core/errors';

/**
 * - `auth`: the key is dead (401, or a 403/400 saying the key is invalid or billing is off):
 *   the account is disabled and re-probed (reprobe.ts).
 * - `model`: any other 403 or 404: this account may not serve this model; cools that model only.
 * - `rate_limit`: 429: cools the model with the vendor's hint or an escalating backoff.
 * - `transient`: capacity (503, 529, 502, 504, 408, connection failures, timeouts): short cooldown.
 * - `ambiguous`: a vendor 500 (and other unlisted 5xx): it may be the request, so it cools only
 *   under the pool's guard (pool.ts `ambiguousMayCool`).
 * - `request`: the request's own fault (400-class input): the account is not touched.
 */
export type FailureClass = 'auth' | 'model' | 'rate_limit' | 'transient' | 'ambiguous' | 'request';

/** Per account × model cooldown after a 403 / 404 that does not say the key is dead. */
export const MODEL_BLOCK_MS = 10 * 60_000;

/**
 * The vendors' "this key is dead" answers: Google's `ErrorInfo.reason` (API_KEY_INVALID and
 * friends, also on a 400), unregistered callers (no key), and the messages OpenAI / Anthropic /
 * z.ai send for a wrong key or an account without billing.
 */
const DEAD_REASONS = /"reason"\s*:\s*"(API_KEY_INVALID|API_KEY_EXPIRED|API_KEY_SERVICE_BLOCKED|BILLING_DISABLED|SERVICE_DISABLED|CONSUMER_SUSPENDED)"/;
const DEAD_TEXT = /api key (is )?(not valid|invalid|expired)|invalid[ _-]?(x-)?api[ _-]?key|incorrect api key|unregistered callers|requires billing|billing (is )?(not enabled|disabled|inactive|off)|credit balance is too low|account (has been )?(deactivated|disabled|suspended)/i;

/** True when an upstream's error answer says the key itself is invalid or the account cannot pay. */
export function saysKeyIsDead(error: ProxyError, body?: string): boolean {
  // The vendor's own words (its body); the message only when there is none (it names the account's label).
  const text = body ?? error.message;
  return DEAD_REASONS.test(text) || DEAD_TEXT.test(text);
}

/** How a failed attempt affects the account (see FailureClass). */
export function classifyFailure(error: ProxyError, body?: string, kind?: AccountKind): FailureClass {
  const s = error.status;
  if (s === 401 || s === 402 || error.kind === 'authentication') return 'auth';
  if (s === 403 || error.kind === 'permission') {
    // An in-process account's 403 is the user's consent (VS Code), not a model: until re-granted.
    if (kind && isInProcessKind(kind)) return 'auth';
    return saysKeyIsDead(error, body) ? 'auth' : 'model';
  }
  if (s === 404) return 'model';
  if (s === 429 || error.kind === 'rate_limit') return 'rate_limit';
  if (s === 500 || s === 501 || (s > 504 && s !== 529 && s < 600)) return 'ambiguous';
  if (s >= 500 || s === 408 || ['bad_gateway', 'timeout', 'unavailable', 'overloaded'].includes(error.kind)) return 'transient';
  // Gemini answers a wrong key with 400 INVALID_ARGUMENT + reason API_KEY_INVALID.
  if (s === 400 && saysKeyIsDead(error, body)) return 'auth';
  return 'request';
}
