import type { Context } from 'koa';
import { ProxyError, toProxyError } from '../../core/errors';
import { isInProcessKind } from '../../core/config';
import {
  countTokensBody, countTokensEstimate, countTokensRequest, countTokensResponse, includeUsageOf, translateRequest, translation,
  type TranslateContext, type Translation,
} from '../../translate';
import type { Candidate, RoutePlan } from '../../upstream/pool-types';
import { toAttemptRecord } from './attempt-record';
import { callUpstream, type UpstreamResponse } from '../../upstream/client/call-upstream';
import type { ClientCall, DispatchServices, RequestTrace } from './client-call';
import { rewriteModel } from './rewrite-model';
import { extractMessage, upstreamError } from '../../upstream/client/upstream-error';
import { redact } from '../../core/redactor';
import { upstreamTarget } from '../../upstream/client/upstream-request';
import { usageMeter } from '../monitor-hooks';
import { serveLocal } from './serve-local';
import { renamesModel, rewriteResponseModel } from '../stream/rewrite-model-stage';
import { openStream } from './open-stream';
import { stripForeignReasoning } from '../../translate/codecs/shared/strip-foreign-reasoning';
import { clientFraming, respondJson, respondStream, streamHeaders } from './respond';
import { startHeartbeat } from '../stream/heartbeat';

/**
 * Serves one client call through the pool: plan → attempts in order → the first answer that
 * is not a retryable failure goes to the client. Rotation happens only before the first byte
 * reached the client, and at most once per account.
 */
export async function dispatch(ctx: Context, call: ClientCall, svc: DispatchServices, trace: RequestTrace): Promise<void> {
  const pool = svc.pool();
  const plan = pool.plan({ clientDialect: call.dialect, clientModel: call.clientModel, headers: call.headers, body: call.body });
  const abort = new AbortController();
  const onClose = () => {
    if (!ctx.res.writableFinished) {
      trace.aborted = true;
      abort.abort();
    }
  };
  ctx.req.once('close', onClose);
  ctx.res.once('close', onClose);
  const heartbeat = call.stream && call.action === 'generate' ? startHeartbeat(ctx, clientFraming(call), streamHeaders(call), svc.keepAliveMs) : undefined;
  ctx.state.heartbeat = heartbeat;
  try {
    await tryCandidates(ctx, call, svc, trace, plan, abort);
  } finally {
    heartbeat?.stop();
  }
}

