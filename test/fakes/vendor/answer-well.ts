import type { ServerResponse } from 'node:http';
import { echoScript, serveVendor, type RecordedRequest } from './serve';

/**
 * A well-behaved vendor of whichever family the request's path belongs to, for a test's own
 * handler: any non-empty key accepted, the body validated, the request's `tok-…` marker echoed
 * in `parts` (default four deltas), streams `delayMs` per frame.
 */
export function answerWell(req: RecordedRequest, res: ServerResponse, parts?: string[], delayMs = 0): Promise<void> {
  return serveVendor({ opts: { script: echoScript(parts), frameDelayMs: delayMs }, generated: 0, injectedFaults: 0 }, req, res);
}
