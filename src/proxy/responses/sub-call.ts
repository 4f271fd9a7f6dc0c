import type { ServerResponse } from 'node:http';
import { ProxyError } from '../../core/errors';
import type { ClientCall, DispatchServices } from '../dispatch/client-call';
import { dispatch } from '../dispatch/dispatch';
import type { Exchange, RoutedExchange } from '../exchange';

/**
 * Serves a request the proxy makes for itself (a compaction's summary) through the normal
 * dispatcher — routing, failover, translation, monitor attempts on the client's record — and
 * returns the JSON answer instead of writing it to the client. Only whole (non-stream) calls:
 * the dispatcher then writes exactly one `writeHead` + `end`, which this sink keeps.
 */
export async function subCall(ex: Exchange, call: ClientCall, svc: DispatchServices): Promise<unknown> {
  if (call.stream) throw new ProxyError('api_error', 'An internal call cannot stream.');
  const sink = jsonSink();
  const sub: RoutedExchange = { ...ex, res: sink.res, call };
  // The client has not been answered yet: its time to first byte is the real answer's.
  const ttfb = ex.trace.ttfbMs;
  try {
    await dispatch(sub, svc);
  } finally {
    ex.trace.ttfbMs = ttfb;
    ex.trace.responseBytes = 0;
  }
  const text = sink.text();
  if (text === undefined) throw new ProxyError('bad_gateway', 'The upstream gave no answer.', { retryable: false });
  try {
    return JSON.parse(text);
  } catch {
    throw new ProxyError('bad_gateway', 'Upstream answered with invalid JSON.', { retryable: false });
  }
}

function jsonSink(): { res: ServerResponse; text(): string | undefined } {
  const chunks: Buffer[] = [];
  let ended = false;
  const add = (c: unknown) => {
    if (typeof c === 'string') chunks.push(Buffer.from(c));
    else if (c instanceof Uint8Array) chunks.push(Buffer.from(c));
  };
  const res = {
    statusCode: 200,
    headersSent: false,
    writableFinished: false,
    writeHead(status: number) {
      res.statusCode = status;
      res.headersSent = true;
      return res;
    },
    setHeader() {
      return res;
    },
    getHeader() {
      return undefined;
    },
    write(c: unknown) {
      add(c);
      return true;
    },
    end(c?: unknown) {
      add(c);
      ended = true;
      res.writableFinished = true;
      return res;
    },
    on() {
      return res;
    },
    once() {
      return res;
    },
  };
  return { res: res as unknown as ServerResponse, text: () => (ended ? Buffer.concat(chunks).toString('utf8') : undefined) };
}
