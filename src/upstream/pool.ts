/**
 * The account pool: routes a request to candidate accounts in try order, and learns from each
 * attempt's outcome (cooldowns, disabling, sticky bindings; what a failure does is decided by
 * failure-class.ts). Routing is pure apart from the injected clock; no timers — a cooldown
 * simply ends when `now()` passes it. The one timer is the re-probe of a disabled account
 * (reprobe.ts), unref'd and stopped by `close()`.
 *
 * Routing: client model → `modelMapping` → accounts serving the result (model-mapping.ts) →
 * ready ones only (account-state.ts) → strategy order (scheduler.ts) → z.ai dispatch
 * (zai-dispatch.ts). Sessions (session-key.ts) remember the account that served them last;
 * the sticky strategy puts it first, and every strategy flags candidates that did not produce
 * the history so the dispatcher strips foreign reasoning (strip-foreign-reasoning.ts).
 */
import type { AccountConfig, AccountKind, ProxyConfig } from '../core/config';
import { isInProcessKind, zaiDispatchActive } from '../core/config';
import type { Dialect } from '../core/dialect';
import { ProxyError } from '../core/errors';
import type { Dispatcher } from 'undici';
import { AccountStates, classifyFailure } from './account-state';
import { providerOf } from './providers/registry';
import { FAMILY_OWNER, familyOf, isWildcard, resolveAccountModel, resolveLocalModel, resolveModelMapping } from './model-mapping';
import type { AccountPool, AccountStatus, AttemptOutcome, Candidate, ModelInfo, RoutePlan, RouteRequest } from './pool-types';
import { AccountGates } from './concurrency';
import { nativeTier, orderNativeFirst } from './native-first';
import { createScheduler, type Scheduler, type Slot } from './scheduler';
import { createReprober, modelsListProbe, type Probe } from './reprobe';
import { conversationKeyOf, deriveSessionKey } from './session-key';
import { SessionBindings } from './session-bindings';
import { QuotaBook } from './quota';
import { ZAI_ACCOUNT_ID, zaiAccount, zaiRole, zaiUpstreamModel } from './zai-dispatch';
import type { SharedPoolState } from './state/shared-state';

export interface PoolDeps {
  now: () => number;
  /** Reserved for jitter; the pool is deterministic today. */
  random?: () => number;
  /** Idle TTL of a session binding (default 1 h). */
  bindingTtlMs?: number;
  /** Most session bindings kept, least recently used evicted first (default 10 000). */
  maxBindings?: number;
  /**
   * The models an in-process account (`vscode-lm`, `demo`: see IN_PROCESS_KINDS) offers right
   * now (its LocalProvider's `models`; undefined = no provider for its kind). Without it the pool
   * uses the account's `models` as that list — the VS Code host resolves it into the config
   * (see src/host/lm-provider.ts) — and skips in-process accounts that have none.
   */
  localModels?: (account: AccountConfig) => string[] | undefined;
  /** Asks a disabled account whether it is back (default: its kind's models list, reprobe.ts). */
  probe?: Probe;
  /** Delays between re-probes of a disabled account (default PROBE_BACKOFF_MS: 30 s … 30 min). */
  probeBackoffMs?: readonly number[];
  /** The upstream proxy's dispatcher for the default probe (the same one requests use). */
  upstreamDispatcher?: () => Dispatcher | undefined;
  /**
   * Team mode (issue 23): cooldowns, disabled flags, session bindings and concurrency slots
   * shared with other instances (src/upstream/state). Absent: everything stays in this process.
   */
  shared?: SharedPoolState;
}

/**
 * The vendor-500 guard (issue 14): a 500 may be the request's fault as much as the account's.
 * Within one request, once two accounts failed with the same 500 the rest are not cooled for
 * it; and one request never cools the last account still ready for the model.
 */
const SAME_WAY_LIMIT = 2;

/** "The same way": status and the vendor's words, without the account's label. */
function failureSignature(error: ProxyError, label: string): string {
  const prefix = `Upstream ${label}: `;
  const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return `${error.status} ${error.kind} ${message}`;
}

/**
 * The dialect spoken over HTTP to an account of `kind` for a client speaking `client` (the
 * kind's provider decides); undefined for `vscode-lm`, which is not reached over HTTP (see `candidateWire`).
 */
export function wireDialect(kind: AccountKind, client: Dialect, account?: Pick<AccountConfig, 'baseUrl' | 'responsesApi'>): Dialect | undefined {
  return providerOf(kind).wire(client, account);
}

/**
 * Candidate.wire: for `vscode-lm` the client's own dialect. The dispatcher intercepts those
 * candidates by `account.kind` before looking at `wire` and serves them through the
 * LocalProvider (IR in, IR events out), so no translation between dialects is implied.
 */
