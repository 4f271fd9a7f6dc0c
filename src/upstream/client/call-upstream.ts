import type { Dispatcher } from 'undici';
import { request } from './undici-request';
import { responseHeaders } from './response-headers';
import type { Readable } from 'node:stream';
import { ProxyError } from '../../core/errors';
import type { UpstreamTarget } from './upstream-request';

export interface UpstreamResponse {
  status: number;
  headers: Headers;
  body: Readable;
}

export interface CallOptions {
  signal: AbortSignal;
  /** Limit for the upstream's first byte (response headers). */
  headersTimeoutMs: number;
  /** Limit for silence between body chunks (a backstop: the proxy's stall watchdog decides first). */
  bodyTimeoutMs: number;
  dispatcher?: Dispatcher;
}

/** One HTTP call to an upstream. Network failures become retryable ProxyErrors naming no secret. */
export async function callUpstream(target: UpstreamTarget, body: string | Buffer, opts: CallOptions): Promise<UpstreamResponse> {
  try {
    const res = await request(target.url, {
      method: 'POST',
      headers: target.headers,
      body,
      signal: opts.signal,
      headersTimeout: opts.headersTimeoutMs,
      bodyTimeout: opts.bodyTimeoutMs,
      dispatcher: opts.dispatcher,
    });
    return { status: res.statusCode, headers: toHeaders(res.headers), body: res.body as unknown as Readable };
  } catch (err) {
    // Whether the request was aborted is decided by our signal, not by the error's code: an
    // upstream proxy refusing CONNECT also surfaces as UND_ERR_ABORTED.
    if (opts.signal.aborted) {
      // The caller's own verdict (the proxy's stall watchdog) is the error, as it was given.
      if (ProxyError.isInstance(opts.signal.reason)) throw opts.signal.reason;
      const timedOut = (opts.signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
      throw timedOut
        ? new ProxyError('timeout', `Upstream ${safeHost(target.url)} did not complete its answer in time.`, { retryable: false, cause: err })
        : new ProxyError('api_error', 'Request aborted.', { status: 499, retryable: false, cause: err });
    }
    throw networkError(err, target.url);
  }
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  return responseHeaders(raw);
}

export function networkError(err: unknown, url: string): ProxyError {
  if (err instanceof ProxyError) return err;
  const e = err as { code?: string; name?: string; message?: string };
  const host = safeHost(url);
  if (e?.code === 'UND_ERR_ABORTED' && e.message) {
    // e.g. an upstream proxy answering CONNECT with 407: say what it said (without credentials).
    return new ProxyError('bad_gateway', `Could not reach upstream ${host}: ${e.message.replace(/\/\/[^@/\s]*@/g, '//')}`, { retryable: true, cause: err });
  }
  if (e?.code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new ProxyError('timeout', `Upstream ${host} did not answer in time.`, { retryable: true, cause: err });
  }
  if (e?.code === 'UND_ERR_BODY_TIMEOUT') {
    return new ProxyError('timeout', `Upstream ${host} went silent.`, { retryable: true, cause: err });
  }
  const code = e?.code ?? (err as { cause?: { code?: string } })?.cause?.code ?? 'network error';
  return new ProxyError('bad_gateway', `Could not reach upstream ${host}: ${code}.`, { retryable: true, cause: err });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'upstream';
  }
}
