import { ProxyError, toProxyError } from '../../core/errors';
import { createByteScrubber } from '../../core/redactor';
import {
  countTokensBody, countTokensEstimate, countTokensRequest, countTokensResponse, includeUsageOf, translateRequest, translation,
  type TranslateContext, type Translation,
} from '../../translate';
import { stripForeignReasoning } from '../../translate/codecs/shared/strip-foreign-reasoning';
import type { Candidate } from '../../upstream/pool-types';
import { callUpstream, type UpstreamResponse } from '../../upstream/client/call-upstream';
import { extractMessage, upstreamError } from '../../upstream/client/upstream-error';
import { redact } from '../../core/redactor';
import { upstreamTarget } from '../../upstream/client/upstream-request';
import type { RoutedExchange } from '../exchange';
import { usageMeter } from '../monitor-hooks';
import { renamesModel, rewriteResponseModel } from '../stream/rewrite-model-stage';
import type { ClientCall, DispatchServices, RequestTrace } from './client-call';
import { openStream } from './open-stream';
import { clientGone, failure, type Outcome } from './outcome';
import { rewriteModel } from './rewrite-model';
import { keepVerbatim } from './vendor-verbatim';
import { fetchInlineImages, structuredPlan, withStructuredOutputsBeta } from './prepare-request';
import { adaptAnthropicFormat, jsonToolOf } from '../../translate/codecs/shared/response-format';

/**
 * The send step for an HTTP upstream: builds the upstream request (passthrough or translated),
 * calls it and turns what comes back into an Answer, or a Failure while nothing has reached
 * the client (an error status, a stream that is not one or opens with an error event, a body
 * that is not JSON, a deadline). Never throws.
 */
export async function sendHttp(ex: RoutedExchange, cand: Candidate, svc: DispatchServices): Promise<Outcome> {
  const { call, trace } = ex;
  const label = cand.account.label;
  // Non-stream answers have a total deadline; streams have first-byte and idle limits.
  const timeoutMs = svc.config().proxy.requestTimeoutSeconds * 1000;
  const deadline = call.stream ? undefined : deadlineSignal(ex.signal, timeoutMs);
  const signal = deadline?.signal ?? ex.signal;
  /** The request went out: from here on a failure is the vendor's. */
  let called = false;
  /** The upstream's response headers arrived (a deadline now means "too slow to finish"). */
  let answering = false;
  try {
    const images = await fetchInlineImages(call, cand, svc, ex.signal);
    const built = buildRequest(call, cand, trace, images);
    if ('local' in built) return { kind: 'json', text: JSON.stringify(built.local) };
    const { tr, tctx } = built;
    called = true;
    const res = await callUpstream(built.target, built.body, { signal, headersTimeoutMs: timeoutMs, bodyTimeoutMs: timeoutMs, dispatcher: svc.dispatcher() });
    answering = true;
    if (res.status >= 400) {
      const text = (await readBody(res, deadline?.signal)).toString('utf8');
      const err = upstreamError(res.status, res.headers, text, svc.secrets(), label, cand.account.kind);
      if (call.dialect === 'anthropic' && cand.wire === 'anthropic') keepVerbatim(err, res.status, res.headers, redact(text, svc.secrets()));
      return failure(err, 'vendor', { headers: res.headers, body: text });
    }
    // An upstream that echoes a key must not hand it to the client.
    const scrub = createByteScrubber(svc.secrets());
    if (call.stream && call.action === 'generate') {
      const opened = await openStream(res, call, cand, tr, tctx, label, usageMeter(trace, cand.wire));
      if ('error' in opened) {
        const text = opened.readDetail ? (await readBody(res, deadline?.signal)).toString('utf8') : undefined;
        const err = text ? withDetail(opened.error, text, svc.secrets()) : opened.error;
        return failure(err, 'vendor', { headers: res.headers, body: text });
      }
      return { kind: 'byte-stream', source: opened.source, headers: res.headers, complete: opened.complete, scrub };
    }
    const bytes = await readBody(res, deadline?.signal);
    const text = Buffer.concat([scrub.push(bytes), scrub.flush()]).toString('utf8');
    const bad = notJson(res.headers, text, label);
    if (bad) return failure(bad, 'vendor');
    if (call.action === 'generate') usageMeter(trace, cand.wire).json(text);
    if (tr) return { kind: 'json', text, translate: { tr, tctx }, headers: res.headers };
    const answer = call.action === 'generate' && renamesModel(call, cand.upstreamModel) ? rewriteResponseModel(text, call.clientModel) : text;
    return { kind: 'json', text: answer, headers: res.headers };
  } catch (err) {
    // The client left: nobody to answer, and not the account's fault.
    if (ex.signal.aborted) return clientGone();
    return failure(deadlineError(err, svc, answering), called ? 'vendor' : 'proxy');
  } finally {
    deadline?.release();
  }
}

type Built =
  | { target: ReturnType<typeof upstreamTarget>; body: string | Buffer; tr?: Translation; tctx: TranslateContext }
  | { local: unknown };

function buildRequest(call: ClientCall, cand: Candidate, trace: RequestTrace, inlineImages?: TranslateContext['inlineImages']): Built {
  const structured = structuredPlan(call, cand);
  const passthrough = cand.wire === call.dialect && !structured.translate;
  const tctx: TranslateContext = {
    clientModel: call.clientModel,
    upstreamModel: cand.upstreamModel,
    stream: call.stream,
    geminiSse: call.geminiSse,
    includeUsage: call.dialect === 'openai-chat' && includeUsageOf(call.body),
    structuredOutputs: structured.mode,
    inlineImages,
  };
  // History this account did not write loses its reasoning signatures (they would be rejected).
  const stripped = cand.stripReasoning ? stripForeignReasoning(call.dialect, call.body) : call.body;
  // Structured output moved to the field this account's vendor takes (same schema).
  const clientBody = structured.adapted ? (adaptAnthropicFormat(stripped, structured.mode!) ?? stripped) : stripped;
  let tr: Translation | undefined;
  let body: string | Buffer;
  let upstreamJson: Record<string, unknown> | undefined = structured.adapted ? clientBody : undefined;
  if (passthrough && !cand.stripReasoning && !structured.adapted) {
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
    upstreamJson = out.body;
    tctx.jsonTool = cand.wire === 'anthropic' ? jsonToolOf(out.body) : undefined;
  }
  // A Gemini client that asked for a streamed JSON array gets one straight from a Gemini upstream.
  const sse = !(passthrough && call.dialect === 'gemini' && !call.geminiSse);
  const target = withStructuredOutputsBeta(upstreamTarget(cand.account, cand.wire, call.action, cand.upstreamModel, call.stream, call.headers, passthrough, sse), upstreamJson);
  return { target, body, tr, tctx };
}

function countTokensTranslation(client: ClientCall['dialect'], wire: ClientCall['dialect']): Translation {
  const unsupported = () => {
    throw new ProxyError('api_error', 'count_tokens does not stream.');
  };
  return { request: unsupported, stream: unsupported, streamStage: unsupported, response: (json) => countTokensResponse(client, wire, json) };
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
