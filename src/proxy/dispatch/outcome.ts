import type { Readable } from 'node:stream';
import { ProxyError } from '../../core/errors';
import type { ByteScrubber } from '../../core/redactor';
import type { TranslateContext, Translation } from '../../translate';
import type { IrStreamEvent } from '../../translate/ir';
import { classifyFailure } from '../../upstream/failure-class';

/**
 * What one attempt yields: an Answer the respond step can hand to the client, or a Failure
 * the loop may fail over from. The send step never throws: everything it learns is one of these.
 */
export type Outcome = Answer | Failure;

export type Answer = JsonAnswer | ByteStreamAnswer | IrStreamAnswer;

/** A whole JSON answer (text as the upstream sent it, or built here). */
export interface JsonAnswer {
  kind: 'json';
  text: string;
  /** Re-encodes the upstream's JSON for the client (a translation), else the text goes as is. */
  translate?: { tr: Translation; tctx: TranslateContext };
  /** The upstream's response headers (rate-limit info is forwarded on a passthrough). */
  headers?: Headers;
}

/** Upstream bytes ready for the client (a passthrough, or translated by a byte stage). */
export interface ByteStreamAnswer {
  kind: 'byte-stream';
  /** Paused: the pump resumes it once it listens. */
  source: Readable;
  headers: Headers;
  /** Passthrough: false when the upstream ended without its final event. */
  complete?: () => boolean;
  scrub?: ByteScrubber;
  /** The send step's stall watchdog ends the stream when the upstream goes silent (idleness on upstream bytes, not on ours). */
  stallWatched?: boolean;
}

/** IR events from an in-process provider; the respond step encodes them in the client's dialect. */
export interface IrStreamAnswer {
  kind: 'ir-stream';
  events: AsyncIterable<IrStreamEvent>;
  /** The model named in a whole (non-stream) answer. */
  model: string;
}

/**
 * Whose fault a failure is (issue 14):
 *  - `client`: the client went away (499: nobody to answer), or its request was refused — our
 *    translation refused it, or the vendor answered a 400-class "bad request". Answered in the
 *    client's dialect, never rotated, never reported to the pool.
 *  - `proxy`: our own bug (an exception while building the upstream request). Answered 500
 *    once, never rotated, never reported to the pool, logged with its stack.
 *  - `vendor`: an upstream status, error event, connection failure or deadline: the pool learns
 *    from it (failure-class.ts decides whether it cools, blocks a model or disables).
 */
export type Fault = 'client' | 'proxy' | 'vendor';

export interface Failure {
  kind: 'failure';
  error: ProxyError;
  fault: Fault;
  status: number;
  /** Another account may still answer (nothing but keep-alives reached the client). */
  retryable: boolean;
  /** What the upstream said, for the pool's cooldown hints. */
  upstream?: { headers: Headers; body?: string };
}

/**
 * A 499 (the client closed the connection) is always the client's doing, whoever noticed it.
 * A vendor's answer is judged by what it says (failure-class.ts): a plain 400-class refusal of
 * the request is the client's fault; a 403 / 404 that blocks this model on this account rotates
 * to the next account (it is cooled for that model).
 */
export function failure(error: ProxyError, fault: Fault, upstream?: Failure['upstream']): Failure {
  let blame = error.status === 499 ? 'client' : fault;
  let retryable = error.retryable;
  if (blame === 'vendor' && upstream) {
    const cls = classifyFailure(error, upstream.body);
    if (cls === 'request' && error.status < 500) blame = 'client';
    else if (cls === 'model' || cls === 'auth') retryable = true;
  }
  if (blame === 'proxy') retryable = false;
  return { kind: 'failure', error, fault: blame, status: error.status, retryable, upstream };
}

/** Our own bug while preparing an attempt: a 500 for the client, the cause kept for the log's stack. */
export function proxyBug(err: unknown): Failure {
  return failure(new ProxyError('api_error', 'Internal proxy error.', { status: 500, retryable: false, cause: err }), 'proxy');
}

/** A programming error of ours (not an I/O failure, which carries a code or is a ProxyError). */
export function isBug(err: unknown): boolean {
  return (err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError) && (err as { code?: unknown }).code === undefined;
}

/**
 * The upstream's connection failed after the call went out (a reset mid-body, a socket error):
 * the vendor's 502 — not our "Internal proxy error" 500. `mapped` is what toProxyError made of
 * it; a ProxyError (a deadline, a network error already named) is kept as it is.
 */
export function connectionLost(mapped: ProxyError, err: unknown, label: string): ProxyError {
  if (ProxyError.isInstance(err) || mapped.kind !== 'api_error' || mapped.status !== 500) return mapped;
  const code = (err as { code?: unknown })?.code;
  const why = typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? ` (${code})` : '';
  return new ProxyError('bad_gateway', `Upstream ${label} closed the connection before its answer was complete${why}.`, { retryable: true, cause: err });
}

/** The client closed the connection before an answer (nginx's 499). */
export function clientGone(): Failure {
  return failure(new ProxyError('api_error', 'Client closed the connection.', { status: 499, retryable: false }), 'client');
}

/** The client went away (nobody to answer), as opposed to a request it must be told was refused. */
export function isGone(f: Failure): boolean {
  return f.status === 499;
}

/**
 * Errors the dispatcher has already logged (record.ts: vendor failures at warn without our
 * stack, proxy bugs at error with theirs), so the error boundary does not log them again.
 */
const logged = new WeakSet<object>();

export function markLogged(error: ProxyError): void {
  logged.add(error);
}

export function wasLogged(error: unknown): boolean {
  return typeof error === 'object' && error !== null && logged.has(error);
}
