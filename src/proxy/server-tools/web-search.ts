import type { Context } from 'koa';
import type { AccountConfig, ProxyConfig } from '../../core/config';
import { isInProcessKind } from '../../core/config';
import type { Dialect } from '../../core/dialect';
import { translateRequest } from '../../translate';
import { asArray, asObject, type Json } from '../../translate/codecs/shared/json';
import { fetchUnavailableMessage, messageFrames, searchMessage, searchUnavailableMessage } from '../../translate/server-tools/anthropic-search-answer';
import {
  anthropicWebFetch, anthropicWebSearch, domainInstruction, hasClientTools, outcomeFromGemini, outcomeFromResponses, type SearchOutcome, type WebSearchOptions,
} from '../../translate/server-tools/web-search';
import { resolveAccountModel, resolveModelMapping } from '../../upstream/model-mapping';
import { wireDialect } from '../../upstream/pool';
import type { ClientCall, DispatchServices } from '../dispatch/client-call';
import { exchangeOf, routed, type Exchange } from '../exchange';
import { budgetGate } from '../budget-gate';
import { subCall } from '../responses/sub-call';

type Serve = (ctx: Context, call: ClientCall, svc: DispatchServices) => Promise<void>;

/** How a model's web search is served: by the upstream itself, emulated through another tool, or not at all. */
export type SearchRoute = 'native' | 'gemini' | 'responses' | 'none';

/**
 * The account that serves a client model first (config order; accounts serving the model
 * itself before stand-ins, as the pool orders them) decides how its search is served.
 */
export function searchRoute(config: ProxyConfig, client: Dialect, clientModel: string): { route: SearchRoute; account?: AccountConfig } {
  const mapped = resolveModelMapping(config.modelMapping, clientModel) ?? clientModel;
  const own: AccountConfig[] = [];
  const standIn: AccountConfig[] = [];
  for (const a of config.accounts) {
    if (!a.enabled) continue;
    if (isInProcessKind(a.kind)) standIn.push(a);
    else if (!wireDialect(a.kind, client, a)) continue;
    else {
      const r = resolveAccountModel(a, mapped, config.zai.models);
      if (r) (r.substitute ? standIn : own).push(a);
    }
  }
  const first = own[0] ?? standIn[0];
  if (!first) return { route: 'none' };
  if (first.kind === 'anthropic') return { route: client === 'anthropic' ? 'native' : 'none', account: first };
  if (first.kind === 'gemini') return { route: 'gemini', account: first };
  if (first.kind === 'openai' && wireDialect('openai', 'openai-responses', first) === 'openai-responses') {
    return { route: client === 'openai-responses' ? 'native' : 'responses', account: first };
  }
  return { route: 'none', account: first };
}

/** The text of the newest user message (what the search is about), for the unavailable answer. */
function lastUserText(body: Json): string {
  const msgs = asArray(body.messages).map(asObject).filter((m) => m.role === 'user');
  const c = msgs.at(-1)?.content;
  if (typeof c === 'string') return c.slice(0, 500);
  return asArray(c).map(asObject).filter((b) => b.type === 'text').map((b) => String(b.text ?? '')).join(' ').slice(0, 500);
}

function withoutServerTools(body: Json): Json {
  const tools = asArray(body.tools).map(asObject).filter((t) => t.type === undefined || t.type === 'custom');
  const { tools: _t, tool_choice: _c, ...rest } = body;
  return tools.length > 0 ? { ...rest, tools } : rest;
}

/**
 * `POST /v1/messages` with Anthropic's `web_search` server tool (issue 18). On an Anthropic
 * account it goes through untouched; on a Gemini account the request is sent with Google
 * Search grounding, on an `openai` account that speaks Responses with its `web_search` tool,
 * and the answer comes back as `server_tool_use` + `web_search_tool_result` blocks with
 * citations. Where no account can search the client gets a visible tool error. A request
 * that also declares client tools goes the normal way (Gemini refuses Google Search next to
 * function declarations; the search tool is then dropped with a monitor note).
 */
