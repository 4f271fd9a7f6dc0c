import Koa from 'koa';
import type { Context, Next } from 'koa';
import { effectiveAuthMode, type ProxyConfig } from '../core/config';
import { authStep } from './middleware/auth';
import { BODY_LIMIT_BYTES, bodyStep } from './middleware/body';
import { browserCheck } from './middleware/browser-guard';
import { errorBoundary } from './middleware/error-boundary';
import { normalizePathStep } from './middleware/normalize-path';
import { routeTakesBody } from './middleware/takes-body';
import { createRouter, newTrace, notFound } from './routes';
import type { DispatchServices } from './dispatch/client-call';
import type { RecordBuilder } from '../monitor/types';
import { attachExchange, createExchange, exchangeOf, type Exchange } from './exchange';
import { proveIdentityStep } from './middleware/prove-identity';
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
 * The middleware chain, in order: lifecycle, error boundary, the gate (browser guard, paths,
 * identity proof (the port probe's challenge), auth, identity headers, body (only for routes
 * that take one), and 404 on the way back), routes. Nothing before the body reader reads the body.
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
  const guard = browserCheck({
    loopbackOnly: () => !opts.lanBound(),
    authOff: () => effectiveAuthMode(guarded()) === 'off',
    allowedOrigins: () => opts.config().proxy.allowedOrigins ?? [],
  });
  const normalize = normalizePathStep(opts.logger);
  const prove = proveIdentityStep({ apiKey: () => opts.config().proxy.apiKey, instanceId: opts.instanceId });
  const admit = authStep(guarded);
  const readBody = bodyStep(BODY_LIMIT_BYTES, routeTakesBody(router));
  // Our own steps as one middleware (each a Koa middleware of its own cost a dispatch and a
  // promise per request, issue 22), in the order they had as separate middlewares.
  app.use(async function gate(ctx: Context, next: Next) {
    if (!guard(ctx)) return; // a preflight, answered
    normalize(ctx);
    prove(ctx);
    admit(ctx);
    // Identity headers only once the client may know who answers (never on a 401 / 403).
    if (exchangeOf(ctx).trace.identified) {
      ctx.set(SERVICE_HEADER, opts.version);
      ctx.set(INSTANCE_HEADER, opts.instanceId);
    }
    const reading = readBody(ctx);
    if (reading) await reading;
    await next();
    // Unknown paths: nothing below answered.
    await notFound(ctx);
  });
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  return app;
}
