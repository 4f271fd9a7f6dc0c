import { errorDialectOf } from '../../core/dialect';
import type { Exchange } from '../exchange';
import type { ClientCall } from '../dispatch/client-call';
import { framingFor, type StreamFraming } from './stream-framing';

const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/** Upstream headers worth handing to the client on a passthrough (rate-limit info, request ids). */
const FORWARDED = /^(x-ratelimit-|anthropic-ratelimit-|request-id$|x-request-id$|openai-processing-ms$)/;

export function forwardedHeaders(upstream: Headers | undefined, into: Record<string, string> = {}): Record<string, string> {
  upstream?.forEach((v, k) => {
    if (FORWARDED.test(k)) into[k] = v;
  });
  return into;
}

function clientFraming(call: ClientCall): StreamFraming {
  const dialect = call.dialect === 'openai-responses' ? 'openai-responses' : errorDialectOf(call.dialect);
  return framingFor(dialect, call.dialect !== 'gemini' || call.geminiSse);
}

function streamHeaders(call: ClientCall): Record<string, string> {
  const gemArray = call.dialect === 'gemini' && !call.geminiSse;
  return gemArray ? { ...SSE_HEADERS, 'content-type': 'application/json; charset=utf-8' } : { ...SSE_HEADERS };
}

/**
 * The one place a stream's response headers are committed (by the heartbeat while the
 * upstream thinks, or by the first answer byte): 200, the stream headers, and the upstream's
 * forwarded headers when it answers first. Headers already set on the response (identity)
 * are kept. From here on errors are events in the stream's framing. Idempotent.
 */
export function commitStream(ex: Exchange, call: ClientCall, upstream?: Headers, flush = true): StreamFraming {
  const framing = clientFraming(call);
  ex.streamFraming = framing;
  const res = ex.res;
  if (!res.headersSent) {
    res.writeHead(200, forwardedHeaders(upstream, streamHeaders(call)));
    // `flush: false` when the first bytes follow at once (the pump of a peeked stream): the
    // headers then leave with them in one write instead of a write(2) of their own.
    if (flush) res.flushHeaders();
  }
  return framing;
}
