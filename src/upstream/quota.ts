/**
 * Quota visibility (issue 20): what the vendors' rate-limit headers say about an account, kept
 * per account and window, with a burn-rate forecast from the last samples.
 *
 * Read from every upstream response (success or failure):
 *  - Anthropic `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}`
 *    (reset is RFC 3339), and the subscription's `anthropic-ratelimit-unified-*`: `-status`,
 *    `-reset` (epoch seconds) and per window `-<w>-utilization` (0..1) / `-<w>-reset` / `-<w>-status`;
 *  - OpenAI `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` (reset is a duration: "6m0s");
 *  - Gemini quota errors: `QuotaFailure` violations (quotaId, quotaValue) and `RetryInfo.retryDelay`.
 * Nothing here is a secret: only numbers, window names and times are kept.
 */
import { headerValue, parseDuration, type HeadersLike } from './cooldown-hints';

/** One limit window of an account as last reported. */
export interface QuotaWindow {
  /** `requests`, `tokens`, `input-tokens`, `unified-5h`, a Gemini quotaId … */
  name: string;
  remaining?: number;
  limit?: number;
  /** 0..1, subscription windows (`unified-*`) only. */
  utilization?: number;
  /** Epoch ms the window resets. */
  resetAt?: number;
  /** Vendor status word (`allowed`, `allowed_warning`, `rejected`). */
  status?: string;
  observedAt: number;
  /** Epoch ms the window runs empty at the recent burn rate, when that is before its reset. */
  emptyAt?: number;
}

export interface AccountQuota {
  windows: QuotaWindow[];
  observedAt: number;
  /** The window that runs out first by the forecast, and when. */
  forecast?: { window: string; emptyAt: number };
}

/** Samples kept per window for the burn rate. */
const MAX_SAMPLES = 8;
/** Windows kept per account (a vendor naming a new Gemini quota each time must not grow it). */
const MAX_WINDOWS = 16;

const num = (s: string | undefined): number | undefined => {
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
};

const dateMs = (s: string | undefined): number | undefined => {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : undefined;
};

/** Epoch seconds (Anthropic unified) or an RFC 3339 date. */
const epochOrDate = (s: string | undefined): number | undefined => {
  const n = num(s);
  if (n !== undefined) return n < 1e12 ? n * 1000 : n;
  return dateMs(s);
};

type Sample = Omit<QuotaWindow, 'observedAt' | 'emptyAt'>;

const defined = (w: Sample): boolean =>
  w.remaining !== undefined || w.limit !== undefined || w.utilization !== undefined || w.resetAt !== undefined || w.status !== undefined;

function headerNames(headers: HeadersLike): string[] {
  if (typeof (headers as Headers).keys === 'function' && typeof (headers as Headers).get === 'function') return [...(headers as Headers).keys()];
  return Object.keys(headers).map((k) => k.toLowerCase());
}

/** The windows one response's headers describe (empty when it has none). */
export function parseQuotaHeaders(headers: HeadersLike | undefined, now: number): Sample[] {
  if (!headers) return [];
  const h = (n: string) => headerValue(headers, n);
  const out: Sample[] = [];
  for (const w of ['requests', 'tokens', 'input-tokens', 'output-tokens']) {
    const p = `anthropic-ratelimit-${w}`;
    const s: Sample = { name: w, limit: num(h(`${p}-limit`)), remaining: num(h(`${p}-remaining`)), resetAt: dateMs(h(`${p}-reset`)) };
    if (defined(s)) out.push(s);
  }
  const names = headerNames(headers);
  const unified = new Set<string>();
  for (const n of names) {
    const m = /^anthropic-ratelimit-unified-(.+)-(utilization|reset|status)$/.exec(n);
    if (m && !['overage', 'fallback'].includes(m[1])) unified.add(m[1]);
  }
  for (const w of unified) {
    const p = `anthropic-ratelimit-unified-${w}`;
    const utilization = num(h(`${p}-utilization`));
    const s: Sample = {
      name: `unified-${w}`,
      utilization,
      // As a fraction of the window: remaining 1 − utilization of limit 1.
      ...(utilization !== undefined ? { remaining: Math.max(0, 1 - utilization), limit: 1 } : {}),
      resetAt: epochOrDate(h(`${p}-reset`)),
      status: h(`${p}-status`),
    };
    if (defined(s)) out.push(s);
  }
  const uStatus = h('anthropic-ratelimit-unified-status');
  const uReset = epochOrDate(h('anthropic-ratelimit-unified-reset'));
  if (uStatus !== undefined || uReset !== undefined) out.push({ name: 'unified', status: uStatus, resetAt: uReset });
  for (const w of ['requests', 'tokens']) {
    const reset = h(`x-ratelimit-reset-${w}`);
    const ms = reset === undefined ? undefined : parseDuration(reset);
    const s: Sample = {
      name: w,
      limit: num(h(`x-ratelimit-limit-${w}`)),
      remaining: num(h(`x-ratelimit-remaining-${w}`)),
      resetAt: ms === undefined ? undefined : now + ms,
    };
    if (defined(s)) out.push(s);
  }
  return out;
}

interface GoogleDetail {
  '@type'?: string;
  retryDelay?: string;
  violations?: Array<{ quotaId?: string; quotaMetric?: string; quotaValue?: string | number }>;
}

