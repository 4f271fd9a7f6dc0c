import type { ServerResponse } from 'node:http';
import type { VendorErrorResponse } from './wire/errors';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A JSON response with content-length, as every vendor sends its non-streamed answers. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Sends a vendor error (see wire/errors.ts) with its headers. */
export function sendError(res: ServerResponse, e: VendorErrorResponse, headers: Record<string, string> = {}): void {
  json(res, e.status, e.body, { ...e.headers, ...headers });
}

/**
 * Writes frames one `write` each (so the reader sees realistic chunking), `delayMs` apart
 * (fractions allowed; 0 = back to back in one tick). Stops quietly when the reader went away.
 * `end: false` leaves the response open (a stalled stream).
 */
export function writeFrames(res: ServerResponse, frames: Iterable<string>, delayMs = 0, end = true): Promise<void> {
  const it = frames[Symbol.iterator]();
  if (!(delayMs > 0)) {
    for (let r = it.next(); !r.done; r = it.next()) {
      if (res.destroyed) return Promise.resolve();
      res.write(r.value);
    }
    if (end) res.end();
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    const step = () => {
      if (res.destroyed) return resolve();
      const r = it.next();
      if (r.done) {
        if (end) res.end();
        return resolve();
      }
      res.write(r.value);
      setTimeout(step, delayMs);
    };
    step();
  });
}

/** A 200 event stream of already formatted SSE frames. */
export async function sseFrames(res: ServerResponse, frames: string[], delayMs = 0, end = true, headers: Record<string, string> = {}): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  await writeFrames(res, frames, delayMs, end);
}

/** A connection reset: the socket dies without a (further) byte. */
export function reset(res: ServerResponse): void {
  res.socket?.destroy();
}