async function tryCandidates(ctx: Context, call: ClientCall, svc: DispatchServices, trace: RequestTrace, plan: RoutePlan, abort: AbortController): Promise<void> {
  const pool = svc.pool();
  let lastError: ProxyError | undefined;
  for (const cand of plan.candidates) {
    if (abort.signal.aborted) return;
    let reported = false;
    /** The upstream's response headers arrived (a deadline now means "too slow to finish"). */
    let answering = false;
    let deadline: ReturnType<typeof deadlineSignal> | undefined;
    const served = () => {
      trace.attempts.push(toAttemptRecord(cand, { ok: true }));
      pool.report(cand, { ok: true }, plan);
      reported = true;
      trace.account = cand.account;
      trace.upstreamModel = cand.upstreamModel;
    };
    /** Records a failed attempt; true when the next account may be tried. */
    const failed = (err: ProxyError, headers?: Headers, body?: string): boolean => {
      trace.attempts.push(toAttemptRecord(cand, { ok: false, error: err }));
      if (err.status !== 499) {
        pool.report(cand, { ok: false, error: err, headers, body }, plan);
        svc.logger.warn(`${cand.account.label} (${cand.upstreamModel}): ${err.status} ${err.message}${err.retryable ? ' — trying the next account' : ''}`);
      }
      reported = true;
      lastError = err;
      return err.retryable;
    };
    try {
      if (isInProcessKind(cand.account.kind)) { // issue 16: vscode-lm and demo
        await serveLocal(ctx, call, cand, svc, trace, abort.signal);
        served();
        return;
      }
      // Non-stream answers have a total deadline; streams have first-byte and idle limits.
      const timeoutMs = svc.config().proxy.requestTimeoutSeconds * 1000;
      deadline = call.stream ? undefined : deadlineSignal(abort.signal, timeoutMs);
      const a = await attemptCall(call, cand, svc, trace, deadline?.signal ?? abort.signal);
      if ('local' in a) {
        served();
        ctx.body = a.local;
        return;
      }
      const { res, tr, tctx } = a;
      answering = true;
      const label = cand.account.label;
      if (res.status >= 400) {
        const text = (await readBody(res, deadline?.signal)).toString('utf8');
        const err = upstreamError(res.status, res.headers, text, svc.secrets(), label);
        if (failed(err, res.headers, text)) continue;
        throw err;
      }
      const scrub = keyScrubber(cand.account.apiKey);
      if (call.stream && call.action === 'generate') {
        const opened = await openStream(res, call, cand, tr, tctx, label, usageMeter(trace, cand.wire));
        if ('error' in opened) {
          const text = opened.readDetail ? (await readBody(res, deadline?.signal)).toString('utf8') : undefined;
          const err = text ? withDetail(opened.error, text, svc.secrets()) : opened.error;
          if (failed(err, res.headers, text)) continue;
          throw err;
        }
        served();
        await respondStream(ctx, call, opened.source, svc, trace, res.headers, { scrub, complete: opened.complete });
        return;
      }
      const text = scrub(await readBody(res, deadline?.signal)).toString('utf8');
      const bad = notJson(res.headers, text, label);
      if (bad) {
        if (failed(bad)) continue;
        throw bad;
      }
      served();
      if (call.action === 'generate') {
        const meter = usageMeter(trace, cand.wire);
        meter.push(text);
        meter.end();
      }
      const answer = !tr && call.action === 'generate' && renamesModel(call, cand.upstreamModel) ? rewriteResponseModel(text, call.clientModel) : text;
      respondJson(ctx, answer, tr, tctx, res.headers, trace);
      return;
    } catch (err) {
      // The client left: nobody to answer, and not the account's fault.
      if (abort.signal.aborted) {
        if (!reported) trace.attempts.push(toAttemptRecord(cand, { ok: false, error: new ProxyError('api_error', 'Client closed the connection.', { status: 499 }) }));
        return;
      }
      const e = deadlineError(err, svc, answering);
      if (!reported) failed(e);
      lastError = e;
      // Only keep-alives may have gone out so far: another account can still answer.
      if (e.retryable && trace.ttfbMs === undefined) continue;
      throw e;
    } finally {
      deadline?.release();
    }
  }
  throw lastError ?? new ProxyError('unavailable', `No account could serve model ${call.clientModel}.`);
}

/**
 * The client's abort or the total deadline, whichever comes first (the reason says which).
 * A plain controller and timer: AbortSignal.any/timeout cost ~3 % of a small request's CPU.
 */
function deadlineSignal(client: AbortSignal, ms: number): { signal: AbortSignal; release(): void } {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(new DOMException('The operation timed out.', 'TimeoutError')), ms);
  const onClient = () => ac.abort(client.reason);
  if (client.aborted) onClient();
  else client.addEventListener('abort', onClient, { once: true });
  return {
    signal: ac.signal,
    release() {
      clearTimeout(timer);
      client.removeEventListener('abort', onClient);
    },
  };
}

/** The total deadline of a non-stream request ran out (not the client going away). */
function deadlineError(err: unknown, svc: DispatchServices, answering: boolean): ProxyError {
  const e = toProxyError(err);
  if (e.kind !== 'timeout' && (err as { name?: string })?.name !== 'TimeoutError') return e;
  const s = svc.config().proxy.requestTimeoutSeconds;
  // Before the upstream's first byte another account may still answer in time; after it, no.
  return answering
    ? new ProxyError('timeout', `Upstream did not complete its answer within requestTimeoutSeconds (${s} s).`, { retryable: false, cause: err })
    : new ProxyError('timeout', `Upstream did not answer within requestTimeoutSeconds (${s} s).`, { retryable: true, cause: err });
}

/** Adds what an upstream said in a body that was not the stream asked for (an error JSON, a page). */
function withDetail(err: ProxyError, text: string, secrets: readonly string[]): ProxyError {
  const detail = extractMessage(text);
  if (!detail) return err;
  return new ProxyError(err.kind, `${err.message.replace(/\.$/, '')}: ${redact(detail, secrets)}`, { status: err.status, retryable: err.retryable });
}

/** A 200 that is not JSON (a captive portal, a wrong base URL serving a web page). */
function notJson(headers: Headers, text: string, label: string): ProxyError | undefined {
  const type = headers.get('content-type') ?? '';
  const first = text.trimStart()[0];
  if ((type === '' || /json/i.test(type)) && (first === '{' || first === '[')) return undefined;
  return new ProxyError('bad_gateway', `Upstream ${label} answered with ${type || 'no content type'}, not JSON — check the account's base URL.`, { retryable: true });
}

