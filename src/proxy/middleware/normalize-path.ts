import type { Context, Next } from 'koa';
import type { Logger } from '../../core/logger';
import { canonicalPath, dialectOfPath } from '../routes/route-table';
import { exchangeOf } from '../exchange';

/** Rewrites forgiven paths to their canonical route (logging a one-time hint) and fixes the error dialect. */
export function normalizePath(logger: Logger) {
  const hinted = new Set<string>();
  return async function normalizePathMiddleware(ctx: Context, next: Next): Promise<void> {
    const canonical = canonicalPath(ctx.path);
    if (canonical !== ctx.path) {
      const key = `${ctx.path}→${canonical}`;
      if (!hinted.has(key) && hinted.size < 100) {
        hinted.add(key);
        logger.info(`Served ${ctx.path} as ${canonical}. Hint: point this client at the base URL that makes it call ${canonical} directly.`);
      }
      ctx.path = canonical;
    }
    exchangeOf(ctx).errorDialect = dialectOfPath(ctx.path, ctx.headers);
    await next();
  };
}
