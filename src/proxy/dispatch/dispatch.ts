import type { Context } from 'koa';
import { pipeline } from 'node:stream';
import { ProxyError, toProxyError } from '../errors';
import {
  countTokensBody, countTokensEstimate, countTokensRequest, countTokensResponse, includeUsageOf, translateRequest, translation,
  type TranslateContext, type Translation,
} from '../translate';
import type { Candidate, RoutePlan } from '../../upstream/pool-types';
import { callUpstream, type UpstreamResponse } from './call-upstream';
import type { ClientCall, DispatchServices, RequestTrace } from './client-call';
import { rewriteModel } from './rewrite-model';
import { upstreamError } from './upstream-error';
import { upstreamTarget } from './upstream-request';
import { meterUsage } from '../monitor-hooks';
import { serveLocal } from './serve-local';
import { stageTransform } from '../stream/stage-transform';
import { rewriteModelStage, rewriteResponseModel } from '../stream/rewrite-model-stage';
import { stripForeignReasoning } from '../../upstream/strip-foreign-reasoning';
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
    const attempt = {
      accountId: cand.account.id,
      accountLabel: cand.account.label,
      accountKind: cand.account.kind,
      upstreamModel: cand.upstreamModel,
    } as RequestTrace['attempts'][number];
    trace.attempts.push(attempt);
    try {
      if (cand.account.kind === 'vscode-lm') {
        await serveLocal(ctx, call, cand, svc, trace, abort.signal);
        attempt.status = 200;
        pool.report(cand, { ok: true }, plan);
        trace.account = cand.account;
        trace.upstreamModel = cand.upstreamModel;
        return;
      }
      const a = await attemptCall(call, cand, svc, trace, abort.signal);
      if ('local' in a) {
        attempt.status = 200;
        trace.account = cand.account;
        trace.upstreamModel = cand.upstreamModel;
        ctx.body = a.local;
        return;
      }
      const { res, tr, tctx } = a;
      attempt.status = res.status;
      if (res.status >= 400) {
        const text = await readText(res);
        const err = upstreamError(res.status, res.headers, text, svc.secrets(), cand.account.label);
        attempt.reason = err.message;
        pool.report(cand, { ok: false, error: err, headers: res.headers, body: text }, plan);
        lastError = err;
        if (err.retryable) continue;
        throw err;
      }
      pool.report(cand, { ok: true }, plan);
      trace.account = cand.account;
      trace.upstreamModel = cand.upstreamModel;
      if (call.stream && call.action === 'generate') {
        meterUsage(trace, cand.wire, res.body);
        const source = tr
          ? pipeline(res.body, stageTransform(tr.streamStage(tctx)), () => {})
          : renamesModel(call, cand.upstreamModel) ? pipeline(res.body, rewriteModelStage(call.clientModel), () => {}) : res.body;
        await respondStream(ctx, call, source, svc, trace, res.headers);
      } else {
        const text = await readText(res);
        if (call.action === 'generate') meterUsage(trace, cand.wire, text);
        const answer = !tr && renamesModel(call, cand.upstreamModel) ? rewriteResponseModel(text, call.clientModel) : text;
        respondJson(ctx, call, answer, tr, tctx, res.headers, trace);
      }
      return;
    } catch (err) {
      const e = toProxyError(err);
      if (attempt.status === undefined) {
        attempt.status = e.status;
        attempt.reason = e.message;
        if (e.status !== 499) pool.report(cand, { ok: false, error: e }, plan);
      }
      if (abort.signal.aborted) return;
      lastError = e;
      // Only keep-alives may have gone out so far: another account can still answer.
      if (e.retryable && trace.ttfbMs === undefined) continue;
      throw e;
    }
  }
  throw lastError ?? new ProxyError('unavailable', `No account could serve model ${call.clientModel}.`);
}

/** A mapped model on a passthrough: the answer must name the client's model again (Gemini names none). */
function renamesModel(call: ClientCall, upstreamModel: string): boolean {
  return call.dialect !== 'gemini' && call.action === 'generate' && upstreamModel !== call.clientModel;
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
  let body: string;
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
  const target = upstreamTarget(cand.account, cand.wire, call.action, cand.upstreamModel, call.stream, call.headers, passthrough);
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

async function readText(res: UpstreamResponse): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res.body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
