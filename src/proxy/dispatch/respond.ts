import type { Context } from 'koa';
import type { Readable } from 'node:stream';
import { ProxyError } from '../../core/errors';
import { errorDialectOf } from '../../core/dialect';
import { framingFor, type StreamFraming } from '../stream/stream-framing';
import { SSE_HEADERS, type Heartbeat } from '../stream/heartbeat';
import { pumpStream } from '../stream/pump';
import type { TranslateContext, Translation } from '../../translate';
import type { ClientCall, DispatchServices, RequestTrace } from './client-call';

/** Upstream headers worth handing to the client on a passthrough (rate-limit info, request ids). */
const FORWARDED = /^(x-ratelimit-|anthropic-ratelimit-|request-id$|x-request-id$|openai-processing-ms$)/;

function forwardHeaders(ctx: Context, upstream: Headers): void {
  upstream.forEach((v, k) => {
    if (FORWARDED.test(k)) ctx.set(k, v);
  });
}

export function respondJson(ctx: Context, text: string, tr: Translation | undefined, tctx: TranslateContext, upstream: Headers, trace: RequestTrace): void {
  trace.ttfbMs ??= Date.now() - (ctx.state.startedAt as number);
  if (!tr) {
    forwardHeaders(ctx, upstream);
    ctx.status = 200;
    ctx.type = 'application/json';
    ctx.body = text;
    trace.responseBytes = Buffer.byteLength(text);
    if (trace.record.wantsBodies) trace.record.responseChunk(text);
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ProxyError('bad_gateway', 'Upstream answered with invalid JSON.', { retryable: false });
  }
  const out = JSON.stringify(tr.response(parsed, tctx));
  ctx.status = 200;
  ctx.type = 'application/json';
  ctx.body = out;
  trace.responseBytes = Buffer.byteLength(out);
  if (trace.record.wantsBodies) trace.record.responseChunk(out);
}

export function clientFraming(call: ClientCall): StreamFraming {
  const dialect = call.dialect === 'openai-responses' ? 'openai-responses' : errorDialectOf(call.dialect);
  return framingFor(dialect, call.dialect !== 'gemini' || call.geminiSse);
}

export function streamHeaders(call: ClientCall): Record<string, string> {
  const gemArray = call.dialect === 'gemini' && !call.geminiSse;
  return gemArray ? { ...SSE_HEADERS, 'content-type': 'application/json; charset=utf-8' } : { ...SSE_HEADERS };
}

/** Streams to the client as bytes arrive; from here on errors are events inside the stream. */
export interface StreamChecks {
  /** False when the stream ended without its final event (passthrough only: codecs always complete). */
  complete?(): boolean;
  scrub?(chunk: Uint8Array): Uint8Array;
}

export async function respondStream(ctx: Context, call: ClientCall, source: Readable, svc: DispatchServices, trace: RequestTrace, upstream: Headers, checks: StreamChecks = {}): Promise<void> {
  (ctx.state.heartbeat as Heartbeat | undefined)?.stop();
  ctx.respond = false;
  const res = ctx.res;
  const framing = clientFraming(call);
  ctx.state.streamFraming = framing;
  // The heartbeat may have committed the headers already while the upstream was thinking.
  if (!res.headersSent) {
    const headers = streamHeaders(call);
    upstream.forEach((v, k) => {
      if (FORWARDED.test(k)) headers[k] = v;
    });
    for (const [k, v] of Object.entries(ctx.response.headers)) if (typeof v === 'string') headers[k] ??= v;
    res.writeHead(200, headers);
    res.flushHeaders();
  }
  const timeoutMs = svc.config().proxy.requestTimeoutSeconds * 1000;
  await pumpStream(res, source, {
    framing,
    complete: checks.complete,
    scrub: checks.scrub,
    keepAliveMs: svc.keepAliveMs,
    idleTimeoutMs: timeoutMs,
    onChunk: (chunk) => {
      trace.ttfbMs ??= Date.now() - (ctx.state.startedAt as number);
      trace.responseBytes += chunk.byteLength;
      if (trace.record.wantsBodies) trace.record.responseChunk(chunk);
    },
    onEnd: ({ aborted, error }) => {
      if (aborted) trace.aborted = true;
      if (error) {
        trace.notes.push(`stream error: ${error.message}`);
        ctx.state.streamError = error;
      }
    },
  });
}
