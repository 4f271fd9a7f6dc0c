import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'koa';
import type { ErrorDialect } from '../core/dialect';
import type { ProxyError } from '../core/errors';
import type { ClientCall, RequestTrace } from './dispatch/client-call';
import type { StreamFraming } from './stream/stream-framing';

/**
 * One request as everything below the route sees it: the facts of the request, where the
 * answer goes (the node response), the client's abort signal and the typed state the
 * middleware chain and the dispatcher share. No Koa below the route: the dispatcher and the
 * stream code get this, never `ctx`.
 */
export interface Exchange {
  readonly method: string;
  /** The path as received (before path forgiveness). */
  readonly path: string;
  /** Path and query as received (for the monitor). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly clientAddress: string | undefined;
  /** Epoch ms at which the request arrived. */
  readonly startedAt: number;
  /** Where the answer is written (streams, and whole answers sent by the dispatcher). */
  readonly res: ServerResponse;
  /** Aborted when the client goes away before its answer was written completely (or by `abandon`). */
  readonly signal: AbortSignal;
  /** Aborts the upstream work of this request (a graceful stop whose drain time ran out). */
  abandon(reason?: unknown): void;
  readonly trace: RequestTrace;
  /** The decoded call, once a route took the request. */
  call?: ClientCall;
  /** The body exactly as received (after content decoding). */
  rawBody?: Buffer;
  /** The dialect errors are written in, when the path alone does not tell it. */
  errorDialect?: ErrorDialect;
  /** Set when a stream's headers were committed: how an error is told from then on. */
  streamFraming?: StreamFraming;
  /** The error a committed stream ended with (told to the client as an event). */
  streamError?: ProxyError;
  /** The error the request failed with (told to the client as an error body). */
  error?: ProxyError;
  /**
   * The input is too long for the client's model and `contextWindowFallbacks` named a model
   * whose window fits (context-window.ts): the route chain starts there instead.
   */
  windowModel?: string;
}

/** An exchange a route has decoded: what the dispatcher serves. */
export type RoutedExchange = Exchange & { readonly call: ClientCall };

export function createExchange(req: IncomingMessage, res: ServerResponse, facts: { path: string; url: string; startedAt: number; trace: RequestTrace }): Exchange {
  const abort = new AbortController();
  const ex: Exchange = {
    method: req.method ?? 'GET',
    path: facts.path,
    url: facts.url,
    headers: req.headers,
    clientAddress: req.socket.remoteAddress,
    startedAt: facts.startedAt,
    res,
    signal: abort.signal,
    trace: facts.trace,
    abandon: (reason) => abort.abort(reason),
  };
  const onClose = () => {
    if (res.writableFinished || abort.signal.aborted) return;
    // Only a routed call has an answer the client can abandon (recorded as 499).
    if (ex.trace.call) ex.trace.aborted = true;
    abort.abort();
  };
  // Not the request's 'close': that fires once its body has been read, abandoned or not.
  res.once('close', onClose);
  return ex;
}

/** The same exchange (never a copy: the chain reads what the dispatcher sets), now with its call. */
export function routed(ex: Exchange, call: ClientCall): RoutedExchange {
  ex.call = call;
  return ex as RoutedExchange;
}

const KEY = 'exchange';

/** The one typed accessor for what the Koa chain passes along. */
export function exchangeOf(ctx: Context): Exchange {
  return (ctx.state as Record<string, Exchange>)[KEY]!;
}

export function attachExchange(ctx: Context, ex: Exchange): void {
  (ctx.state as Record<string, Exchange>)[KEY] = ex;
}
