/**
 * `GET /healthz` for the Check Health action and the "who holds this port?" probe used for
 * multi-window detection. Pure but for the nonce: fetch and the clock are passed in.
 * Who answers is decided by challenge–response (proxy/identity-proof.ts), never by a header
 * claim: the key is sent only to an answer that proved it holds the key already.
 */
import { randomBytes } from 'node:crypto';
import { CHALLENGE_HEADER, PROOF_HEADER, verifyIdentity } from '../../proxy/identity-proof';
import type { HealthResult } from '../../shared/health';
import { englishOnly as english, type Translate } from '../../shared/translate';

export type FetchLike = (url: string, init?: { headers?: Record<string, string>; signal?: AbortSignal; method?: string; redirect?: 'follow' | 'manual' | 'error' }) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface HealthCheckInput {
  fetch: FetchLike;
  now: () => number;
  host: string;
  port: number;
  /**
   * Verifies the answer's identity proof; sent only on a retry after a 401 from an answer that
   * proved to be our proxy, so the result can say that the key is needed.
   */
  apiKey?: string;
  timeoutMs?: number;
  t?: Translate;
}

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown }; name?: unknown };
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  if (typeof e?.code === 'string') return e.code;
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return 'TIMEOUT';
  return undefined;
}

/** A one-line hint for the user, by failure kind (English; the host translates). */
export function healthHint(port: number, status?: number, code?: string, t: Translate = english): string {
  if (status === 401) return t('401: this auth mode needs the key. Send it as "Authorization: Bearer <key>" or "x-api-key".');
  if (status === 403) return t('The proxy refused the request (Host or Origin check). Use 127.0.0.1 or localhost.');
  if (status !== undefined) return t('The proxy answered {0}. See "Antigravity: Show Log".', status);
  switch (code) {
    case 'ECONNREFUSED': return t('Nothing listens on port {0}: start the proxy, or check the port setting.', port);
    case 'TIMEOUT': return t('No answer in time: port {0} may be held by another program (port in use); choose another port.', port);
    case 'ECONNRESET': return t('The connection was reset: port {0} may be in use by another program; choose another port.', port);
    default: return t('Check that the proxy is running and see "Antigravity: Show Log".');
  }
}

function nonce(): string {
  return randomBytes(32).toString('hex');
}

/** The answer proved (HMAC over a fresh nonce and the port) to come from a proxy holding `apiKey`. */
function proven(headers: { get(name: string): string | null }, apiKey: string | undefined, challenge: string, port: number, ownInstanceId = ''): 'none' | 'other' | 'self' {
  return apiKey ? verifyIdentity(headers.get(PROOF_HEADER), apiKey, challenge, port, ownInstanceId) : 'none';
}

async function get(input: HealthCheckInput, url: string, withKey: boolean) {
  const challenge = nonce();
  const headers: Record<string, string> = { [CHALLENGE_HEADER]: challenge };
  if (withKey && input.apiKey) headers.authorization = `Bearer ${input.apiKey}`;
  const signal = AbortSignal.timeout(input.timeoutMs ?? 3000);
  const res = await input.fetch(url, { headers, signal, redirect: 'manual' });
  const ours = proven(res.headers, input.apiKey, challenge, input.port) !== 'none';
  return { status: res.status, ours, body: (await res.text()).slice(0, 500) };
}

export async function checkHealth(input: HealthCheckInput): Promise<HealthResult> {
  const host = input.host === '0.0.0.0' ? '127.0.0.1' : input.host;
  const url = `http://${host}:${input.port}/healthz`;
  const t = input.t ?? english;
  const t0 = input.now();
  try {
    let res = await get(input, url, false);
    let note: string | undefined;
    // The key goes only to an answer that proved it holds the key: never to another program on the port.
    if (res.status === 401 && res.ours && input.apiKey) {
      const retry = await get(input, url, true);
      if (retry.status === 200) note = t('401 without the key: this auth mode needs the key; 200 with it.');
      res = retry;
    }
    const latencyMs = Math.max(0, Math.round(input.now() - t0));
    if (res.status === 200) return { ok: true, url, status: 200, body: res.body, latencyMs, ...(note ? { note } : {}) };
    return { ok: false, url, status: res.status, error: `HTTP ${res.status} ${res.body}`.trim(), hint: healthHint(input.port, res.status, undefined, input.t), latencyMs };
  } catch (err) {
    const code = errorCode(err);
    return { ok: false, url, error: code ?? (err instanceof Error ? err.message : String(err)), hint: healthHint(input.port, undefined, code, input.t) };
  }
}

export type PortHolder =
  | { kind: 'free' }
  | { kind: 'self' }
  | { kind: 'otherWindow' }
  | { kind: 'foreign' };

/**
 * Who answers on the port: nobody, this instance, this extension in another window (all
 * windows share the key), or something else. `apiKey` only verifies the answer's proof: it is
 * never sent, so a program squatting on the port learns nothing. Without a key nothing can be
 * proven: the answer counts as foreign. The challenge is answered before auth (also with a
 * 401 in `strict` mode), and the serving window records such answers only as a counter.
 */
export async function probePort(fetchFn: FetchLike, port: number, ownInstanceId: string, opts: { apiKey?: string; timeoutMs?: number } = {}): Promise<PortHolder> {
  try {
    const challenge = nonce();
    const res = await fetchFn(`http://127.0.0.1:${port}/healthz`, { headers: { [CHALLENGE_HEADER]: challenge }, signal: AbortSignal.timeout(opts.timeoutMs ?? 1500), redirect: 'manual' });
    await res.text().catch(() => '');
    const who = proven(res.headers, opts.apiKey, challenge, port, ownInstanceId);
    return who === 'self' ? { kind: 'self' } : who === 'other' ? { kind: 'otherWindow' } : { kind: 'foreign' };
  } catch (err) {
    return errorCode(err) === 'ECONNREFUSED' ? { kind: 'free' } : { kind: 'foreign' };
  }
}
