/**
 * Runtime state of the pool's accounts: per account × upstream model "ready" or "cooling
 * until T"; per account "disabled with a reason"; counters for the UI. Pure bookkeeping with
 * the clock passed in — the decision of *how long* to cool lives in `cooldownFor`.
 */
import type { AccountKind } from '../core/config';
import type { ProxyError } from '../core/errors';
import { providerOf } from './providers/registry';
import { parseRetryAfterHeader, type HeadersLike } from './cooldown-hints';

/** Escalating cooldowns for a 429 without a hint: 30 s, 2 min, 10 min, 30 min, then 1 h. */
export const RATE_LIMIT_BACKOFF_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000] as const;
/** 5xx / 529 / network: short, so the next request tries other accounts first. */
export const TRANSIENT_BACKOFF_MS = [10_000, 20_000, 30_000] as const;
/** No hint is taken below this: `Retry-After: 0` must still move the next request elsewhere. */
export const MIN_COOLDOWN_MS = 1000;

export type FailureClass = 'auth' | 'rate_limit' | 'transient' | 'request';

/** How a failed attempt affects the account. Narrowed on kind/status, never on the message. */
export function classifyFailure(error: ProxyError): FailureClass {
  if (error.status === 401 || error.status === 403 || error.kind === 'authentication' || error.kind === 'permission') return 'auth';
  if (error.status === 429 || error.kind === 'rate_limit') return 'rate_limit';
  if (error.status >= 500 || error.status === 408 || ['bad_gateway', 'timeout', 'unavailable', 'overloaded', 'api_error'].includes(error.kind)) {
    return 'transient';
  }
  return 'request';
}

interface ModelState {
  coolingUntil: number;
  rateStrikes: number;
  transientStrikes: number;
}

export interface AccountRuntime {
  disabledReason?: string;
  lastError?: string;
  lastErrorAt?: number;
  requests: number;
  failures: number;
  tokens: number;
  models: Map<string, ModelState>;
}

export interface FailureInput {
  error: ProxyError;
  headers?: HeadersLike;
  body?: string;
  /** The account's kind: its provider reads the cooldown hints. */
  kind: AccountKind;
}

function backoff(table: readonly number[], strikes: number): number {
  return table[Math.min(strikes, table.length) - 1] ?? table[0];
}

export class AccountStates {
  private readonly accounts = new Map<string, AccountRuntime>();

  get(id: string): AccountRuntime {
    let s = this.accounts.get(id);
    if (!s) {
      s = { requests: 0, failures: 0, tokens: 0, models: new Map() };
      this.accounts.set(id, s);
    }
    return s;
  }

  has(id: string): boolean {
    return this.accounts.has(id);
  }

  /** Forget accounts not in `keep`. */
  retain(keep: ReadonlySet<string>): void {
    for (const id of [...this.accounts.keys()]) if (!keep.has(id)) this.accounts.delete(id);
  }

  /** Clears a disabled flag (the key or URL changed, so the old verdict no longer holds). */
  enable(id: string): void {
    const s = this.accounts.get(id);
    if (s) s.disabledReason = undefined;
  }

  private model(id: string, model: string): ModelState {
    const acc = this.get(id);
    let m = acc.models.get(model);
    if (!m) {
      m = { coolingUntil: 0, rateStrikes: 0, transientStrikes: 0 };
      acc.models.set(model, m);
    }
    return m;
  }

  isDisabled(id: string): boolean {
    return this.accounts.get(id)?.disabledReason !== undefined;
  }

  /** Epoch ms when `model` on `id` is ready again; 0 when ready now or unknown. */
  coolingUntil(id: string, model: string, now: number): number {
    const until = this.accounts.get(id)?.models.get(model)?.coolingUntil ?? 0;
    return until > now ? until : 0;
  }

  isReady(id: string, model: string, now: number): boolean {
    return !this.isDisabled(id) && this.coolingUntil(id, model, now) === 0;
  }

  /** A success ends any cooldown of that model and resets its escalation. */
  recordSuccess(id: string, model: string): void {
    const acc = this.get(id);
    acc.requests += 1;
    const m = this.model(id, model);
    m.coolingUntil = 0;
    m.rateStrikes = 0;
    m.transientStrikes = 0;
  }

  recordUsage(id: string, tokens: number): void {
    if (Number.isFinite(tokens) && tokens > 0) this.get(id).tokens += tokens;
  }

  /** Applies a failed attempt; returns what it was classified as. */
  recordFailure(id: string, model: string, input: FailureInput, now: number): FailureClass {
    const acc = this.get(id);
    const cls = classifyFailure(input.error);
    acc.failures += 1;
    acc.lastError = `${input.error.status} ${input.error.kind}: ${input.error.message}`.slice(0, 300);
    acc.lastErrorAt = now;
    if (cls === 'auth') {
      acc.disabledReason = `Upstream rejected the key (${input.error.status}): ${input.error.message}`.slice(0, 300);
    } else if (cls === 'rate_limit') {
      const m = this.model(id, model);
      m.rateStrikes += 1;
      const hint = providerOf(input.kind).cooldownHint(input.headers, input.body, now);
      m.coolingUntil = now + Math.max(MIN_COOLDOWN_MS, hint ?? backoff(RATE_LIMIT_BACKOFF_MS, m.rateStrikes));
    } else if (cls === 'transient') {
      const m = this.model(id, model);
      m.transientStrikes += 1;
      // Only an explicit Retry-After counts here: Anthropic's rate-limit reset headers ride on
      // every response, and say nothing about an overload.
      const hint = parseRetryAfterHeader(input.headers, now);
      m.coolingUntil = now + Math.max(MIN_COOLDOWN_MS, hint ?? backoff(TRANSIENT_BACKOFF_MS, m.transientStrikes));
    }
    return cls;
  }

  /** Models of `id` cooling at `now`, soonest first. */
  coolingModels(id: string, now: number): Array<{ model: string; until: number }> {
    const acc = this.accounts.get(id);
    if (!acc) return [];
    return [...acc.models.entries()]
      .filter(([, m]) => m.coolingUntil > now)
      .map(([model, m]) => ({ model, until: m.coolingUntil }))
      .sort((a, b) => a.until - b.until);
  }
}
