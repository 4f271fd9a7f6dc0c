import type { ServerResponse } from 'node:http';

/** Safety net: an end held longer than this (a path that waits for 'finish') goes out anyway. */
export const HOLD_END_MAX_MS = 2000;

/**
 * Holds the response's final `end()` until `release()` (write-ahead of the usage journal,
 * issue 14): the dispatcher ends its answer before the Koa chain unwinds to where the
 * request's record is completed and its usage journaled; were the last bytes sent first, a
 * kill in between would leave an answered request uncounted. Everything written before `end`
 * goes out as usual; only the end (a whole JSON answer's body, a stream's terminal chunk)
 * waits — for microseconds: `release` runs as the chain unwinds, in the same turn. A response
 * ended after `release` (Koa's own answers) is not held at all.
 */
export function holdEnd(res: ServerResponse, maxMs = HOLD_END_MAX_MS): () => void {
  const realEnd = res.end;
  let held: Parameters<ServerResponse['end']> | undefined;
  let released = false;
  let timer: NodeJS.Timeout | undefined;
  const release = () => {
    if (released) return;
    released = true;
    clearTimeout(timer);
    res.end = realEnd;
    if (held) realEnd.apply(res, held);
  };
  res.end = function heldEnd(this: ServerResponse, ...args: Parameters<ServerResponse['end']>) {
    if (released) return realEnd.apply(res, args);
    if (!held) {
      held = args;
      timer = setTimeout(release, maxMs);
      timer.unref?.();
    }
    return res;
  } as ServerResponse['end'];
  return release;
}
