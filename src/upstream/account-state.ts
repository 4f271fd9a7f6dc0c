/**
 * Runtime state of the pool's accounts: per account × upstream model "ready" or "cooling
 * until T"; per account "disabled with a reason"; counters for the UI. Pure bookkeeping with
 * the clock passed in — the decision of *how long* to cool lives in `cooldownFor`.
 */
import type { AccountKind } from '../core/config';
import type { ProxyError } from '../core/errors';
import { providerOf } from './providers/registry';
import { parseRetryAfterHeader, type HeadersLike } from './cooldown-hints';
import { classifyFailure, MODEL_BLOCK_MS, type FailureClass } from './failure-class';

/** Escalating cooldowns for a 429 without a hint: 30 s, 2 min, 10 min, 30 min, then 1 h. */
export const RATE_LIMIT_BACKOFF_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000] as const;
/** 5xx / 529 / network: short, so the next request tries other accounts first. */
export const TRANSIENT_BACKOFF_MS = [10_000, 20_000, 30_000] as const;
/** No hint is taken below this: `Retry-After: 0` must still move the next request elsewhere. */
export const MIN_COOLDOWN_MS = 1000;

export { classifyFailure, MODEL_BLOCK_MS, type FailureClass } from './failure-class';

/** Re-probe delays of a disabled account (reprobe.ts): 30 s, 1, 2, 4, 8, 16 min, then every 30 min. */
export const PROBE_BACKOFF_MS = [30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_800_000] as const;

interface ModelState {
  coolingUntil: number;
  rateStrikes: number;
  transientStrikes: number;
}

export interface AccountRuntime {
  disabledReason?: string;
  /** Epoch ms the account was disabled (by an upstream answer). */
  disabledAt?: number;
  /** Epoch ms of the next re-probe of a disabled account; undefined when none is planned. */
  nextProbeAt?: number;
  /** Re-probes that did not bring the account back since it was last disabled (for the backoff). */
  probeStrikes: number;
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
  /**
   * For an `ambiguous` failure (a vendor 500): may it cool the model? The pool's per-request
   * guard decides (pool.ts); default yes.
   */
  mayCool?: boolean;
}

function backoff(table: readonly number[], strikes: number): number {
  return table[Math.min(strikes, table.length) - 1] ?? table[0];
}

export class AccountStates {
  private readonly accounts = new Map<string, AccountRuntime>();

  /** `probeBackoffMs`: delays between re-probes of a disabled account (tests shorten them). */
  constructor(private readonly probeBackoffMs: readonly number[] = PROBE_BACKOFF_MS) {}

  get(id: string): AccountRuntime {
    let s = this.accounts.get(id);
    if (!s) {
      s = { requests: 0, failures: 0, tokens: 0, probeStrikes: 0, models: new Map() };
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
    if (!s) return;
    s.disabledReason = undefined;
    s.disabledAt = undefined;
    s.nextProbeAt = undefined;
  }

  /**
   * A re-probe answered: the account serves again. It counts as a strike all the same (only a
   * served request clears them): a models list can answer 200 for a key whose generate calls
   * still fail (no billing), and each such round must wait longer than the last.
   */
  revive(id: string): void {
    this.get(id).probeStrikes += 1;
    this.enable(id);
  }

  /** A re-probe failed: the next one waits longer (PROBE_BACKOFF_MS). Returns when it is due. */
  probeFailed(id: string, now: number): number {
    const s = this.get(id);
    s.probeStrikes += 1;
    s.nextProbeAt = now + backoff(this.probeBackoffMs, s.probeStrikes + 1);
    return s.nextProbeAt;
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
    acc.probeStrikes = 0;
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
    const cls = classifyFailure(input.error, input.body, input.kind);
    acc.failures += 1;
    acc.lastError = `${input.error.status} ${input.error.kind}: ${input.error.message}`.slice(0, 300);
    acc.lastErrorAt = now;
    if (cls === 'auth') {
      if (acc.disabledReason === undefined) acc.disabledAt = now;
      acc.disabledReason = `Upstream rejected the key (${input.error.status}): ${input.error.message}`.slice(0, 300);
      // The first re-probe after 30 s, then later each time it fails (see probeFailed).
      acc.nextProbeAt = now + backoff(this.probeBackoffMs, acc.probeStrikes + 1);
    } else if (cls === 'model') {
      // 403 / 404 for this model only: other models of the account keep working.
      const m = this.model(id, model);
      m.coolingUntil = now + MODEL_BLOCK_MS;
    } else if (cls === 'rate_limit') {
      const m = this.model(id, model);
      m.rateStrikes += 1;
      const hint = providerOf(input.kind).cooldownHint(input.headers, input.body, now);
      m.coolingUntil = now + Math.max(MIN_COOLDOWN_MS, hint ?? backoff(RATE_LIMIT_BACKOFF_MS, m.rateStrikes));
    } else if (cls === 'transient' || (cls === 'ambiguous' && input.mayCool !== false)) {
      const m = this.model(id, model);
      m.transientStrikes += 1;
      // Only an explicit Retry-After counts here: Anthropic's rate-limit reset headers ride on
      // every response, and say nothing about an overload.
      const hint = parseRetryAfterHeader(input.headers, now);
      m.coolingUntil = now + Math.max(MIN_COOLDOWN_MS, hint ?? backoff(TRANSIENT_BACKOFF_MS, m.transientStrikes));
    }
    return cls;
  }

  /** Another instance's cooldown (team mode): kept unless a longer one is already in force. */
  applyCooldown(id: string, model: string, until: number): void {
    const m = this.model(id, model);
    if (until > m.coolingUntil) m.coolingUntil = until;
  }

  /** Another instance's "disabled" verdict (team mode); the first re-probe is planned as for a local one. */
  applyDisabled(id: string, status: number, at: number, now: number): boolean {
    const acc = this.get(id);
    if (acc.disabledReason !== undefined) return false;
    acc.disabledAt = at;
    acc.disabledReason = `Upstream rejected the key (${status}), seen by another proxy instance`;
    acc.nextProbeAt = now + backoff(this.probeBackoffMs, acc.probeStrikes + 1);
    return true;
  }

  /** What this instance holds in force (team mode pushes it after an outage of the shared store). */
  inForce(now: number): { cooling: Array<{ accountId: string; model: string; until: number }>; disabled: Array<{ accountId: string; status: number; at: number }> } {
    const cooling: Array<{ accountId: string; model: string; until: number }> = [];
    const disabled: Array<{ accountId: string; status: number; at: number }> = [];
    for (const [accountId, acc] of this.accounts) {
      for (const [model, m] of acc.models) if (m.coolingUntil > now) cooling.push({ accountId, model, until: m.coolingUntil });
      if (acc.disabledReason !== undefined) disabled.push({ accountId, status: Number(/\((\d{3})\)/.exec(acc.disabledReason)?.[1] ?? 401), at: acc.disabledAt ?? now });
    }
    return { cooling, disabled };
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
