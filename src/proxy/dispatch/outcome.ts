import type { Readable } from 'node:stream';
import { ProxyError } from '../../core/errors';
import type { ByteScrubber } from '../../core/redactor';
import type { TranslateContext, Translation } from '../../translate';
import type { IrStreamEvent } from '../../translate/ir';

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
 * Whose fault a failure is: the client's (it went away: not reported to the pool), the
 * vendor's (an upstream status, error event, connection or deadline: the pool learns from it),
 * or the proxy's own (a bug or a translation that cannot be done; reported like a vendor's so
 * a broken route rotates).
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

/** A 499 (the client closed the connection) is always the client's doing, whoever noticed it. */
export function failure(error: ProxyError, fault: Fault, upstream?: Failure['upstream']): Failure {
  return { kind: 'failure', error, fault: error.status === 499 ? 'client' : fault, status: error.status, retryable: error.retryable, upstream };
}

/** The client closed the connection before an answer (nginx's 499). */
export function clientGone(): Failure {
  return failure(new ProxyError('api_error', 'Client closed the connection.', { status: 499, retryable: false }), 'client');
}
