import type { Context } from 'koa';
import type { StreamFraming } from './stream-framing';

export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

export interface Heartbeat {
  stop(): void;
}

/**
 * While a streaming request still waits for an upstream to answer (a thinking model can take
 * longer than a client's silence limit), commit the 200 + stream headers after one interval
 * and send keep-alives. Keep-alives carry no content, so failover to another account stays
 * possible until the first content byte.
 */
export function startHeartbeat(ctx: Context, framing: StreamFraming, headers: Record<string, string>, intervalMs: number): Heartbeat {
  const res = ctx.res;
  const timer = setInterval(() => {
    if (res.writableEnded || res.destroyed) return;
    if (!res.headersSent) {
      ctx.respond = false;
      const all: Record<string, string> = { ...headers };
      for (const [k, v] of Object.entries(ctx.response.headers)) if (typeof v === 'string') all[k] ??= v;
      res.writeHead(200, all);
      ctx.state.streamFraming = framing;
    }
    res.write(framing.keepAlive);
  }, intervalMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
