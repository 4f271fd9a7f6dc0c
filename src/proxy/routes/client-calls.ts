import type { Context } from 'koa';
import type { Dialect } from '../../core/dialect';
import { ProxyError } from '../../core/errors';
import type { ClientCall } from '../dispatch/client-call';
import type { Action } from '../../upstream/client/upstream-request';
import { exchangeOf } from '../exchange';

/** Reads the parsed body as a JSON object, or explains what is wrong. */
function objectBody(ctx: Context): Record<string, unknown> {
  const b = (ctx.request as { body?: unknown }).body;
  if (b === null || typeof b !== 'object' || Array.isArray(b)) {
    throw new ProxyError('invalid_request', 'Request body must be a JSON object.');
  }
  return b as Record<string, unknown>;
}

function rawBody(ctx: Context): Buffer {
  return exchangeOf(ctx).rawBody ?? Buffer.alloc(0);
}

function requireModel(body: Record<string, unknown>): string {
  const m = body.model;
  if (typeof m !== 'string' || m.trim() === '') throw new ProxyError('invalid_request', 'Field "model" is required and must be a non-empty string.', { code: 'missing_model' });
  return m;
}

/** OpenAI chat, Responses and Anthropic carry model and stream flag in the body. */
export function bodyCall(ctx: Context, dialect: Exclude<Dialect, 'gemini'>, action: Action): ClientCall {
  const body = objectBody(ctx);
  const clientModel = requireModel(body);
  if (body.stream !== undefined && typeof body.stream !== 'boolean') throw new ProxyError('invalid_request', 'Field "stream" must be a boolean.');
  return {
    dialect,
    action,
    clientModel,
    stream: action === 'generate' && body.stream === true,
    geminiSse: false,
    body,
    raw: rawBody(ctx),
    headers: ctx.headers,
  };
}

const GEMINI_ACTIONS: Record<string, { action: Action; stream: boolean }> = {
  generateContent: { action: 'generate', stream: false },
  streamGenerateContent: { action: 'generate', stream: true },
  countTokens: { action: 'count_tokens', stream: false },
};

/** Percent-decodes one path segment; a malformed escape is the client's fault (400), never a 500. */
function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new ProxyError('invalid_request', 'Malformed percent-encoding in the model name of the request path.');
  }
}

/**
 * Gemini carries the model and the method in the path: `/v1beta/models/{model}:{method}`.
 * `target` is the raw (still percent-encoded) segment: decoded exactly once, here.
 */
export function geminiCall(ctx: Context, target: string): ClientCall {
  const i = target.lastIndexOf(':');
  const model = decodeSegment(i > 0 ? target.slice(0, i) : target);
  const method = i > 0 ? target.slice(i + 1) : '';
  const spec = GEMINI_ACTIONS[method];
  if (!spec) throw new ProxyError('not_found', `Unknown Gemini method "${method}": use generateContent, streamGenerateContent or countTokens.`);
  let body = objectBody(ctx);
  // google-generativeai wraps countTokens as {generateContentRequest: {...}}: the codecs read the
  // inner request, while a passthrough forwards the raw bytes as the client sent them.
  if (spec.action === 'count_tokens' && body.generateContentRequest && typeof body.generateContentRequest === 'object') {
    body = body.generateContentRequest as Record<string, unknown>;
  }
  const raw = rawBody(ctx);
  return {
    dialect: 'gemini',
    action: spec.action,
    clientModel: model.replace(/^models\//, ''),
    stream: spec.stream,
    geminiSse: ctx.query.alt === 'sse',
    body,
    raw,
    headers: ctx.headers,
  };
}