export async function serveMessages(ctx: Context, call: ClientCall, svc: DispatchServices, serve: Serve): Promise<void> {
  budgetGate(exchangeOf(ctx).trace.record, call, svc); // issue 20: before any upstream call
  const opts = anthropicWebSearch(call.body);
  if (!opts && anthropicWebFetch(call.body) && !hasClientTools(call.body)) return fetchUnavailable(ctx, call, svc, serve);
  if (!opts || hasClientTools(call.body)) return serve(ctx, call, svc);
  const { route, account } = searchRoute(svc.config(), 'anthropic', call.clientModel);
  if (route === 'native') return serve(ctx, call, svc);
  const ex = exchangeOf(ctx);
  routed(ex, call);
  ex.trace.call = call;
  if (ex.trace.record.wantsBodies) ex.trace.record.requestBody(call.raw);
  let msg: Json;
  if (route === 'none') {
    const what = account ? `the ${account.kind} account "${account.label}" that serves ${call.clientModel} has no web search` : `no account serves ${call.clientModel}`;
    ex.trace.notes.push('web_search unavailable: answered with a tool error');
    msg = searchUnavailableMessage(call.clientModel, lastUserText(call.body), `${what}, and this proxy cannot search on its own. Use a Gemini account, an Anthropic account or an OpenAI account with responsesApi for web search.`);
  } else {
    const outcome = route === 'gemini' ? await viaGemini(ex, call, svc, opts) : await viaResponses(ex, call, svc, opts);
    msg = searchMessage(outcome, call.clientModel);
  }
  writeMessage(ex, call, msg);
  ctx.respond = false;
}

/**
 * `web_fetch` (the request's only tool) on an account that is not Anthropic: this proxy does
 * not fetch pages for the model, so the client gets the tool's own error and a text saying so.
 */
async function fetchUnavailable(ctx: Context, call: ClientCall, svc: DispatchServices, serve: Serve): Promise<void> {
  const { route, account } = searchRoute(svc.config(), 'anthropic', call.clientModel);
  if (route === 'native') return serve(ctx, call, svc);
  const ex = exchangeOf(ctx);
  routed(ex, call);
  ex.trace.call = call;
  ex.trace.notes.push('web_fetch unavailable: answered with a tool error');
  const what = account ? `the ${account.kind} account "${account.label}" that serves ${call.clientModel} cannot fetch web pages` : `no account serves ${call.clientModel}`;
  writeMessage(ex, call, fetchUnavailableMessage(call.clientModel, `${what}, and this proxy does not fetch pages itself. Use an Anthropic account for web_fetch.`));
  ctx.respond = false;
}

async function viaGemini(ex: Exchange, call: ClientCall, svc: DispatchServices, opts: WebSearchOptions): Promise<SearchOutcome> {
  const tctx = { clientModel: call.clientModel, upstreamModel: call.clientModel, stream: false, geminiSse: false };
  const body = translateRequest('anthropic', 'gemini', withoutServerTools(call.body), tctx).body;
  body.tools = [{ googleSearch: {} }];
  const rule = domainInstruction(opts);
  if (rule) {
    const si = asObject(body.systemInstruction);
    body.systemInstruction = { ...si, parts: [...asArray(si.parts), { text: rule }] };
  }
  const json = await subCall(ex, gemCall(call, body), svc);
  return outcomeFromGemini(json, opts);
}

function gemCall(call: ClientCall, body: Json): ClientCall {
  return { ...call, dialect: 'gemini', action: 'generate', stream: false, geminiSse: false, body, raw: Buffer.from(JSON.stringify(body)) };
}

async function viaResponses(ex: Exchange, call: ClientCall, svc: DispatchServices, opts: WebSearchOptions): Promise<SearchOutcome> {
  const tctx = { clientModel: call.clientModel, upstreamModel: call.clientModel, stream: false, geminiSse: false };
  const body = translateRequest('anthropic', 'openai-responses', withoutServerTools(call.body), tctx).body;
  body.tools = [{ type: 'web_search', ...(opts.allowedDomains ? { filters: { allowed_domains: opts.allowedDomains } } : {}) }];
  body.include = ['web_search_call.action.sources'];
  body.store = false;
  body.stream = false;
  const rule = domainInstruction(opts);
  if (rule) body.instructions = [typeof body.instructions === 'string' ? body.instructions : '', rule].filter(Boolean).join('\n\n');
  const json = await subCall(ex, { ...call, dialect: 'openai-responses', action: 'generate', stream: false, body, raw: Buffer.from(JSON.stringify(body)) }, svc);
  return outcomeFromResponses(json, opts);
}

function writeMessage(ex: Exchange, call: ClientCall, msg: Json): void {
  ex.trace.ttfbMs ??= Date.now() - ex.startedAt;
  if (!call.stream) {
    const text = JSON.stringify(msg);
    ex.res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
    ex.res.end(text);
    ex.trace.responseBytes = Buffer.byteLength(text);
    return;
  }
  const bytes = Buffer.concat(messageFrames(msg).map((f) => Buffer.from(f)));
  ex.res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  ex.res.end(bytes);
  ex.trace.responseBytes = bytes.byteLength;
}
