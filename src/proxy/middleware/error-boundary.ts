import type { Context, Next } from 'koa';
import type { ErrorDialect } from '../../core/dialect';
import { dialectOfPath } from '../routes/route-table';
import { errorBody, errorHeaders, ProxyError, toProxyError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { exchangeOf } from '../exchange';
import { wasLogged } from '../dispatch/outcome';
import { verbatimOf } from '../dispatch/vendor-verbatim';

/**
 * First in the chain: every failure becomes a body in the caller's dialect with the right
 * status; never a stack trace. Once a stream has begun, the stream pump reports errors as
 * events and this only logs.
 */
export function errorBoundary(logger: Logger) {
  return async function errorBoundaryMiddleware(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (err) {
      const e = toProxyError(err);
      // Only something that is not a ProxyError is a bug worth our stack; an upstream's 5xx is
      // the vendor's and is logged without one (the dispatcher already logged what it recorded).
      if (e.status >= 500 && !wasLogged(e) && !ProxyError.isInstance(err)) logger.error(`${ctx.method} ${ctx.path}: ${(err as Error)?.stack ?? err}`);
      else if (e.status >= 500 && !wasLogged(e)) logger.warn(`${ctx.method} ${ctx.path} → ${e.status} ${e.message}`);
      else logger.debug(`${ctx.method} ${ctx.path} → ${e.status} ${e.message}`);
      const ex = exchangeOf(ctx);
      ex.error = e;
      if (ctx.headerSent) {
        // A committed stream (heartbeat or content) ends with an error event in its dialect.
        const framing = ex.streamFraming;
        if (framing && !ctx.res.writableEnded && !ctx.res.destroyed) ctx.res.end(framing.error(e, ''));
        return;
      }
      if (!ctx.writable) return;
      // Never throws itself: an odd path (empty, only slashes) still gets a JSON error.
      const dialect: ErrorDialect = ex.errorDialect ?? dialectOfPath(ctx.path || '/', ctx.headers);
      ctx.status = e.status;
      // Refused before its body arrived (401, 403, 404, 405): do not wait for the rest of it.
      if (!ctx.req.complete) ctx.set('connection', 'close');
      // Retry-After on every 429 / 503, clamped (core/errors.ts: the one rule for all dialects).
      ctx.set(errorHeaders(e));
      ctx.type = 'application/json';
      // An Anthropic vendor's own error for an Anthropic client: its words and retry advice, unchanged.
      const verbatim = dialect === 'anthropic' ? verbatimOf(e) : undefined;
      if (verbatim) ctx.set(verbatim.headers);
      ctx.body = verbatim ? verbatim.body : errorBody(dialect, e);
    }
  };
}
