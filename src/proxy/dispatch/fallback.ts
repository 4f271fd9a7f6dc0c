/**
 * Where each attempt of one client call goes: the request's class (request-class.ts) may
 * route it to another model; that model's accounts come first (the pool's plan: mapping,
 * native first, scheduler); when every one of them is cooling, disabled, over its
 * concurrency cap past the queue wait, or failed before the first byte, the next model of its
 * fallback chain is planned the same way — and, when the upstream says the input is too long,
 * the model's `contextWindowFallbacks` chain. Every new request starts again at the primary.
 *
 * The dispatcher's loop pulls attempts from this iterator one by one and stops pulling after
 * an answer or a failure it must not move on from (anything after the first byte): so no
 * fallback ever happens after the first byte. Each attempt holds a place in its account's
 * queue (concurrency.ts) from before it is yielded until the loop pulls again or stops.
 */
import { ProxyError, toProxyError } from '../../core/errors';
import { familyOf } from '../../upstream/model-mapping';
import type { Candidate, RoutePlan } from '../../upstream/pool-types';
import { isContextOverflow, resolveChain } from '../../upstream/fallback-chain';
import { classifyRequest, routeFor } from '../../upstream/request-class';
import { DEFAULT_LONG_CONTEXT_THRESHOLD, DEFAULT_QUEUE_TIMEOUT_SECONDS } from '../../core/config';
import type { RoutedExchange } from '../exchange';
import type { DispatchServices } from './client-call';
import type { Failure } from './outcome';

export interface Attempt {
  plan: RoutePlan;
  cand: Candidate;
}

export interface RouteChain extends AsyncIterable<Attempt> {
  /** After a failure before the first byte: whether the loop should pull the next attempt. */
  moveOn(failure: Failure): boolean;
}

/**
 * Plans the primary model at once (so a request without fallbacks fails exactly as before:
 * not_found, or 429 when every account cools); the rest lazily, as the loop pulls.
 */
