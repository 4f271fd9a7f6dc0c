import { ProxyError, toProxyError } from '../../core/errors';
import { createByteScrubber } from '../../core/redactor';
import {
  countTokensBody, countTokensLocal, countTokensRequest, countTokensResponse, includeUsageOf, translateRequest, translation,
  type TranslateContext, type Translation,
} from '../../translate';
import type { Candidate } from '../../upstream/pool-types';
import { callUpstream, type UpstreamResponse } from '../../upstream/client/call-upstream';
import { extractMessage, upstreamError } from '../../upstream/client/upstream-error';
import { redact } from '../../core/redactor';
import { upstreamTarget } from '../../upstream/client/upstream-request';
import type { RoutedExchange } from '../exchange';
import { usageMeter } from '../monitor-hooks';
import { renamesModel, rewriteResponseModel } from '../stream/rewrite-model-stage';
import { isStall, noteServedAfterStall, noteStall, stallLimits, stallWatchdog, type StallWatchdog } from '../stream/stall-watchdog';
import type { ClientCall, DispatchServices, RequestTrace } from './client-call';
import { openStream } from './open-stream';
import { clientGone, connectionLost, failure, isBug, proxyBug, type Outcome } from './outcome';
import { rewriteModel } from './rewrite-model';
import { carryContext, needsReasoningRepair, passthroughBody } from './carry-context';
import { keepVerbatim } from './vendor-verbatim';
import { fetchInlineImages, structuredPlan, withStructuredOutputsBeta } from './prepare-request';
import { adaptAnthropicFormat, jsonToolOf } from '../../translate/codecs/shared/response-format';

/**
 * The send step for an HTTP upstream: builds the upstream request (passthrough or translated),
 * calls it and turns what comes back into an Answer, or a Failure while nothing has reached
 * the client (an error status, a stream that is not one, opens with an error event, fails or
 * stalls before its first event, a body that is not JSON, is cut or too large, a deadline).
 * Never throws.
 */