/** A Gemini quota error's spent windows: remaining 0 until the RetryInfo delay has passed. */
export function parseGeminiQuotaError(body: string | undefined, now: number): Sample[] {
  if (!body || !body.includes('QuotaFailure')) return [];
  let details: GoogleDetail[] = [];
  try {
    const parsed: unknown = JSON.parse(body);
    const root = (Array.isArray(parsed) ? parsed[0] : parsed) as { error?: { details?: unknown } } | undefined;
    if (Array.isArray(root?.error?.details)) details = root.error.details as GoogleDetail[];
  } catch {
    return [];
  }
  const retry = details.find((d) => (d['@type'] ?? '').endsWith('google.rpc.RetryInfo'));
  const delay = typeof retry?.retryDelay === 'string' ? parseDuration(retry.retryDelay) : undefined;
  const out: Sample[] = [];
  for (const d of details) {
    if (!(d['@type'] ?? '').endsWith('google.rpc.QuotaFailure')) continue;
    for (const v of d.violations ?? []) {
      const name = String(v.quotaId ?? v.quotaMetric ?? 'quota').slice(0, 120);
      out.push({ name, remaining: 0, limit: num(v.quotaValue === undefined ? undefined : String(v.quotaValue)), resetAt: delay === undefined ? undefined : now + delay });
    }
  }
  return out;
}

interface WindowTrack {
  last: QuotaWindow;
  samples: Array<{ t: number; remaining: number }>;
}

/**
 * Burn-rate forecast: the remaining count's fall over the kept samples, extrapolated to zero.
 * Only a forecast that lands before the window's reset is given (otherwise it does not run out).
 */
export function forecastEmpty(samples: ReadonlyArray<{ t: number; remaining: number }>, resetAt?: number): number | undefined {
  if (samples.length < 2) return undefined;
  const first = samples[0];
  const last = samples[samples.length - 1];
  const dt = last.t - first.t;
  const used = first.remaining - last.remaining;
  if (dt <= 0 || used <= 0) return undefined;
  const at = Math.round(last.t + (last.remaining / used) * dt);
  return resetAt !== undefined && at >= resetAt ? undefined : at;
}

/** Per-account quota state, fed from every upstream response. */
export class QuotaBook {
  private readonly accounts = new Map<string, Map<string, WindowTrack>>();

  /** Reads an upstream response's headers (and, for a failure, its body). No-op when it carries no quota information. */
  observe(accountId: string, headers: HeadersLike | undefined, body: string | undefined, now: number): void {
    const samples = [...parseQuotaHeaders(headers, now), ...parseGeminiQuotaError(body, now)];
    if (samples.length === 0) return;
    let windows = this.accounts.get(accountId);
    if (!windows) this.accounts.set(accountId, (windows = new Map()));
    for (const s of samples) {
      let track = windows.get(s.name);
      if (!track) {
        if (windows.size >= MAX_WINDOWS) continue;
        track = { last: { ...s, observedAt: now }, samples: [] };
        windows.set(s.name, track);
      }
      const prev = track.samples.at(-1);
      // A refill (remaining went up) or a new reset time starts a new window: the old rate says nothing.
      const refilled = prev !== undefined && s.remaining !== undefined && s.remaining > prev.remaining;
      const newWindow = s.resetAt !== undefined && track.last.resetAt !== undefined && Math.abs(s.resetAt - track.last.resetAt) > 60_000 && s.name.startsWith('unified');
      if (refilled || newWindow) track.samples = [];
      if (s.remaining !== undefined) {
        track.samples.push({ t: now, remaining: s.remaining });
        if (track.samples.length > MAX_SAMPLES) track.samples.shift();
      }
      const last: QuotaWindow = { ...s, observedAt: now };
      const emptyAt = forecastEmpty(track.samples, s.resetAt);
      if (emptyAt !== undefined) last.emptyAt = emptyAt;
      track.last = dropUndefined(last);
    }
  }

  get(accountId: string): AccountQuota | undefined {
    const windows = this.accounts.get(accountId);
    if (!windows || windows.size === 0) return undefined;
    const list = [...windows.values()].map((t) => ({ ...t.last }));
    const observedAt = Math.max(...list.map((w) => w.observedAt));
    const soonest = list.filter((w) => w.emptyAt !== undefined).sort((a, b) => a.emptyAt! - b.emptyAt!)[0];
    return { windows: list, observedAt, ...(soonest ? { forecast: { window: soonest.name, emptyAt: soonest.emptyAt! } } : {}) };
  }

  /** Forgets accounts no longer configured. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.accounts.keys()) if (!ids.has(id)) this.accounts.delete(id);
  }
}

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** One line for a tooltip or a panel row: "requests 42/50, resets 15:10 · at this rate: empty at 15:40". */
export function describeQuota(q: AccountQuota | undefined, time: (ms: number) => string): string | undefined {
  if (!q) return undefined;
  const parts = q.windows
    .filter((w) => w.remaining !== undefined || w.status !== undefined)
    .slice(0, 3)
    .map((w) => {
      const left = w.utilization !== undefined ? `${Math.round((1 - w.utilization) * 100)}% left`
        : w.remaining !== undefined ? `${w.remaining}${w.limit !== undefined ? `/${w.limit}` : ''} left` : (w.status ?? '');
      return `${w.name} ${left}${w.resetAt !== undefined ? `, resets ${time(w.resetAt)}` : ''}`;
    });
  if (q.forecast) parts.push(`at this rate: empty at ${time(q.forecast.emptyAt)}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
