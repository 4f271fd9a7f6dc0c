/**
 * `GET /healthz` for the Check Health action and the "who holds this port?" probe used for
 * multi-window detection. Pure: fetch and the clock are passed in.
 */
import { INSTANCE_HEADER, SERVICE_HEADER } from '../../proxy/server-types';
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
  /** Sent only on a retry after a 401 from our proxy, so the result can say that the key is needed. */
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

type Headers = { get(name: string): string | null };

/** The answer came from Antigravity Proxy (any window), not from another program on the port. */
export function isOurProxy(headers: Headers): boolean {
  return Boolean(headers.get(SERVICE_HEADER) && headers.get(INSTANCE_HEADER));
}

async function get(input: HealthCheckInput, url: string, withKey: boolean) {
  const headers: Record<string, string> = {};
  if (withKey && input.apiKey) headers.authorization = `Bearer ${input.apiKey}`;
  const signal = AbortSignal.timeout(input.timeoutMs ?? 3000);
  const res = await input.fetch(url, { headers, signal });
  return { status: res.status, ours: isOurProxy(res.headers), body: (await res.text()).slice(0, 500) };
}

export async function checkHealth(input: HealthCheckInput): Promise<HealthResult> {
  const host = input.host === '0.0.0.0' ? '127.0.0.1' : input.host;
  const url = `http://${host}:${input.port}/healthz`;
  const t = input.t ?? english;
  const t0 = input.now();
  try {
    let res = await get(input, url, false);
    let note: string | undefined;
    // The key goes only to our own proxy: never to whatever other program answers on the port.
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
  | { kind: 'otherWindow'; instanceId: string }
  | { kind: 'foreign' };

/**
 * Who answers on the port: nobody, this instance, this extension in another window, or something
 * else. `apiKey` is sent as `Authorization: Bearer` — pass it only once an earlier answer proved
 * the port is ours (see ProxyService's polling): in `strict` mode a keyless probe every few
 * seconds would fill the serving window's monitor with 401s.
 */
export async function probePort(fetchFn: FetchLike, port: number, ownInstanceId: string, opts: { apiKey?: string; timeoutMs?: number } = {}): Promise<PortHolder> {
  try {
    const headers: Record<string, string> = opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {};
    const res = await fetchFn(`http://127.0.0.1:${port}/healthz`, { headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 1500) });
    await res.text().catch(() => '');
    const instance = res.headers.get(INSTANCE_HEADER);
    if (!isOurProxy(res.headers) || !instance) return { kind: 'foreign' };
    return instance === ownInstanceId ? { kind: 'self' } : { kind: 'otherWindow', instanceId: instance };
  } catch (err) {
    return errorCode(err) === 'ECONNREFUSED' ? { kind: 'free' } : { kind: 'foreign' };
  }
}
