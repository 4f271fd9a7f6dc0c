import type { Context, Next } from 'koa';
import bodyParser from 'koa-bodyparser';
import { ProxyError } from '../errors';

/** DESIGN §2: at least 100 MiB (Claude Code sends multi-megabyte bodies). */
export const BODY_LIMIT = '100mb';

/**
 * JSON bodies are parsed exactly once; the raw text is kept for passthrough. Any POST body is
 * read as JSON whatever its content type (clients differ), gzip/deflate are inflated.
 */
export function body() {
  const parse = bodyParser({
    enableTypes: ['json'],
    jsonLimit: BODY_LIMIT,
    strict: true,
    detectJSON: (ctx) => ctx.method === 'POST',
  });
  return async function bodyMiddleware(ctx: Context, next: Next): Promise<void> {
    if (ctx.method !== 'POST') return next();
    try {
      await parse(ctx, async () => {});
    } catch (err) {
      throw bodyError(err);
    }
    await next();
  };
}

function bodyError(err: unknown): ProxyError {
  const e = err as { status?: number; type?: string; code?: string; message?: string };
  if (e.status === 413 || e.type === 'entity.too.large') {
    return new ProxyError('request_too_large', `Request body is larger than the proxy's limit of ${BODY_LIMIT}.`, { cause: err });
  }
  if (e.status === 415 || e.type === 'encoding.unsupported') {
    return new ProxyError('invalid_request', 'Unsupported Content-Encoding: send identity, gzip or deflate.', { status: 415, cause: err });
  }
  if (e instanceof SyntaxError || e.status === 400) {
    const detail = e.message && e.message.length < 200 ? `: ${e.message}` : '';
    return new ProxyError('invalid_request', `Malformed JSON in request body${detail}.`, { cause: err });
  }
  if (e.type === 'request.aborted') return new ProxyError('invalid_request', 'Request body was not received completely.', { cause: err });
  if (typeof e.code === 'string' && e.code.startsWith('Z_')) {
    return new ProxyError('invalid_request', 'Compressed request body could not be decompressed.', { cause: err });
  }
  return new ProxyError('invalid_request', 'Request body could not be read.', { cause: err });
}
