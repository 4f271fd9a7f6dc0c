import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, errorHeaders, ProxyError } from '../core/errors';
import type { Exchange } from './exchange';
import { dialectOfPath } from './routes/route-table';
import { ByteTail } from './stream/byte-tail';

/** Default of `proxy.drainTimeoutSeconds`: how long a stop lets in-flight requests finish. */
export const DRAIN_TIMEOUT_SECONDS = 10;

/** Seconds a client refused during a stop is told to wait (the proxy may be restarting). */
const STOPPING_RETRY_SECONDS = 5;

function stoppingError(): ProxyError {
  return new ProxyError('unavailable', 'The proxy is shutting down; retry shortly.', { status: 503, retryable: true, retryAfterSeconds: STOPPING_RETRY_SECONDS });
}

/**
 * The requests in flight and what a graceful stop does with them (SIGTERM, Stop Proxy):
 * the listener stops accepting, in-flight requests may finish for the drain timeout, then
 * every open stream ends with an error event in its dialect (after its last whole event) and
 * every request still without an answer gets a 503. A request arriving on a kept-alive
 * connection meanwhile is refused with a 503 and `Connection: close`.
 */
export class InFlight {
  private readonly open = new Set<Exchange>();
  /** The last chunk written to each response: where an error event may go (see StreamFraming.atBoundary). */
  private readonly tails = new WeakMap<ServerResponse, ByteTail>();
  private idle: (() => void) | undefined;
  draining = false;

  get size(): number {
    return this.open.size;
  }

  add(ex: Exchange): void {
    this.open.add(ex);
    const res = ex.res;
    const write = res.write;
    const tail = new ByteTail();
    this.tails.set(res, tail);
    // The last bytes, as the stream pump tracks them (lazily: a reference per chunk, no string).
    res.write = function tailWrite(this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      if (typeof chunk === 'string' || chunk instanceof Uint8Array) tail.push(chunk);
      return (write as (...a: unknown[]) => boolean).call(res, chunk, ...rest);
    } as ServerResponse['write'];
  }

  delete(ex: Exchange): void {
    this.open.delete(ex);
    if (this.open.size === 0) this.idle?.();
  }

  /** Resolves when nothing is in flight, or after `ms`. */
  settle(ms: number): Promise<void> {
    if (this.open.size === 0 || ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.idle = () => {
        this.idle = undefined;
        done();
      };
    });
  }

  /** The drain time is over: streams end with an error event, unanswered requests get a 503. */
  endAll(): void {
    for (const ex of this.open) {
      const res = ex.res;
      if (res.writableEnded || res.destroyed) continue;
      const err = stoppingError();
      try {
        if (res.headersSent) {
          const framing = ex.streamFraming;
          if (!framing) {
            res.destroy();
            continue;
          }
          const tail = this.tails.get(res)?.get() ?? '';
          // The pump may still write what arrives before the abort lands: ignored after the end.
          res.on('error', () => {});
          ex.streamError = err;
          res.end((framing.atBoundary(tail) ? '' : '\n\n') + framing.error(err, tail));
        } else {
          ex.error = err;
          writeStopping(res, ex.errorDialect ?? dialectOfPath(ex.path || '/', ex.headers));
        }
      } catch {
        res.destroy();
      }
      // The upstream call (or stream) stops now; the dispatcher sees a client that left.
      ex.abandon(err);
    }
  }
}

function writeStopping(res: ServerResponse, dialect: ReturnType<typeof dialectOfPath>): void {
  const err = stoppingError();
  const text = JSON.stringify(errorBody(dialect, err));
  res.writeHead(err.status, {
    ...errorHeaders(err),
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    connection: 'close',
  });
  res.end(text);
}

/** A request that arrived while the proxy stops (on a kept-alive connection): 503 in its dialect, connection closed. */
export function refuseStopping(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0] || '/';
  writeStopping(res, dialectOfPath(path, req.headers));
  // Its body is not read: the connection closes once the answer is out.
  req.resume();
}
