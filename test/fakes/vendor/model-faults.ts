import type { ServerResponse } from 'node:http';
import { answerError, answerWell } from './answer-well';
import type { RecordedRequest } from './serve';
import type { Handler } from './server';
import type { ErrorOptions } from './wire/errors';

/** How the vendor refuses one model (status and message in the vendor's own error shape). */
export interface ModelRefusal extends ErrorOptions {
  status: number;
  message: string;
}

/** The model a request names: in the path for Gemini, in the body for the others. */
export function modelOf(req: RecordedRequest): string | undefined {
  const m = /^\/v1beta\/models\/([^/:]+):/.exec(req.path);
  if (m) return decodeURIComponent(m[1]!);
  return typeof req.json?.model === 'string' ? req.json.model : undefined;
}

/**
 * A vendor that refuses some models on this key (a per-model 403 / 404: the project has no
 * access to that model) and answers every other request well — the account itself is alive.
 */
export function refuseModels(refusals: Record<string, ModelRefusal>): Handler {
  return (req: RecordedRequest, res: ServerResponse) => {
    const model = modelOf(req);
    const r = model === undefined ? undefined : refusals[model];
    if (!r || req.method !== 'POST') return answerWell(req, res);
    const { status, message, ...hints } = r;
    answerError(req, res, status, message, hints);
  };
}
