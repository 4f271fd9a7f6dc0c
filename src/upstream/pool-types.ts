import type { AccountConfig, AccountKind, ProxyConfig } from '../core/config';
import type { Dialect } from '../core/dialect';
import type { ProxyError } from '../core/errors';
import type { AccountGates } from './concurrency';
import type { AccountQuota } from './quota';

/** What the pool needs to know about a client request to route it. */
export interface RouteRequest {
  clientDialect: Dialect;
  clientModel: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed client body (read-only): session hints, first user message. */
  body: Record<string, unknown>;
  /** The client's address: with its credential, what tells two clients' "hi" apart (session-key.ts). */
  clientAddress?: string;
}

/** One account that may serve the request, and how to talk to it. */
export interface Candidate {
  account: AccountConfig;
  upstreamModel: string;
  /** The dialect spoken to this account for this request. */
  wire: Dialect;
  /**
   * True when the session's history was produced by another account: send this account
   * `stripForeignReasoning(clientDialect, clientBody)` (upstream/strip-foreign-reasoning.ts)
   * instead of the client body as is.
   */
  stripReasoning?: boolean;
  /** True when the account serves a stand-in for the requested model (a per-kind default). */
  substitute?: boolean;
}

export interface RoutePlan {
  clientModel: string;
  /** In the order they should be tried; at most one attempt per account. */
  candidates: Candidate[];
  /** Sticky-session key, when one was derived. */
  sessionKey?: string;
  /**
   * The account that served this session last, when the first candidate is another one
   * (the session moved): strip foreign reasoning before sending (see Candidate.stripReasoning).
   */
  movedFrom?: string;
  /** Session key + a digest of the first user message: one conversation of the session (see pool.ts). */
  conversationKey?: string;
}

export type AttemptOutcome =
  | { ok: true; headers?: Headers }
  | { ok: false; error: ProxyError; headers?: Headers; body?: string };

export interface AccountStatus {
  id: string;
  label: string;
  kind: AccountKind;
  enabled: boolean;
  state: 'ready' | 'cooling' | 'disabled';
  /** Epoch ms when the soonest cooling model becomes ready. */
  coolingUntil?: number;
  disabledReason?: string;
  /** Epoch ms the upstream disabled the account (absent for "Disabled in settings"). */
  disabledAt?: number;
  /** Epoch ms of the next re-probe of a disabled account (its models list); absent: none planned. */
  nextProbeAt?: number;
  lastError?: string;
  requests: number;
  tokens: number;
  /** Failed attempts (any status). */
  failures?: number;
  /** Epoch ms of lastError. */
  lastErrorAt?: number;
  /** Every cooling upstream model of the account, soonest first. */
  coolingModels?: Array<{ model: string; until: number }>;
  /** Requests on this account right now (concurrency.ts). */
  inFlight?: number;
  /** Requests waiting in this account's queue (maxConcurrent / requestsPerMinute). */
  queued?: number;
  /** What the vendor's rate-limit headers last said, with a burn-rate forecast (quota.ts, issue 20). */
  quota?: AccountQuota;
}

export interface ModelInfo {
  id: string;
  ownedBy: string;
}

export interface AccountPool {
  /** Throws ProxyError: not_found when no account serves the model; rate_limit (with retryAfterSeconds) when all cool. */
  plan(req: RouteRequest): RoutePlan;
  /** Outcome of one attempt: drives cooldowns, disabling and stickiness. */
  report(candidate: Candidate, outcome: AttemptOutcome, plan: RoutePlan): void;
  models(): ModelInfo[];
  status(): AccountStatus[];
  update(config: ProxyConfig): void;
  /** Accounts that could serve something (enabled, plus the z.ai dispatcher when active). */
  size(): number;
  /** Tokens (input + output) served by an account, for status(); call after a response completes. */
  recordUsage(accountId: string, tokens: number): void;
  /** Stops planned re-probes of disabled accounts (the pool is discarded). */
  close?(): void;
  /** Per-account concurrency caps and queues (the dispatcher admits each attempt through them). */
  readonly gates: AccountGates;
}