export async function sendHttp(ex: RoutedExchange, cand: Candidate, svc: DispatchServices): Promise<Outcome> {
  const { call, trace } = ex;
  const label = cand.account.label;
  const proxy = svc.config().proxy;
  // requestTimeoutSeconds bounds one attempt: the wait for headers, plus a whole non-stream
  // answer; it never cuts a stream that still receives bytes (the stall watchdog owns those).
  const timeoutMs = proxy.requestTimeoutSeconds * 1000;
  const limits = stallLimits(proxy);
  const deadline = deadlineSignal(ex.signal, call.stream ? undefined : timeoutMs);
  const signal = deadline.signal;
  const dog = stallWatchdog(limits, label, { onFire: (err, afterContent) => noteStall(trace.notes, err, label, afterContent && call.stream) });
  // Until the response arrives a stall aborts the request (callUpstream throws the stall error).
  dog.onStall((err) => deadline.abort(err));
  /** The request went out: from here on a failure is the vendor's. */
  let called = false;
  /** The upstream's response headers arrived (a deadline now means "too slow to finish"). */
  let answering = false;
  /** A stream was handed on: the watchdog and the client's abort stay with it. */
  let handedOn = false;
  try {
    const images = await fetchInlineImages(call, cand, svc, ex.signal);
    const built = buildRequest(call, cand, trace, images);
    if ('local' in built) return { kind: 'json', text: JSON.stringify(built.local) };
    const { tr, tctx } = built;
    called = true;
    const res = await callUpstream(built.target, built.body, { signal, headersTimeoutMs: timeoutMs, bodyTimeoutMs: limits.idleMs + BACKSTOP_MS, dispatcher: svc.dispatcher() });
    answering = true;
    dog.touch();
    const read = { deadline: signal, dog, label };
    if (res.status >= 400) {
      const text = (await readBody(res, read)).toString('utf8');
      const err = upstreamError(res.status, res.headers, text, svc.secrets(), label, cand.account.kind);
      if (call.dialect === 'anthropic' && cand.wire === 'anthropic') keepVerbatim(err, res.status, res.headers, redact(text, svc.secrets()));
      return failure(err, 'vendor', { headers: res.headers, body: text });
    }
    // An upstream that echoes a key must not hand it to the client (split-safe, every stream).
    const scrub = createByteScrubber(svc.secrets());
    if (call.stream && call.action === 'generate') {
      const opened = await openStream(res, call, cand, tr, tctx, label, usageMeter(trace, cand.wire), { dog, redact: (t) => redact(t, svc.secrets()) });
      if ('error' in opened) {
        if (ex.signal.aborted) return clientGone();
        const text = opened.readDetail ? (await readBody(res, read)).toString('utf8') : undefined;
        const err = text ? withDetail(opened.error, text, svc.secrets()) : opened.error;
        return failure(err, 'vendor', { headers: res.headers, body: text });
      }
      handedOn = true;
      noteServedAfterStall(trace.notes, label);
      return { kind: 'byte-stream', source: opened.source, headers: res.headers, complete: opened.complete, scrub, stallWatched: true };
    }
    const bytes = await readBody(res, read);
    const text = Buffer.concat([scrub.push(bytes), scrub.flush()]).toString('utf8');
    const bad = notJson(res.headers, text, label);
    if (bad) return failure(bad, 'vendor');
    if (call.action === 'generate') usageMeter(trace, cand.wire).json(text);
    noteServedAfterStall(trace.notes, label);
    if (tr) return { kind: 'json', text, translate: { tr, tctx }, headers: res.headers };
    const answer = call.action === 'generate' && renamesModel(call, cand.upstreamModel) ? rewriteResponseModel(text, call.clientModel) : text;
    return { kind: 'json', text: answer, headers: res.headers };
  } catch (err) {
    // The client left: nobody to answer, and not the account's fault.
    if (ex.signal.aborted) return clientGone();
    if (called) return isBug(err) ? proxyBug(err) : failure(connectionLost(deadlineError(err, svc, answering), err, label), 'vendor');
    // Before the call: our translation refusing the request (a ProxyError below 500) is the
    // client's fault; anything else (a stack overflow, a TypeError) is our bug.
    const refused = ProxyError.isInstance(err) && err.status < 500;
    return refused ? failure(toProxyError(err), 'client') : proxyBug(err);
  } finally {
    deadline.release(handedOn);
    if (!handedOn) dog.stop();
  }
}

type Built =
  | { target: ReturnType<typeof upstreamTarget>; body: string | Buffer; tr?: Translation; tctx: TranslateContext }
  | { local: unknown };

