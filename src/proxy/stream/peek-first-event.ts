import type { Dialect } from '../../core/dialect';
import { ProxyError, errorKindForStatus } from '../../core/errors';
import type { SseEvent } from '../../translate/sse/decode-sse';
import type { StreamObserver } from './line-tap';

/** Past this many bytes without a complete event, stop looking (the stream is not an error). */
const PEEK_LIMIT = 64 * 1024;

const ANTHROPIC_STATUS: Record<string, number> = {
  overloaded_error: 529,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  authentication_error: 401,
  permission_error: 403,
  invalid_request_error: 400,
  request_too_large: 413,
};

export interface FirstEventPeek extends StreamObserver {
  /** Settles at the first event that is not a ping (JSON array: the first byte that is not whitespace), past the byte limit, or at the end: the error it carried, if any. */
  readonly result: Promise<ProxyError | undefined>;
  /**
   * The upstream failed before the first event (reset, socket error, bad framing, a stall):
   * settles with a failed attempt, so the next account is tried (nothing reached the client).
   */
  fail(err: unknown): void;
}

export interface PeekOptions {
  /** The stream is SSE; false for Gemini's streamed JSON array (no events: the first byte decides). */
  sse: boolean;
  /** The one Redactor over the account secrets: upstream text in an error message passes it. */
  redact(text: string): string;
}

/**
 * Vendors answer 200 and then send an error as the very first event (Anthropic's
 * `overloaded_error` is the common case). Nothing has reached the client yet, so that is a
 * failed attempt like any other: the next account is tried (DESIGN §3). So is an upstream that
 * fails or ends before its first event. Fed by the line tap (events from its SseDecoder, byte
 * counts from its chunks); keep-alives and pings are skipped.
 */
export function firstEventPeek(wire: Dialect, label: string, opts: PeekOptions): FirstEventPeek {
  let settle!: (e: ProxyError | undefined) => void;
  let settled = false;
  let seen = 0;
  const result = new Promise<ProxyError | undefined>((resolve) => {
    settle = (e) => {
      if (settled) return;
      settled = true;
      resolve(e);
    };
  });
  return {
    result,
    fail: (err) => settle(beforeFirstEvent(err, label)),
    wantsEvents: () => !settled,
    // Raw bytes, not framed lines: an over-long first line must not keep the peek waiting.
    chunk(chunk) {
      seen += chunk.length;
      if (seen > PEEK_LIMIT) settle(undefined);
      else if (!opts.sse && /[^\s]/.test(chunk.toString('latin1'))) settle(undefined);
    },
    event(ev) {
      if (settled || isPing(ev)) return;
      settle(errorOf(ev, wire, label, opts.redact));
    },
    // Built only when it decides (an error captures a stack: not for every stream that ends).
    end: () => {
      if (!settled) settle(new ProxyError('bad_gateway', `Upstream ${label} ended the stream before its first event.`, { retryable: true }));
    },
  };
}

/** A failure before the first event, as the attempt's error: our own errors (stall, limits) as they are, a lost connection retryable. */
export function beforeFirstEvent(err: unknown, label: string): ProxyError {
  if (ProxyError.isInstance(err)) return err;
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  const code = e?.code ?? e?.cause?.code ?? 'connection lost';
  return new ProxyError('bad_gateway', `Upstream ${label} failed before its first event (${code}).`, { retryable: true, cause: err });
}

function isPing(ev: SseEvent): boolean {
  return ev.event === 'ping' || /^\{"type": ?"ping"\}$/.test(ev.data);
}

function errorOf(ev: SseEvent, wire: Dialect, label: string, redact: (text: string) => string): ProxyError | undefined {
  if (!/"error"/.test(ev.data)) return undefined;
  let json: { type?: string; error?: { type?: string; code?: unknown; message?: string; status?: string } };
  try {
    json = JSON.parse(ev.data);
  } catch {
    return undefined;
  }
  const err = json?.error;
  if (!err || typeof err !== 'object') return undefined;
  if (wire === 'anthropic' && ev.event !== 'error' && json.type !== 'error') return undefined;
  const status =
    (typeof err.code === 'number' && err.code >= 400 && err.code < 600 ? err.code : undefined) ??
    ANTHROPIC_STATUS[err.type ?? ''] ??
    (err.type === 'rate_limit_exceeded' || err.status === 'RESOURCE_EXHAUSTED' ? 429 : 502);
  return new ProxyError(errorKindForStatus(status), `Upstream ${label}: ${redact(typeof err.message === 'string' ? err.message : 'error event')}`, { status });
}
