import type Router from '@koa/router';
import type { Context } from 'koa';

/** Client telemetry is accepted and dropped (routes/index.ts): its body is never read. */
const DROPPED_BODIES = new Set(['/v1/api/event_logging/batch']);

/**
 * Whether this request reaches a route that consumes a body. Decided from the router itself
 * before anything is read, so a POST to a GET-only path (`/healthz`: 405) or an unknown path
 * (404) is answered without inflating or parsing a byte of what the client sent.
 */
export function routeTakesBody(router: Router): (ctx: Context) => boolean {
  return (ctx) => ctx.method === 'POST' && !DROPPED_BODIES.has(ctx.path) && router.match(ctx.path, ctx.method).route;
}