function buildRequest(call: ClientCall, cand: Candidate, trace: RequestTrace, inlineImages?: TranslateContext['inlineImages']): Built {
  const structured = structuredPlan(call, cand);
  const passthrough = cand.wire === call.dialect && !structured.translate && !needsReasoningRepair(call, cand);
  const tctx: TranslateContext = {
    clientModel: call.clientModel,
    upstreamModel: cand.upstreamModel,
    stream: call.stream,
    geminiSse: call.geminiSse,
    includeUsage: call.dialect === 'openai-chat' && includeUsageOf(call.body),
    ...carryContext(call, cand),
    structuredOutputs: structured.mode,
    inlineImages,
  };
  // Passthrough: foreign signatures go (see passthroughBody); translated bodies keep theirs: the
  // codecs admit only the target's own origin (reasoning-carry.ts).
  const base = passthrough ? passthroughBody(call, cand) : call.body;
  // Structured output moved to the field this account's vendor takes (same schema).
  const clientBody = structured.adapted ? (adaptAnthropicFormat(base, structured.mode!) ?? base) : base;
  let tr: Translation | undefined;
  let body: string | Buffer;
  let upstreamJson: Record<string, unknown> | undefined = structured.adapted ? clientBody : undefined;
  if (passthrough && clientBody === call.body) {
    // Gemini carries the model in the URL: its body goes out byte for byte.
    body = call.dialect === 'gemini' ? call.raw : rewriteModel(call.raw, call.body, cand.upstreamModel);
  } else if (passthrough) {
    body = JSON.stringify(call.dialect === 'gemini' ? clientBody : { ...clientBody, model: cand.upstreamModel });
  } else if (call.action === 'count_tokens') {
    const up = countTokensRequest(call.dialect, cand.wire, clientBody, cand.upstreamModel);
    if (up === null) {
      // No count endpoint on this wire (OpenAI): the model's BPE, else a documented estimate, never a constant.
      const n = countTokensLocal(call.dialect, clientBody, cand.upstreamModel);
      trace.notes.push(n.estimated ? `count_tokens estimated locally (${cand.wire} has no count endpoint)` : `count_tokens counted locally with ${n.method} (${cand.wire} has no count endpoint)`);
      return { local: countTokensBody(call.dialect, n.tokens) };
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
 * The client's abort or the total deadline (none for a stream), or the stall watchdog's
 * verdict, whichever comes first (the reason says which).
 * A plain controller and timer: AbortSignal.any/timeout cost ~3 % of a small request's CPU.
 */
function deadlineSignal(client: AbortSignal, ms: number | undefined): { signal: AbortSignal; abort(reason: unknown): void; release(keepClientLink: boolean): void } {
  const ac = new AbortController();
  const timer = ms === undefined ? undefined : setTimeout(() => ac.abort(new DOMException('The operation timed out.', 'TimeoutError')), ms);
  const onClient = () => ac.abort(client.reason);
  if (client.aborted) onClient();
  else client.addEventListener('abort', onClient, { once: true });
  return {
    signal: ac.signal,
    abort: (reason) => ac.abort(reason),
    release(keepClientLink) {
      clearTimeout(timer);
      // A stream handed on still aborts its upstream when the client leaves.
      if (!keepClientLink) client.removeEventListener('abort', onClient);
    },
  };
}

/** The total deadline of a non-stream request ran out (not the client going away). */
function deadlineError(err: unknown, svc: DispatchServices, answering: boolean): ProxyError {
  // The stall watchdog's verdict says which limit it was.
  if (isStall(err)) return toProxyError(err);
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

/** A non-stream upstream answer (or error body) may be this large (issue 15 item 7). */
export const MAX_UPSTREAM_BODY_BYTES = 64 * 1024 * 1024;

/** Waits a little past the stall watchdog before undici's own body timeout (a backstop only). */
const BACKSTOP_MS = 5_000;

/**
 * The whole body as bytes (decoded once by the caller). `deadline` cuts a body that never ends;
 * the watchdog is fed every chunk (the first one ends the first-byte wait). Over the size limit
 * the upstream request is aborted and the answer is a 502; a connection lost mid-body is a
 * retryable 502 (nothing reached the client yet), never an internal error.
 */
async function readBody(res: UpstreamResponse, o: { deadline: AbortSignal; dog: StallWatchdog; label: string }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const onAbort = () => res.body.destroy(o.deadline.reason);
  o.deadline.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const c of res.body) {
      o.dog.touch();
      o.dog.content();
      size += (c as Buffer).length;
      if (size > MAX_UPSTREAM_BODY_BYTES) {
        res.body.destroy();
        throw new ProxyError('bad_gateway', `Upstream ${o.label} answered with more than ${MAX_UPSTREAM_BODY_BYTES / 1024 / 1024} MiB; the upstream request was aborted.`, { retryable: false });
      }
      chunks.push(c as Buffer);
    }
  } catch (err) {
    if (o.dog.fired) throw o.dog.fired;
    if (ProxyError.isInstance(err) || o.deadline.aborted) throw err;
    const e = err as { code?: string; cause?: { code?: string } };
    throw new ProxyError('bad_gateway', `Upstream ${o.label} connection failed mid-answer (${e?.code ?? e?.cause?.code ?? 'connection lost'}).`, { retryable: true, cause: err });
  } finally {
    o.deadline.removeEventListener('abort', onAbort);
  }
  return Buffer.concat(chunks);
}