export function candidateWire(account: Pick<AccountConfig, 'kind' | 'baseUrl' | 'responsesApi'>, client: Dialect): Dialect {
  return wireDialect(account.kind, client, account) ?? client;
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

export function createAccountPool(initial: ProxyConfig, deps: PoolDeps): AccountPool {
  let config = initial;
  let scheduler: Scheduler = createScheduler(config.scheduling);
  let zai = zaiAccount(config.zai);
  const states = new AccountStates(deps.probeBackoffMs);
  const shared = deps.shared;
  const accountById = (id: string): AccountConfig | undefined =>
    id === ZAI_ACCOUNT_ID && zaiDispatchActive(config.zai) ? zai : config.accounts.find((a) => a.id === id);
  const reprober = createReprober(states, {
    now: deps.now,
    probe: deps.probe ?? modelsListProbe(deps.upstreamDispatcher),
    account: accountById,
    onRevived: shared && ((id) => shared.enabled(id)),
  });
  /** Per request (its plan): how many accounts failed each ambiguous way. */
  const ambiguousByPlan = new WeakMap<RoutePlan, Map<string, number>>();
  const gates = new AccountGates();
  /** Rate-limit headers of every upstream response, per account (quota.ts). */
  const quotas = new QuotaBook();
  // Who served a session last, per client model (Claude Code's haiku side calls carry the main
  // conversation's session id but must not drag it to another account) and per session (the
  // best guess of who wrote the history when the client switches models mid-conversation).
  const byModel = new SessionBindings(deps.bindingTtlMs, deps.maxBindings);
  const bySession = new SessionBindings(deps.bindingTtlMs, deps.maxBindings);
  const modelKey = (sessionKey: string, clientModel: string) => `${sessionKey}\u0000${clientModel}`;
  // Who wrote a conversation's newest turn (session + its first user message): any other account
  // gets the history without reasoning signatures (Candidate.stripReasoning), whatever the model.
  const byConversation = new SessionBindings(deps.bindingTtlMs, deps.maxBindings);
  gates.share(shared?.slots);
  // Team mode: other instances' changes land in the same local state every request reads.
  shared?.attach({
    cooled: (id, model, until) => {
      if (knownIds().has(id)) states.applyCooldown(id, model, until);
    },
    disabled: (id, status, at) => {
      if (knownIds().has(id) && states.applyDisabled(id, status, at, deps.now())) reprober.schedule(id);
    },
    enabled: (id) => {
      reprober.cancel(id);
      states.enable(id);
    },
    snapshot: (now) => states.inForce(now),
  });

  /** An in-process account's offered models; undefined when nothing can serve it (vscode-lm headless). */
  const localModels = (a: AccountConfig): string[] | undefined => (deps.localModels ? deps.localModels(a) : a.models);
  const routable = (a: AccountConfig) => a.enabled && (!isInProcessKind(a.kind) || localModels(a) !== undefined);
  const knownIds = () => {
    const ids = new Set(config.accounts.map((a) => a.id));
    if (zaiDispatchActive(config.zai)) ids.add(ZAI_ACCOUNT_ID);
    return ids;
  };

  function unavailable(clientModel: string, slots: Slot[], now: number): ProxyError {
    const cooling = slots
      .filter((s) => !states.isDisabled(s.account.id))
      .map((s) => states.coolingUntil(s.account.id, s.upstreamModel, now))
      .filter((until) => until > 0);
    const disabled = slots.filter((s) => states.isDisabled(s.account.id));
    const total = slots.length;
    if (cooling.length === 0) {
      const reasons = disabled.map((s) => {
        const st = states.get(s.account.id);
        const next = st.nextProbeAt === undefined ? '' : `; checked again in ${Math.max(1, Math.ceil((st.nextProbeAt - now) / 1000))}s`;
        return `${s.account.label}: ${st.disabledReason}${next}`;
      }).join('; ');
      return new ProxyError('unavailable',
        `${plural(total, 'The only account', `All ${total} accounts`)} serving ${clientModel} ${plural(total, 'is', 'are')} disabled (${reasons})`,
        { status: 503, retryable: false });
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((Math.min(...cooling) - now) / 1000));
    const what = disabled.length === 0
      ? `${plural(total, 'The only account', `All ${total} accounts`)} serving ${clientModel} ${plural(total, 'is', 'are')} cooling down`
      : `All ${total} accounts serving ${clientModel} are unavailable (${cooling.length} cooling down, ${disabled.length} disabled)`;
    return new ProxyError('rate_limit', `${what}; the soonest is ready in ${retryAfterSeconds}s`, { retryAfterSeconds });
  }

  function plan(req: RouteRequest): RoutePlan {
    const now = deps.now();
    const mapped = resolveModelMapping(config.modelMapping, req.clientModel) ?? req.clientModel;
    const role = zaiRole(config.zai, req.clientDialect);
    const sessionKey = deriveSessionKey(req.clientDialect, req.headers, req.body, req.clientAddress);
    const bound = sessionKey
      ? (shared ? shared.boundTo(`m${modelKey(sessionKey, req.clientModel)}`, now) ?? shared.boundTo(`s${sessionKey}`, now) : undefined)
        ?? byModel.get(modelKey(sessionKey, req.clientModel), now) ?? bySession.get(sessionKey, now)
      : undefined;
    const conversationKey = sessionKey && conversationKeyOf(sessionKey, req.clientDialect, req.body);
    const wroteLast = conversationKey
      ? (shared ? shared.boundTo(`c${conversationKey}`, now) : undefined) ?? byConversation.get(conversationKey, now)
      : undefined;

    const slots: Slot[] = [];
    if (role !== 'exclusive') {
      config.accounts.forEach((account, index) => {
        if (!routable(account)) return;
        const served = isInProcessKind(account.kind)
          ? resolveLocalModel(localModels(account) ?? [], mapped)
          : wireDialect(account.kind, req.clientDialect, account) && resolveAccountModel(account, mapped, config.zai.models);
        if (served) slots.push({ account, index, ...served });
      });
    }
    const zaiSlot: Slot | undefined = role === 'none' ? undefined
      : { account: zai, upstreamModel: zaiUpstreamModel(req.clientModel, mapped, config.zai), substitute: false, index: config.accounts.length };
    if (zaiSlot && role !== 'fallback') slots.push(zaiSlot);
    const last = zaiSlot && role === 'fallback' ? [zaiSlot] : [];

    const all = [...slots, ...last];
    if (all.length === 0) {
      const via = mapped === req.clientModel ? '' : ` (mapped to "${mapped}")`;
      throw new ProxyError('not_found', `No enabled account serves model "${req.clientModel}"${via}. Add an account for it or a model mapping.`, { retryable: false });
    }
    const ready = (s: Slot) => states.isReady(s.account.id, s.upstreamModel, now);
    // Native first (native-first.ts): owner, then passthrough, then translated, then stand-ins.
    const tier = (s: Slot) => nativeTier(s, req.clientDialect, { wire: candidateWire(s.account, req.clientDialect), pooledDispatcher: s === zaiSlot });
    const ordered = [
      ...orderNativeFirst(slots.filter(ready), tier, scheduler, { rotationKey: req.clientModel, boundAccountId: bound }),
      ...last.filter(ready),
    ];
    if (ordered.length === 0) throw unavailable(req.clientModel, all, now);

    const candidates: Candidate[] = ordered.map((s) => ({
      account: s.account,
      upstreamModel: s.upstreamModel,
      wire: candidateWire(s.account, req.clientDialect),
      stripReasoning: wroteLast !== undefined && s.account.id !== wroteLast,
      substitute: s.substitute,
    }));
    const movedFrom = bound !== undefined && candidates[0].account.id !== bound ? bound : undefined;
    return { clientModel: req.clientModel, candidates, sessionKey, movedFrom, conversationKey };
  }

  function report(candidate: Candidate, outcome: AttemptOutcome, p: RoutePlan): void {
    const id = candidate.account.id;
    if (!knownIds().has(id)) return; // removed by update() while the request ran
    const now = deps.now();
    quotas.observe(id, outcome.headers, outcome.ok ? undefined : outcome.body, now);
    if (outcome.ok) {
      states.recordSuccess(id, candidate.upstreamModel);
      if (p.sessionKey) {
        byModel.set(modelKey(p.sessionKey, p.clientModel), id, now);
        bySession.set(p.sessionKey, id, now);
        if (p.conversationKey) byConversation.set(p.conversationKey, id, now);
        if (shared) shareBinding(shared, p, id, now);
      }
      return;
    }
    const kind = candidate.account.kind;
    let mayCool = true;
    if (classifyFailure(outcome.error, outcome.body, kind) === 'ambiguous') {
      const seen = ambiguousByPlan.get(p) ?? new Map<string, number>();
      ambiguousByPlan.set(p, seen);
      const sig = failureSignature(outcome.error, candidate.account.label);
      const sameWay = seen.get(sig) ?? 0;
      seen.set(sig, sameWay + 1);
      const otherReady = p.candidates.some((c) => c.account.id !== id && states.isReady(c.account.id, c.upstreamModel, now));
      mayCool = sameWay < SAME_WAY_LIMIT && otherReady;
    }
    const cls = states.recordFailure(id, candidate.upstreamModel, { error: outcome.error, headers: outcome.headers, body: outcome.body, kind, mayCool }, now);
    if (cls === 'auth') reprober.schedule(id);
    if (shared) {
      if (cls === 'auth') shared.disabled(id, outcome.error.status, states.get(id).disabledAt ?? now);
      const until = states.coolingUntil(id, candidate.upstreamModel, now);
      if (until > 0) shared.cooled(id, candidate.upstreamModel, until);
    }
  }

  /** Team mode: the session's bindings for every instance (keys are digested by the shared layer). */
  function shareBinding(s: SharedPoolState, p: RoutePlan, id: string, now: number): void {
    s.bound(`m${modelKey(p.sessionKey!, p.clientModel)}`, id, now);
    s.bound(`s${p.sessionKey}`, id, now);
    if (p.conversationKey) s.bound(`c${p.conversationKey}`, id, now);
  }

  function statusOf(account: AccountConfig, now: number): AccountStatus {
    const s = states.get(account.id);
    const coolingModels = states.coolingModels(account.id, now);
    const disabledReason = !account.enabled ? 'Disabled in settings' : s.disabledReason;
    return {
      id: account.id,
      label: account.label,
      kind: account.kind,
      enabled: account.enabled,
      state: disabledReason !== undefined ? 'disabled' : coolingModels.length > 0 ? 'cooling' : 'ready',
      coolingUntil: coolingModels[0]?.until,
      disabledReason,
      disabledAt: account.enabled ? s.disabledAt : undefined,
      nextProbeAt: account.enabled ? s.nextProbeAt : undefined,
      lastError: s.lastError,
      lastErrorAt: s.lastErrorAt,
      requests: s.requests,
      failures: s.failures,
      tokens: s.tokens,
      coolingModels,
      inFlight: gates.inFlight(account.id),
      queued: gates.queued(account.id),
      quota: quotas.get(account.id),
    };
  }

  function status(): AccountStatus[] {
    const now = deps.now();
    const list = config.accounts.map((a) => statusOf(a, now));
    if (zaiDispatchActive(config.zai)) list.push(statusOf(zai, now));
    return list;
  }

  function models(): ModelInfo[] {
    const out = new Map<string, string>();
    const add = (id: string, fallbackOwner: string) => {
      if (isWildcard(id) || id.trim() === '' || out.has(id)) return;
      const family = familyOf(id);
      out.set(id, family ? FAMILY_OWNER[family] : fallbackOwner);
    };
    for (const a of config.accounts) {
      if (!routable(a)) continue;
      if (isInProcessKind(a.kind)) {
        (localModels(a) ?? []).forEach((m) => add(m, providerOf(a.kind).owner));
        continue;
      }
      const literal = (a.models ?? []).filter((m) => !isWildcard(m) && m.trim() !== '');
      literal.forEach((m) => add(m, providerOf(a.kind).owner));
      if ((a.models ?? []).length > 0) continue;
      const defaults: Readonly<Record<string, string>> = providerOf(a.kind).defaultModels(config.zai.models) ?? {};
      Object.values(defaults).forEach((m) => add(m, providerOf(a.kind).owner));
    }
    if (zaiDispatchActive(config.zai)) Object.values(config.zai.models).forEach((m) => add(m, 'z.ai'));
    Object.keys(config.modelMapping).forEach((m) => add(m, 'antigravity-proxy'));
    return [...out.entries()].map(([id, ownedBy]) => ({ id, ownedBy }));
  }

  function update(next: ProxyConfig): void {
    const before = new Map(config.accounts.map((a) => [a.id, a]));
    for (const a of next.accounts) {
      const old = before.get(a.id);
      // A new key or endpoint deserves a new verdict on "invalid key".
      if (old && (old.apiKey !== a.apiKey || old.baseUrl !== a.baseUrl)) enable(a.id);
      // vscode-lm consent (403) is granted outside the config: re-examine it on every update.
      else if (a.kind === 'vscode-lm') enable(a.id);
    }
    if (config.zai.apiKey !== next.zai.apiKey || config.zai.baseUrl !== next.zai.baseUrl) enable(ZAI_ACCOUNT_ID);
    if (next.scheduling !== config.scheduling) scheduler = createScheduler(next.scheduling);
    config = next;
    zai = zaiAccount(next.zai);
    const keep = knownIds();
    for (const a of before.keys()) if (!keep.has(a)) reprober.cancel(a);
    states.retain(keep);
    quotas.retain(keep);
  }

  function enable(id: string): void {
    reprober.cancel(id);
    if (shared && states.isDisabled(id)) shared.enabled(id);
    states.enable(id);
  }

  return {
    gates,
    plan,
    report,
    models,
    status,
    update,
    close: () => reprober.close(),
    size: () => config.accounts.filter(routable).length + (zaiDispatchActive(config.zai) ? 1 : 0),
    recordUsage: (accountId, tokens) => {
      if (knownIds().has(accountId)) states.recordUsage(accountId, tokens);
    },
  };
}
