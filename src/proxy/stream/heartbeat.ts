import type { ServerResponse } from 'node:http';
import type { StreamFraming } from './stream-framing';

export interface Heartbeat {
  stop(): void;
}

/**
 * While a streaming request still waits for an upstream to answer (a thinking model can take
 * longer than a client's silence limit), commit the 200 + stream headers after one interval
 * (through `commit`, the one function that does) and send keep-alives. Keep-alives carry no
 * content, so failover to another account stays possible until the first content byte.
 */
export function startHeartbeat(res: ServerResponse, commit: () => StreamFraming, intervalMs: number): Heartbeat {
  const timer = setInterval(() => {
    if (res.writableEnded || res.destroyed) return;
    res.write(commit().keepAlive);
  }, intervalMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
