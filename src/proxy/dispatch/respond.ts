import type { Context } from 'koa';
import type { Readable } from 'node:stream';
import { ProxyError } from '../errors';
import { errorDialectOf } from '../dialect';
import { framingFor } from '../stream/stream-framing';
import { pumpStream } from '../stream/pump';
import type { TranslateContext, Translation } from '../translate';
import type { ClientCall, DispatchServices, RequestTrace } from './client-call';

/** Upstream headers worth handing to the client on a passthrough (rate-limit info, request ids). */
const FORWARDED = /^(x-ratelimit-|anthropic-ratelimit-|request-id$|x-request-id$|openai-processing-ms$)/;

function forwardHeaders(ctx: Context, upstream: Headers): void {
  upstream.forEach((v, k) => {
    if (FORWARDED.test(k)) ctx.set(k, v);
  });
}

export function respondJson(ctx: Context, call: ClientCall, text: string, tr: Translation | undefined, tctx: TranslateContext, upstream: Headers, trace: RequestTrace): void {
  trace.ttfbMs ??= Date.now() - (ctx.state.startedAt as number);
  if (!tr) {
    forwardHeaders(ctx, upstream);
    ctx.status = 200;
    ctx.type = 'application/json';
    ctx.body = text;
    trace.responseBytes = Buffer.byteLength(text);
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
  void call;
}

/** Streams to the client as bytes arrive; from here on errors are events inside the stream. */
export async function respondStream(ctx: Context, call: ClientCall, source: Readable, svc: DispatchServices, trace: RequestTrace, upstream: Headers): Promise<void> {
  const dialect = call.dialect === 'openai-responses' ? 'openai-responses' : errorDialectOf(call.dialect);
  const gemArray = call.dialect === 'gemini' && !call.geminiSse;
  ctx.respond = false;
  const res = ctx.res;
  const headers: Record<string, string> = {
    'content-type': gemArray ? 'application/json; charset=utf-8' : 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  };
  upstream.forEach((v, k) => {
    if (FORWARDED.test(k)) headers[k] = v;
  });
  for (const [k, v] of Object.entries(ctx.response.headers)) if (typeof v === 'string') headers[k] ??= v;
  res.writeHead(200, headers);
  res.flushHeaders();
  const timeoutMs = svc.config().proxy.requestTimeoutSeconds * 1000;
  await pumpStream(res, source, {
    framing: framingFor(dialect, !gemArray),
    keepAliveMs: svc.keepAliveMs,
    idleTimeoutMs: timeoutMs,
    onChunk: (n) => {
      trace.ttfbMs ??= Date.now() - (ctx.state.startedAt as number);
      trace.responseBytes += n;
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
