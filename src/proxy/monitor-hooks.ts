import type { Context } from 'koa';
import { createUsageScanner, NOOP_BUILDER, type Monitor, type RecordBuilder, type TokenUsage } from '../monitor';
import type { Dialect } from '../core/dialect';
import type { RequestTrace } from './dispatch/client-call';
import { toProxyError } from '../core/errors';


export function beginRecord(monitor: Monitor | undefined, ctx: Context): RecordBuilder {
  if (!monitor || !monitor.recording) return NOOP_BUILDER;
  return monitor.begin({
    method: ctx.method,
    path: ctx.originalUrl,
    userAgent: ctx.get('user-agent') || undefined,
    clientAddress: ctx.req.socket.remoteAddress,
  });
}

/** Meters usage from an upstream's bytes (stream chunks or a JSON text) without buffering or delaying them. */
export function usageMeter(trace: RequestTrace, wire: Dialect): { push(chunk: Uint8Array | string): void; end(): void } {
  return createUsageScanner(wire, (u: TokenUsage) => {
    trace.record.addUsage(u);
    trace.tokens = Math.max(trace.tokens, (u.inputTokens ?? 0) + (u.outputTokens ?? 0));
  });
}

/** Completes the record of one request from what the dispatcher traced. */
export function finishRecord(ctx: Context, trace: RequestTrace): void {
  const rec = trace.record;
  if (!rec.active) return;
  const error = ctx.state.streamError ?? ctx.state.error;
  if (!trace.call && !error && ctx.status < 400) {
    return; // health checks, model lists and warm-ups are not proxied requests: the builder is dropped
  }
  for (const a of trace.attempts) rec.attempt(a);
  if (rec.wantsBodies && ctx.status >= 400 && ctx.body && typeof ctx.body === 'object') rec.responseChunk(JSON.stringify(ctx.body));
  for (const n of trace.notes) rec.note(n);
  const e = error ? toProxyError(error) : undefined;
  rec.finish({
    clientDialect: trace.call?.dialect,
    clientModel: trace.call?.clientModel,
    upstreamModel: trace.upstreamModel,
    accountId: trace.account?.id,
    accountLabel: trace.account?.label,
    accountKind: trace.account?.kind,
    // 499: the client closed the connection before an answer (nginx's convention).
    status: ctx.state.streamError || ctx.headerSent ? 200 : trace.aborted ? 499 : ctx.status,
    errorType: e?.kind,
    errorMessage: e?.message,
    stream: trace.call?.stream ?? false,
    aborted: trace.aborted,
    ttfbMs: trace.ttfbMs,
    durationMs: Date.now() - (ctx.state.startedAt as number),
    requestBytes: trace.call ? trace.call.raw.length : Number(ctx.get('content-length')) || 0,
    responseBytes: trace.responseBytes,
  });
}
