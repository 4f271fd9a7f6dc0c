import type { ServerResponse } from 'node:http';
import { sendError } from './http';
import { echoScript, serveVendor, type RecordedRequest } from './serve';
import { vendorError, type ErrorOptions } from './wire/errors';
import { kindOfWire, wireOf } from './wire/index';

/**
 * A well-behaved vendor of whichever family the request's path belongs to, for a test's own
 * handler: any non-empty key accepted, the body validated, the request's `tok-…` marker echoed
 * in `parts` (default four deltas), streams `delayMs` per frame.
 */
export function answerWell(req: RecordedRequest, res: ServerResponse, parts?: string[], delayMs = 0): Promise<void> {
  return serveVendor({ opts: { script: echoScript(parts), frameDelayMs: delayMs }, generated: 0, injectedFaults: 0 }, req, res);
}

/** Refuses a request the way the vendor its path belongs to would: status, body shape, retry hints. */
export function answerError(req: RecordedRequest, res: ServerResponse, status: number, message: string, o: ErrorOptions = {}): void {
  sendError(res, vendorError(kindOfWire(wireOf(req.path)), status, message, o));
}
