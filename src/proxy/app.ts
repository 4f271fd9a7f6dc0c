import Koa from 'koa';
import type { Context, Next } from 'koa';
import { effectiveAuthMode, type ProxyConfig } from '../core/config';
import { auth } from './middleware/auth';
import { BODY_LIMIT_BYTES, body } from './middleware/body';
import { browserGuard } from './middleware/browser-guard';
import { errorBoundary } from './middleware/error-boundary';
import { normalizePath } from './middleware/normalize-path';
import { routeTakesBody } from './middleware/takes-body';
import { createRouter, newTrace, notFound } from './routes';
import type { DispatchServices } from './dispatch/client-call';
import type { RecordBuilder } from '../monitor/types';
import { attachExchange, createExchange, exchangeOf, type Exchange } from './exchange';
import { proveIdentityMiddleware } from './middleware/prove-identity';
import type { Reply } from './monitor-hooks';
import { INSTANCE_HEADER, SERVICE_HEADER } from './server-types';
import { type Logger } from '../core/logger';
import { NOOP_BUILDER } from '../monitor';

export interface AppOptions {
  config(): ProxyConfig;
  /** Whether the listening socket is reachable from the LAN (0.0.0.0): what the guards follow, not the desired setting. */
  lanBound(): boolean;
  services: DispatchServices;
  logger: Logger;
  instanceId: string;
  version: string;
  /** Called when a request starts (returns its monitor record) and when it ends. */
  onRequestStart(ex: Exchange): RecordBuilder;
  onRequestEnd(ex: Exchange, reply: Reply): void;
}

/**
 * The middleware chain, in order: lifecycle, error boundary, browser guard, paths, identity
 * proof (the port probe's challenge), auth, identity headers, body (only for routes that take
 * one), routes, 404. Nothing before the body reader reads the body.
 */
export function createApp(opts: AppOptions): Koa {
  const app = new Koa({ proxy: false });
  app.silent = true;
  const router = createRouter(opts.services);
  // Auth `auto` and the Host check follow the bound address until a restart applies a new one.
  const guarded = () => ({ ...opts.config().proxy, allowLanAccess: opts.lanBound() });

  app.use(async function lifecycle(ctx: Context, next: Next) {
    const trace = newTrace(NOOP_BUILDER);
    const ex = createExchange(ctx.req, ctx.res, { path: ctx.path, url: ctx.originalUrl, startedAt: Date.now(), trace });
    trace.record = opts.onRequestStart(ex);
    attachExchange(ctx, ex);
    try {
      await next();
    } finally {
      opts.onRequestEnd(ex, { status: ctx.status, headerSent: ctx.headerSent, body: ctx.body });
    }
  });
  app.use(errorBoundary(opts.logger));
  app.use(
    browserGuard({
      loopbackOnly: () => !opts.lanBound(),
      authOff: () => effectiveAuthMode(guarded()) === 'off',
      allowedOrigins: () => opts.config().proxy.allowedOrigins ?? [],
    }),
  );
  app.use(normalizePath(opts.logger));
  app.use(proveIdentityMiddleware({ apiKey: () => opts.config().proxy.apiKey, instanceId: opts.instanceId }));
  app.use(auth(guarded));
  // Identity headers only once the client may know who answers (never on a 401 / 403).
  app.use(async function identity(ctx: Context, next: Next) {
    if (exchangeOf(ctx).trace.identified) {
      ctx.set(SERVICE_HEADER, opts.version);
      ctx.set(INSTANCE_HEADER, opts.instanceId);
    }
    await next();
  });
  app.use(body(BODY_LIMIT_BYTES, routeTakesBody(router)));
  app.use(async function unknownPaths(ctx: Context, next: Next) {
    await next();
    await notFound(ctx);
  });
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  return app;
}