export function routeChain(ex: RoutedExchange, svc: DispatchServices): RouteChain {
  const { call, trace } = ex;
  const config = svc.config();
  const pool = svc.pool();
  // Classes route generations; a token count goes to the model asked about.
  const verdict = call.action === 'generate'
    ? classifyRequest({
      dialect: call.dialect, clientModel: call.clientModel, headers: call.headers, body: call.body,
      threshold: config.longContextThreshold ?? DEFAULT_LONG_CONTEXT_THRESHOLD,
    })
    : undefined;
  if (verdict) {
    trace.notes.push(verdict.rule);
    trace.record.set({ requestClass: verdict.cls });
  }
  const route = verdict ? routeFor(config, call.clientModel, verdict) : { model: call.clientModel };
  if (route.note) trace.notes.push(route.note);
  const primary = ex.windowModel ?? route.model;
  const chainOf = (model: string) => resolveChain(config.fallbacks, model);
  const models = dedupe([primary, ...(chainOf(primary).length > 0 ? chainOf(primary) : chainOf(call.clientModel))]);
  const planFor = (model: string) => pool.plan({ clientDialect: call.dialect, clientModel: model, headers: call.headers, body: call.body, clientAddress: ex.clientAddress });

  let primaryPlan: RoutePlan | undefined;
  let primaryError: ProxyError | undefined;
  try {
    primaryPlan = planFor(primary);
  } catch (err) {
    if (models.length === 1) throw err;
    primaryError = toProxyError(err);
  }

  const queueTimeoutMs = (config.proxy.queueTimeoutSeconds ?? DEFAULT_QUEUE_TIMEOUT_SECONDS) * 1000;
  let overflow = false;
  /** The model the current attempt is for. */
  let current = primary;

  async function* attempts(): AsyncGenerator<Attempt> {
    let attempted = false;
    let firstError = primaryError;
    let queueError: ProxyError | undefined;
    let reason = primaryError ? describe(primaryError) : '';
    let release: (() => void) | undefined;
    const primaryFamily = familyOf(primaryPlan?.candidates[0]?.upstreamModel ?? primary);
    try {
      for (let i = 0; i < models.length; i++) {
        const model = models[i];
        current = model;
        if (i > 0) trace.notes.push(`fallback from ${models[i - 1]} (${reason})`);
        let plan: RoutePlan;
        try {
          plan = i === 0 && primaryPlan ? primaryPlan : planFor(model);
        } catch (err) {
          const e = toProxyError(err);
          firstError ??= e;
          reason = describe(e);
          continue;
        }
        if (i > 0) plan = stripOnFamilyChange(plan, primaryFamily);
        // An explicit chain replaces the implicit stand-ins (another vendor's default model):
        // only the chain's last model may still be served by one.
        if (i < models.length - 1) {
          const own = plan.candidates.filter((c) => !c.substitute);
          if (own.length === 0) {
            reason = `no ready account serves ${model} itself`;
            continue;
          }
          plan = { ...plan, candidates: own };
        }
        reason = 'no account answered';
        for (const cand of plan.candidates) {
          const label = cand.account.label;
          const a = cand.account;
          const limits = { maxConcurrent: a.maxConcurrent, requestsPerMinute: a.requestsPerMinute };
          const admission = await pool.gates.acquire(a.id, limits, queueTimeoutMs, ex.signal);
          if (!admission.ok) {
            if (admission.reason === 'aborted') return;
            const secs = Math.round(admission.waitedMs / 100) / 10;
            trace.notes.push(`queue of ${label} still full after ${secs} s: not waiting longer`);
            reason = `queue wait over ${queueTimeoutMs / 1000} s on ${label}`;
            queueError ??= new ProxyError('rate_limit', `Every account for ${call.clientModel} is busy (at its concurrency limit) and the queue wait of ${queueTimeoutMs / 1000} s ran out.`,
              { retryAfterSeconds: Math.max(1, Math.ceil(admission.retryAfterMs / 1000)) });
            continue;
          }
          if (admission.waitedMs > 0) trace.notes.push(`queued ${admission.waitedMs} ms for ${label}`);
          release = admission.release;
          attempted = true;
          yield { plan, cand };
          release();
          release = undefined;
          const last = trace.attempts[trace.attempts.length - 1];
          reason = last?.reason ? `${last.status} ${last.reason}` : 'failed';
          if (overflow) break;
        }
        if (overflow) {
          overflow = false;
          const wider = resolveChain(config.contextWindowFallbacks, model).filter((m) => !models.slice(0, i + 1).includes(m));
          models.splice(i + 1, models.length, ...wider);
          reason = `input too long for ${model}`;
        }
      }
      // Nothing was sent anywhere: say why (every account cooling / disabled / busy).
      if (!attempted) throw firstError ?? queueError ?? new ProxyError('unavailable', `No account could serve model ${call.clientModel}.`);
    } finally {
      release?.();
    }
  }

  return {
    [Symbol.asyncIterator]: attempts,
    moveOn(failure) {
      if (failure.retryable) return true;
      if (!isContextOverflow(failure.error)) return false;
      if (resolveChain(config.contextWindowFallbacks, current).length === 0) return false;
      overflow = true;
      return true;
    },
  };
}

function dedupe(list: string[]): string[] {
  const seen = new Set<string>();
  return list.filter((m) => {
    const k = m.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function describe(e: ProxyError): string {
  if (e.kind === 'rate_limit') return 'all accounts cooling';
  if (e.kind === 'not_found') return 'no account serves it';
  if (e.status === 503) return 'all accounts disabled';
  return `${e.status} ${e.message}`;
}

/** Another model family did not write the history: its reasoning signatures must go. */
function stripOnFamilyChange(plan: RoutePlan, family: ReturnType<typeof familyOf>): RoutePlan {
  return { ...plan, candidates: plan.candidates.map((c) => (familyOf(c.upstreamModel) === family ? c : { ...c, stripReasoning: true })) };
}

/**
 * Tells the client who served it: `x-antigravity-model` (the upstream model),
 * `x-antigravity-account` (the account id) and `x-antigravity-attempts` (upstream attempts made,
 * this one included). Set before the answer's headers are written; a stream whose headers the
 * heartbeat already committed (a slow first byte) cannot carry them — the monitor record can.
 */
export function setRouteHeaders(ex: RoutedExchange, cand: Candidate): void {
  if (ex.res.headersSent) return;
  ex.res.setHeader('x-antigravity-model', headerSafe(cand.upstreamModel));
  ex.res.setHeader('x-antigravity-account', headerSafe(cand.account.id));
  ex.res.setHeader('x-antigravity-attempts', String(ex.trace.attempts.length));
}

/** A model or id as a header value: printable ASCII as is, anything else percent-encoded. */
function headerSafe(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
}
