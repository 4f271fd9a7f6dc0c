import Router from '@koa/router';
import type { Context } from 'koa';
import { ProxyError } from '../../core/errors';
import type { DispatchServices, RequestTrace } from '../dispatch/client-call';
import { dispatch } from '../dispatch/dispatch';
import { bodyCall, geminiCall } from './client-calls';
import { anthropicModel, anthropicModelList, geminiModel, geminiModelList, openaiModel, openaiModelList } from './models';
import { suggestBaseUrl } from './route-table';
import type { ClientCall } from '../dispatch/client-call';
import type { RecordBuilder } from '../../monitor/types';
import { exchangeOf, routed } from '../exchange';
import { responsesRoutes } from './responses';
import { apiRoutes } from './api';
import { serveMessages } from '../server-tools/web-search';
import { assertFitsWindow, localLimitsOf, widerModel } from '../context-window';
import { modelLimits, servedWindow } from '../../upstream/model-catalog';
import { resolveModelMapping } from '../../upstream/model-mapping';
import { budgetGate } from '../budget-gate';

export function newTrace(record: RecordBuilder): RequestTrace {
  return { attempts: [], responseBytes: 0, aborted: false, notes: [], record, tokens: 0 };
}

/** Below here there is no Koa: the dispatcher gets the typed exchange and writes the answer itself. */
export async function serve(ctx: Context, call: ClientCall, svc: DispatchServices): Promise<void> {
  const ex = exchangeOf(ctx);
  ex.trace.call = call;
  if (ex.trace.record.wantsBodies) ex.trace.record.requestBody(call.raw);
  try {
    assertFitsWindow(call, svc);
  } catch (err) {
    // Too long for the model: a contextWindowFallbacks model that fits serves it, else the vendor-style error.
    const wider = widerModel(call, svc);
    if (!wider) throw err;
    ex.windowModel = wider;
    ex.trace.notes.push(`fallback from ${call.clientModel} (input too long for its window) to ${wider}`);
  }
  budgetGate(ex.trace.record, call, svc);
  try {
    await dispatch(routed(ex, call), svc);
  } finally {
    // Written by the dispatcher (or abandoned by the client): Koa must not answer again.
    if (ctx.res.headersSent) ctx.respond = false;
  }
}

export function createRouter(svc: DispatchServices): Router {
  const router = new Router();

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  // Claude Code's connection warm-up.
  router.head('/', (ctx) => {
    ctx.status = 200;
  });
  router.get('/', (ctx) => {
    ctx.body = { status: 'ok', service: 'antigravity-proxy' };
  });
  // Client telemetry: accepted and dropped.
  router.post('/v1/api/event_logging/batch', (ctx) => {
    ctx.body = {};
  });

  router.post('/v1/chat/completions', (ctx) => serve(ctx, bodyCall(ctx, 'openai-chat', 'generate'), svc));
  responsesRoutes(router, svc, serve);
  apiRoutes(router, svc);
  router.post('/v1/messages', (ctx) => serveMessages(ctx, bodyCall(ctx, 'anthropic', 'generate'), svc, serve));
  router.post('/v1/messages/count_tokens', (ctx) => serve(ctx, bodyCall(ctx, 'anthropic', 'count_tokens'), svc));
  // The router has already percent-decoded :target (and leaves malformed escapes as they are): take the raw segment.
  router.post('/v1beta/models/:target', (ctx) => serve(ctx, geminiCall(ctx, ctx.path.slice('/v1beta/models/'.length)), svc));

  // A listed model's limits: the window it is served with (model catalog, issue 18).
  const limits = (id: string) => {
    const w = servedWindow(svc.config(), id, svc.limits?.learned, localLimitsOf(svc));
    const l = modelLimits(svc.config(), resolveModelMapping(svc.config().modelMapping, id) ?? id, svc.limits?.learned);
    return w || l ? { contextWindow: w ?? l?.contextWindow, maxOutputTokens: l?.maxOutputTokens } : undefined;
  };
  // Listing models first reads the vendors' lists for their limits (at most every 10 min, ≤ 3 s).
  const discover = () => svc.limits?.discover() ?? Promise.resolve();
  router.get('/v1/models', async (ctx) => {
    await discover();
    const models = svc.pool().models();
    ctx.body = ctx.get('anthropic-version') ? anthropicModelList(models, limits) : openaiModelList(models, limits);
  });
  router.get('/v1/models/:id', async (ctx) => {
    await discover();
    const m = svc.pool().models().find((x) => x.id === ctx.params.id);
    if (!m) throw new ProxyError('not_found', `Model "${ctx.params.id}" is not served by this proxy.`, { code: 'model_not_found' });
    ctx.body = ctx.get('anthropic-version') ? anthropicModel(m, limits) : openaiModel(m, limits);
  });
  router.get('/v1beta/models', async (ctx) => {
    await discover();
    ctx.body = geminiModelList(svc.pool().models(), limits);
  });
  router.get('/v1beta/models/:id', async (ctx) => {
    await discover();
    const id = (ctx.params.id ?? '').replace(/^models\//, '');
    const m = svc.pool().models().find((x) => x.id === id);
    if (!m) throw new ProxyError('not_found', `Model "${id}" is not served by this proxy.`);
    ctx.body = geminiModel(m, limits);
  });
  return router;
}

/** Last in the chain: a 404 that names what was asked and, where it can, the base URL to use. */
export async function notFound(ctx: Context): Promise<void> {
  // A routed call that ended without a body was abandoned by its client: not an unknown path.
  const ex = exchangeOf(ctx);
  if (ctx.status !== 404 || ctx.body !== undefined || ex.trace.call) return;
  const asked = `${ctx.method} ${ex.path}`;
  const hint = suggestBaseUrl(ex.path, `http://${ctx.get('host') || 'localhost'}`);
  if (hint) {
    ex.errorDialect = hint.dialect;
    throw new ProxyError('not_found', `Unknown path: ${asked}. Use the base URL ${hint.base} — the client adds the endpoint path itself.`);
  }
  throw new ProxyError('not_found', `Unknown path: ${asked}. This proxy serves /v1/chat/completions, /v1/responses, /v1/messages, /v1/models and /v1beta/models/{model}:generateContent.`);
}
