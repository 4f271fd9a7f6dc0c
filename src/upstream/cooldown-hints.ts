/**
 * Reading "when may I try again" out of an upstream error response. Pure: the clock is a
 * parameter. Every function returns a duration in milliseconds from `now`, or undefined when
 * the response carries no usable hint.
 *
 * Every provider reads `retry-after-ms` / `Retry-After` (seconds or HTTP date) first, then its
 * vendor's own hint (src/upstream/providers/<kind>.ts `cooldownHint`): Gemini
 * `RetryInfo.retryDelay` (raised to the next Pacific midnight when a `QuotaFailure` names a
 * per-day quota), Anthropic / z.ai `anthropic-ratelimit-*-reset`, OpenAI `x-ratelimit-reset-*`.
 */

export type HeadersLike = Headers | Record<string, string | string[] | undefined>;

/** Longest cooldown any hint may impose; a nonsense date must not park an account for years. */
export const MAX_HINT_MS = 24 * 60 * 60 * 1000;

export function headerValue(headers: HeadersLike | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const rec = headers as Record<string, string | string[] | undefined>;
  const lower = name.toLowerCase();
  for (const key of Object.keys(rec)) {
    if (key.toLowerCase() !== lower) continue;
    const v = rec[key];
    return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

function clamp(ms: number): number | undefined {
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_HINT_MS);
}

/** `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`; also `retry-after-ms`. */
export function parseRetryAfterHeader(headers: HeadersLike | undefined, now: number): number | undefined {
  const ms = headerValue(headers, 'retry-after-ms')?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return clamp(Number(ms));
  const raw = headerValue(headers, 'retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return clamp(Number(raw) * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : clamp(date - now);
}

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };

/**
 * Go-style durations as used by OpenAI (`6m0s`, `1s`, `20ms`, `1h2m3.5s`) and protobuf
 * Duration JSON as used by Gemini (`37s`, `1.5s`). A bare number is seconds.
 */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    matched = re.lastIndex;
  }
  return matched > 0 && matched === s.length ? total : undefined;
}

interface GoogleErrorDetail {
  '@type'?: string;
  retryDelay?: string;
  violations?: Array<{ quotaId?: string; quotaMetric?: string }>;
}

function googleDetails(body: string | undefined): GoogleErrorDetail[] {
  if (!body) return [];
  try {
    const parsed: unknown = JSON.parse(body);
    // Gemini sometimes answers with an array of one error object.
    const root = (Array.isArray(parsed) ? parsed[0] : parsed) as { error?: { details?: unknown } } | undefined;
    const details = root?.error?.details;
    return Array.isArray(details) ? (details as GoogleErrorDetail[]) : [];
  } catch {
    return [];
  }
}

/** Milliseconds until the next midnight in America/Los_Angeles, when Gemini daily quotas reset. */
export function msUntilPacificMidnight(now: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Los_Angeles', hourCycle: 'h23', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(now));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const elapsed = ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000 + (now % 1000);
  return 86_400_000 - elapsed;
}

/** Gemini `error.details[]`: RetryInfo.retryDelay, and QuotaFailure violations of a per-day quota. */
export function parseGeminiRetry(body: string | undefined, now: number): number | undefined {
  let delay: number | undefined;
  let perDay = false;
  for (const d of googleDetails(body)) {
    const type = d['@type'] ?? '';
    if (type.endsWith('google.rpc.RetryInfo') && typeof d.retryDelay === 'string') delay = parseDuration(d.retryDelay);
    if (type.endsWith('google.rpc.QuotaFailure')) {
      perDay ||= (d.violations ?? []).some((v) => /PerDay/i.test(`${v.quotaId ?? ''} ${v.quotaMetric ?? ''}`));
    }
  }
  // A spent daily quota answers "retry in 37s" and then fails again all day: wait for the reset.
  if (perDay) return clamp(Math.max(delay ?? 0, msUntilPacificMidnight(now)));
  return delay === undefined ? undefined : clamp(delay);
}

/**
 * Picks the reset among several limits: the resets of exhausted limits (remaining 0) when the
 * response says which are exhausted, else the latest reset (every limit must have room again).
 */
function pickReset(entries: Array<{ resetMs?: number; remaining?: string }>): number | undefined {
  const known = entries.filter((e): e is { resetMs: number; remaining?: string } => e.resetMs !== undefined);
  if (known.length === 0) return undefined;
  const exhausted = known.filter((e) => e.remaining !== undefined && Number(e.remaining) <= 0);
  const pool = exhausted.length > 0 ? exhausted : known;
  return clamp(Math.max(...pool.map((e) => e.resetMs)));
}

const ANTHROPIC_LIMITS = ['requests', 'tokens', 'input-tokens', 'output-tokens'];

/** `anthropic-ratelimit-<limit>-reset: 2025-01-01T00:00:30Z` (RFC 3339). */
export function parseAnthropicReset(headers: HeadersLike | undefined, now: number): number | undefined {
  return pickReset(ANTHROPIC_LIMITS.map((limit) => {
    const raw = headerValue(headers, `anthropic-ratelimit-${limit}-reset`);
    const at = raw ? Date.parse(raw) : NaN;
    return {
      resetMs: Number.isNaN(at) ? undefined : at - now,
      remaining: headerValue(headers, `anthropic-ratelimit-${limit}-remaining`),
    };
  }));
}

/** `x-ratelimit-reset-requests: 6m0s`, `x-ratelimit-reset-tokens: 20ms`. */
export function parseOpenAiReset(headers: HeadersLike | undefined): number | undefined {
  return pickReset(['requests', 'tokens'].map((limit) => {
    const raw = headerValue(headers, `x-ratelimit-reset-${limit}`);
    return {
      resetMs: raw ? parseDuration(raw) : undefined,
      remaining: headerValue(headers, `x-ratelimit-remaining-${limit}`),
    };
  }));
}
