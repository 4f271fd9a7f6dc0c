import type { Readable } from 'node:stream';
import { ProxyError } from '../../core/errors';
import type { ByteScrubber } from '../../core/redactor';
import type { RoutedExchange } from '../exchange';
import { commitStream, forwardedHeaders } from '../stream/commit';
import { pumpStream } from '../stream/pump';
import type { DispatchServices } from './client-call';
import { collectIrAnswer, encodeIrStream } from './encode-ir';
import type { Answer, JsonAnswer } from './outcome';

/**
 * The respond step: hands an Answer to the client. A whole answer is written at once; a
 * stream commits its headers (unless the heartbeat did) and is pumped as it arrives — from
 * then on errors are events inside the stream. IR answers (in-process providers) are encoded
 * here by the client's codec, as a stream or as one JSON answer.
 */
export async function respond(ex: RoutedExchange, answer: Answer, svc: DispatchServices): Promise<void> {
  switch (answer.kind) {
    case 'json':
      return writeJson(ex, jsonText(answer), answer.translate ? undefined : answer.headers);
    case 'byte-stream':
      return respondStream(ex, answer.source, svc, answer.headers, { ...answer, peeked: true });
    case 'ir-stream':
      if (ex.call.stream) return respondStream(ex, encodeIrStream(ex.call, answer.events), svc);
      return writeJson(ex, await collectIrAnswer(ex.call, answer.events, answer.model));
  }
}

function jsonText(answer: JsonAnswer): string {
  if (!answer.translate) return answer.text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.text);
  } catch {
    throw new ProxyError('bad_gateway', 'Upstream answered with invalid JSON.', { retryable: false });
  }
  const { tr, tctx } = answer.translate;
  return JSON.stringify(tr.response(parsed, tctx));
}

/** A whole JSON answer; a passthrough also forwards the upstream's rate-limit headers. */
function writeJson(ex: RoutedExchange, text: string, upstream?: Headers): void {
  const trace = ex.trace;
  trace.ttfbMs ??= Date.now() - ex.startedAt;
  const size = Buffer.byteLength(text);
  const headers = forwardedHeaders(upstream);
  headers['content-type'] = 'application/json; charset=utf-8';
  headers['content-length'] = String(size);
  ex.res.writeHead(200, headers);
  ex.res.end(text);
  trace.responseBytes = size;
  if (trace.record.wantsBodies) trace.record.responseChunk(text);
}

async function respondStream(
  ex: RoutedExchange,
  source: Readable,
  svc: DispatchServices,
  upstream?: Headers,
  checks: { complete?(): boolean; scrub?: ByteScrubber; stallWatched?: boolean; peeked?: boolean } = {},
): Promise<void> {
  const trace = ex.trace;
  // A byte stream was peeked (its first event is buffered): the pump writes at once, the headers go with it.
  const framing = commitStream(ex, ex.call, upstream, !checks.peeked);
  await pumpStream(ex.res, source, {
    framing,
    complete: checks.complete,
    scrub: checks.scrub,
    keepAliveMs: svc.keepAliveMs,
    // A watched stream is ended by the stall watchdog (measured on upstream bytes), not here.
    idleTimeoutMs: checks.stallWatched ? Infinity : svc.config().proxy.requestTimeoutSeconds * 1000,
    onChunk: (chunk) => {
      trace.ttfbMs ??= Date.now() - ex.startedAt;
      trace.responseBytes += chunk.byteLength;
      if (trace.record.wantsBodies) trace.record.responseChunk(chunk);
    },
    onEnd: ({ aborted, error }) => {
      if (aborted) trace.aborted = true;
      if (error) {
        trace.notes.push(`stream error: ${error.message}`);
        ex.streamError = error;
      }
    },
  });
}
