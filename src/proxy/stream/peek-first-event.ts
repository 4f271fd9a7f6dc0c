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
  /** Settles at the first event that is not a ping, past the byte limit, or at the end: the error it carried, if any. */
  readonly result: Promise<ProxyError | undefined>;
  /** Settle now without an error (the upstream failed: that is for the pump to report). */
  giveUp(): void;
}

/**
 * Vendors answer 200 and then send an error as the very first event (Anthropic's
 * `overloaded_error` is the common case). Nothing has reached the client yet, so that is a
 * failed attempt like any other: the next account is tried (DESIGN §3). Fed by the line tap
 * (events from its SseDecoder, byte counts from its chunks); keep-alives and pings are skipped.
 */
export function firstEventPeek(wire: Dialect, label: string): FirstEventPeek {
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
    giveUp: () => settle(undefined),
    wantsEvents: () => !settled,
    // Raw bytes, not framed lines: an over-long first line must not keep the peek waiting.
    chunk(chunk) {
      seen += chunk.length;
      if (seen > PEEK_LIMIT) settle(undefined);
    },
    event(ev) {
      if (settled || isPing(ev)) return;
      settle(errorOf(ev, wire, label));
    },
    end: () => settle(undefined),
  };
}

function isPing(ev: SseEvent): boolean {
  return ev.event === 'ping' || /^\{"type": ?"ping"\}$/.test(ev.data);
}

function errorOf(ev: SseEvent, wire: Dialect, label: string): ProxyError | undefined {
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
  return new ProxyError(errorKindForStatus(status), `Upstream ${label}: ${err.message ?? 'error event'}`, { status });
}