/** An upstream that echoes its own key must not hand it to the client. */
function keyScrubber(key: string | undefined): (chunk: Uint8Array) => Buffer {
  const asBuffer = (c: Uint8Array) => (Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength));
  if (!key || key.length < 8) return asBuffer;
  const needle = Buffer.from(key);
  const mask = Buffer.from('[REDACTED]');
  return (chunk) => {
    const buf = asBuffer(chunk);
    let i = buf.indexOf(needle);
    if (i < 0) return buf;
    const parts: Buffer[] = [];
    let from = 0;
    while (i >= 0) {
      parts.push(buf.subarray(from, i), mask);
      from = i + needle.length;
      i = buf.indexOf(needle, from);
    }
    parts.push(buf.subarray(from));
    return Buffer.concat(parts);
  };
}

type Attempt = { res: UpstreamResponse; tr?: Translation; tctx: TranslateContext } | { local: unknown };

async function attemptCall(call: ClientCall, cand: Candidate, svc: DispatchServices, trace: RequestTrace, signal: AbortSignal): Promise<Attempt> {
  const cfg = svc.config();
  const passthrough = cand.wire === call.dialect;
  const tctx: TranslateContext = {
    clientModel: call.clientModel,
    upstreamModel: cand.upstreamModel,
    stream: call.stream,
    geminiSse: call.geminiSse,
    includeUsage: call.dialect === 'openai-chat' && includeUsageOf(call.body),
  };
  // History this account did not write loses its reasoning signatures (they would be rejected).
  const clientBody = cand.stripReasoning ? stripForeignReasoning(call.dialect, call.body) : call.body;
  let tr: Translation | undefined;
  let body: string | Buffer;
  if (passthrough && !cand.stripReasoning) {
    // Gemini carries the model in the URL: its body goes out byte for byte.
    body = call.dialect === 'gemini' ? call.raw : rewriteModel(call.raw, call.body, cand.upstreamModel);
  } else if (passthrough) {
    body = JSON.stringify(call.dialect === 'gemini' ? clientBody : { ...clientBody, model: cand.upstreamModel });
  } else if (call.action === 'count_tokens') {
    const up = countTokensRequest(call.dialect, cand.wire, clientBody, cand.upstreamModel);
    if (up === null) {
      // No count endpoint on this wire (OpenAI): a documented estimate, never a constant.
      trace.notes.push(`count_tokens estimated locally (${cand.wire} has no count endpoint)`);
      return { local: countTokensBody(call.dialect, countTokensEstimate(call.dialect, clientBody)) };
    }
    body = JSON.stringify(up);
    tr = countTokensTranslation(call.dialect, cand.wire);
  } else {
    tr = translation(call.dialect, cand.wire);
    const out = translateRequest(call.dialect, cand.wire, clientBody, tctx);
    for (const n of out.notes) trace.notes.push(n);
    body = JSON.stringify(out.body);
  }
  // A Gemini client that asked for a streamed JSON array gets one straight from a Gemini upstream.
  const sse = !(passthrough && call.dialect === 'gemini' && !call.geminiSse);
  const target = upstreamTarget(cand.account, cand.wire, call.action, cand.upstreamModel, call.stream, call.headers, passthrough, sse);
  const timeoutMs = cfg.proxy.requestTimeoutSeconds * 1000;
  const res = await callUpstream(target, body, { signal, headersTimeoutMs: timeoutMs, bodyTimeoutMs: timeoutMs, dispatcher: svc.dispatcher() });
  return { res, tr, tctx };
}

function countTokensTranslation(client: ClientCall['dialect'], wire: ClientCall['dialect']): Translation {
  const unsupported = () => {
    throw new ProxyError('api_error', 'count_tokens does not stream.');
  };
  return { request: unsupported, stream: unsupported, streamStage: unsupported, response: (json) => countTokensResponse(client, wire, json) };
}

/** The whole body as bytes (decoded once by the caller); `deadline` cuts a body that never ends. */
async function readBody(res: UpstreamResponse, deadline?: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const onAbort = () => res.body.destroy(deadline?.reason);
  deadline?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const c of res.body) chunks.push(c as Buffer);
  } finally {
    deadline?.removeEventListener('abort', onAbort);
  }
  return Buffer.concat(chunks);
}
