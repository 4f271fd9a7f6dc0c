import type { ServerResponse } from 'node:http';
import { reset, sleep, writeFrames } from './http';
import type { Wire } from './wire/index';

/**
 * Fault modes of a misbehaving vendor around its stream (issue 14), as the real wire carries
 * them: what reaches the socket, and when it dies or goes quiet.
 */

/**
 * A vendor's keep-alive during a stream: Anthropic's `ping` event; the OpenAI-compatible gateways
 * and Google send SSE comments (Google's lines end with CRLF).
 */
export function pingFrame(wire: Wire): string {
  if (wire === 'anthropic') return 'event: ping\ndata: {"type": "ping"}\n\n';
  return wire === 'gemini' ? ': ping\r\n\r\n' : ': ping\n\n';
}

/** 200 stream headers on the wire, then the socket dies before the first event. */
export async function resetAfterHeaders(res: ServerResponse): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  await sleep(20);
  reset(res);
}

/** 200 stream headers, then silence with the connection open (until the reader goes away). */
export function silentAfterHeaders(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
}

/** A 200 JSON answer (with its content-length) whose body dies halfway. */
export async function resetMidBody(res: ServerResponse, body: unknown): Promise<void> {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': text.length });
  res.write(text.subarray(0, text.length >> 1));
  await sleep(20);
  reset(res);
}

/**
 * A 200 stream: `frames.slice(0, afterFrames)`, then only vendor pings every `everyMs` for `forMs`
 * (forever when undefined), then the remaining frames.
 */
export async function pingOnly(res: ServerResponse, wire: Wire, frames: string[], o: { everyMs: number; forMs?: number; afterFrames?: number }): Promise<void> {
  const at = o.afterFrames ?? 0;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  await writeFrames(res, frames.slice(0, at), 0, false);
  const until = o.forMs === undefined ? Infinity : Date.now() + o.forMs;
  while (!res.destroyed && Date.now() < until) {
    await sleep(o.everyMs);
    if (!res.destroyed) res.write(pingFrame(wire));
  }
  await writeFrames(res, frames.slice(at));
}
