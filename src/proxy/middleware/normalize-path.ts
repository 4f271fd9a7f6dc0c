import type { Context, Next } from 'koa';
import type { Logger } from '../../core/logger';
import { canonicalPath, dialectOfPath } from '../routes/route-table';
import { exchangeOf } from '../exchange';

/** Rewrites forgiven paths to their canonical route (logging a one-time hint) and fixes the error dialect. */
export function normalizePath(logger: Logger) {
  const step = normalizePathStep(logger);
  return async function normalizePathMiddleware(ctx: Context, next: Next): Promise<void> {
    step(ctx);
    await next();
  };
}

/** normalizePath as one synchronous step (the app's gate). */
export function normalizePathStep(logger: Logger): (ctx: Context) => void {
  const hinted = new Set<string>();
  return function normalizePathStep_(ctx: Context): void {
    // Koa's path is null for request targets that are no path (`*`, absolute-form): treat as `/`.
    const path = ctx.path || '/';
    const canonical = canonicalPath(path);
    if (canonical !== path) {
      const key = `${path}→${canonical}`;
      if (!hinted.has(key) && hinted.size < 100) {
        hinted.add(key);
        logger.info(`Served ${path} as ${canonical}. Hint: point this client at the base URL that makes it call ${canonical} directly.`);
      }
      ctx.path = canonical;
    }
    exchangeOf(ctx).errorDialect = dialectOfPath(ctx.path, ctx.headers);
  };
}
