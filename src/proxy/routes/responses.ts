import type Router from '@koa/router';
import type { Context } from 'koa';
import type { ProxyConfig } from '../../core/config';
import { ProxyError } from '../../core/errors';
import { ownerOf, type ResponseStore } from '../../monitor/response-store';
import { newId } from '../../translate/codecs/shared/ids';
import { wireDialect } from '../../upstream/pool';
import type { ClientCall, DispatchServices } from '../dispatch/client-call';
import { exchangeOf, routed } from '../exchange';
import { presentedKey } from '../middleware/auth';
import { tapResponse } from '../responses/capture';
import { compactBody, summarize, writeTriggerAnswer } from '../responses/compaction';
import { compactionSummary, expandCompactions, hasCompactionTrigger, inputItems, rebuildHistory } from '../responses/history';
import { bodyCall } from './client-calls';
import { budgetGate } from '../budget-gate';
import { serveResponsesSearch } from '../server-tools/responses-web-search';
import type { SharedResponseStore } from '../team-state';

type Json = Record<string, unknown>;
type Serve = (ctx: Context, call: ClientCall, svc: DispatchServices) => Promise<void>;

/**
 * The stateful side of OpenAI Responses for every upstream kind (issue 18): `store` (default
 * true) keeps each response (see monitor/response-store.ts), `previous_response_id` is
 * rebuilt into the full input, `GET`/`DELETE /v1/responses/{id}`, `…/input_items`, and
 * compaction (`POST /v1/responses/compact`, or a trailing `compaction_trigger` item).
 * An id this proxy does not know is passed on untouched when an `openai` account speaks
 * Responses natively (that upstream may have stored it itself), else it is a 404.
 */
export function responsesRoutes(router: Router, svc: DispatchServices, serve: Serve): void {
  router.post('/v1/responses/compact', async (ctx) => {
    const call = bodyCall(ctx, 'openai-responses', 'generate');
    const ex = exchangeOf(ctx);
    routed(ex, call);
    ex.trace.call = call;
    const { summary, usage } = await summarize(ex, call, svc);
    ctx.body = compactBody(summary, usage);
  });
  router.post('/v1/responses', (ctx) => postResponses(ctx, svc, serve));
  router.get('/v1/responses/:id', async (ctx) => {
    await prefetch(ctx, svc);
    const r = stored(ctx, svc);
    ctx.body = { ...r.response, store: true, previous_response_id: r.previousResponseId ?? null };
  });
  router.get('/v1/responses/:id/input_items', async (ctx) => {
    await prefetch(ctx, svc);
    const r = stored(ctx, svc);
    ctx.body = listItems(r.input as Json[], ctx.query);
  });
  router.delete('/v1/responses/:id', async (ctx) => {
    await prefetch(ctx, svc);
    const id = ctx.params.id ?? '';
    if (!svc.responses?.delete(ownerOf(presentedKey(ctx)), id)) throw notFound(id);
    ctx.body = { id, object: 'response', deleted: true };
  });
}

/** Team mode (issue 23): a response stored by another instance is read from Redis first. */
async function prefetch(ctx: Context, svc: DispatchServices): Promise<void> {
  const store = svc.responses as Partial<SharedResponseStore> | undefined;
  if (store?.prefetch) await store.prefetch(ownerOf(presentedKey(ctx)), ctx.params.id ?? '');
}

function notFound(id: string): ProxyError {
  return new ProxyError('not_found', `Response with id '${id}' not found.`, { code: 'not_found' });
}

function stored(ctx: Context, svc: DispatchServices) {
  const id = ctx.params.id ?? '';
  const r = svc.responses?.get(ownerOf(presentedKey(ctx)), id);
  if (!r) throw notFound(id);
  return r;
}

/** OpenAI's list page: newest first unless `order=asc`; `limit` 1–100 (default 20); `after` an item id. */
function listItems(items: Json[], q: Record<string, unknown>): Json {
  let all = q.order === 'asc' ? [...items] : [...items].reverse();
  if (typeof q.after === 'string') {
    const i = all.findIndex((it) => it.id === q.after);
    if (i >= 0) all = all.slice(i + 1);
  }
  const n = Math.min(100, Math.max(1, Number(q.limit) || 20));
  const data = all.slice(0, n);
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: all.length > n };
}

/** An `openai` account that speaks Responses itself (it stores responses it was asked to). */
function nativeResponses(config: ProxyConfig): boolean {
  return config.accounts.some((a) => a.enabled && a.kind === 'openai' && wireDialect('openai', 'openai-responses', a) === 'openai-responses');
}

/** The OpenAI error for an unknown previous_response_id, with the parameter named. */
function previousNotFound(ctx: Context, id: string): void {
  ctx.status = 404;
  ctx.body = {
    error: { message: `Previous response with id '${id}' not found.`, type: 'invalid_request_error', param: 'previous_response_id', code: 'previous_response_not_found' },
  };
}

async function postResponses(ctx: Context, svc: DispatchServices, serve: Serve): Promise<void> {
  const call = bodyCall(ctx, 'openai-responses', 'generate');
  const store = svc.responses;
  const owner = ownerOf(presentedKey(ctx));
  const own = inputItems(call.body.input).filter((i) => i.type !== 'compaction_trigger');
  const prev = typeof call.body.previous_response_id === 'string' && call.body.previous_response_id ? call.body.previous_response_id : undefined;
  let body: Json = call.body;
  if (prev) {
    const shared = store as Partial<SharedResponseStore> | undefined;
    if (shared?.prefetch) await shared.prefetch(owner, prev);
    const history = store ? rebuildHistory(store, owner, prev) : undefined;
    const native = nativeResponses(svc.config());
    if (history && (history.complete || !native)) {
      const { previous_response_id: _drop, ...rest } = body;
      body = { ...rest, input: [...history.items, ...inputItems(body.input)] };
    } else if (!native) {
      return previousNotFound(ctx, prev);
    }
  }
  const items = inputItems(body.input);
  if (items.some((i) => compactionSummary(i) !== undefined)) body = { ...body, input: expandCompactions(items) };
  const next: ClientCall = body === call.body ? call : { ...call, body, raw: Buffer.from(JSON.stringify(body)) };
  const ex = exchangeOf(ctx);
  budgetGate(ex.trace.record, next, svc); // issue 20: before any upstream call
  const keep = store && call.body.store !== false ? tapResponse(ex.res) : undefined;
  if (hasCompactionTrigger(items)) {
    routed(ex, next);
    ex.trace.call = next;
    const { summary, usage } = await summarize(ex, next, svc);
    writeTriggerAnswer(ex, next, summary, usage);
    ctx.respond = false;
  } else {
    routed(ex, next);
    ex.trace.call = next;
    if (await serveResponsesSearch(ex, next, svc)) ctx.respond = false;
    else await serve(ctx, next, svc);
  }
  const final = keep?.response();
  if (final && store) save(store, owner, final, own, prev, ex.trace.account?.id);
}

function save(store: ResponseStore, owner: string, response: Json, input: Json[], prev: string | undefined, accountId: string | undefined): void {
  store.put(owner, {
    id: response.id as string,
    model: String(response.model ?? ''),
    ...(prev ? { previousResponseId: prev } : {}),
    // Input items get ids, as OpenAI's input_items list shows them.
    input: input.map((i) => (typeof i.id === 'string' ? i : { id: newId('msg_'), ...i })),
    output: Array.isArray(response.output) ? response.output : [],
    response,
    ...(accountId ? { accountId } : {}),
  });
}
