import { translateRequest } from '../../translate';
import { asArray, asObject, type Json } from '../../translate/codecs/shared/json';
import { responseFrames, searchOutput, searchResponse, unavailableOutput } from '../../translate/server-tools/responses-search-answer';
import { domainInstruction, outcomeFromGemini, responsesWebSearch } from '../../translate/server-tools/web-search';
import type { ClientCall, DispatchServices } from '../dispatch/client-call';
import type { Exchange } from '../exchange';
import { subCall } from '../responses/sub-call';
import { searchRoute } from './web-search';

const isSearchTool = (t: Json) => typeof t.type === 'string' && /^web_search/.test(t.type);

function lastUserText(body: Json): string {
  const input = body.input;
  if (typeof input === 'string') return input.slice(0, 500);
  const user = asArray(input).map(asObject).filter((i) => i.role === 'user').at(-1);
  if (!user) return '';
  if (typeof user.content === 'string') return user.content.slice(0, 500);
  return asArray(user.content).map(asObject).map((c) => (typeof c.text === 'string' ? c.text : '')).join(' ').slice(0, 500);
}

/**
 * A Responses request whose only tool is `web_search` (issue 18), on an account without
 * Responses' own search: on Gemini it is answered through Google Search grounding as
 * `web_search_call` items + a message with `url_citation` annotations; where nothing can
 * search, with a failed `web_search_call` and a message that says so. Returns false (nothing
 * written) when the request is not such a one: it then goes the normal way.
 */
export async function serveResponsesSearch(ex: Exchange, call: ClientCall, svc: DispatchServices): Promise<boolean> {
  const opts = responsesWebSearch(call.body);
  const tools = asArray(call.body.tools).map(asObject);
  if (!opts || tools.some((t) => !isSearchTool(t))) return false;
  const { route, account } = searchRoute(svc.config(), 'openai-responses', call.clientModel);
  if (route === 'native' || route === 'responses') return false;
  let output: Json[];
  let usage = { inputTokens: 0, outputTokens: 0 };
  if (route === 'gemini') {
    const { tools: _t, tool_choice: _c, ...rest } = call.body;
    const tctx = { clientModel: call.clientModel, upstreamModel: call.clientModel, stream: false, geminiSse: false };
    const body = translateRequest('openai-responses', 'gemini', rest, tctx).body;
    body.tools = [{ googleSearch: {} }];
    const rule = domainInstruction(opts);
    if (rule) {
      const si = asObject(body.systemInstruction);
      body.systemInstruction = { ...si, parts: [...asArray(si.parts), { text: rule }] };
    }
    const json = await subCall(ex, { ...call, dialect: 'gemini', stream: false, geminiSse: false, body, raw: Buffer.from(JSON.stringify(body)) }, svc);
    const outcome = outcomeFromGemini(json, opts);
    output = searchOutput(outcome);
    usage = outcome.usage;
  } else {
    ex.trace.notes.push('web_search unavailable: answered with a failed web_search_call');
    const what = account ? `the ${account.kind} account "${account.label}" that serves ${call.clientModel} has no web search` : `no account serves ${call.clientModel}`;
    output = unavailableOutput(lastUserText(call.body), `${what}, and this proxy cannot search on its own.`);
  }
  const done = searchResponse(output, call.clientModel, usage, call.body.store !== false);
  ex.trace.ttfbMs ??= Date.now() - ex.startedAt;
  if (!call.stream) {
    const text = JSON.stringify(done);
    ex.res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
    ex.res.end(text);
    ex.trace.responseBytes = Buffer.byteLength(text);
  } else {
    const bytes = Buffer.concat(responseFrames(done).map((f) => Buffer.from(f)));
    ex.res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    ex.res.end(bytes);
    ex.trace.responseBytes = bytes.byteLength;
  }
  return true;
}
