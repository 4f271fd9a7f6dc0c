import { ProxyError } from '../../core/errors';
import { sseFrame } from '../../translate/codecs/shared/encode-sse';
import { newId } from '../../translate/codecs/shared/ids';
import { responseObject } from '../../translate/codecs/openai-responses/encode-responses-items';
import type { ClientCall, DispatchServices } from '../dispatch/client-call';
import type { Exchange } from '../exchange';
import { compactionItem, expandCompactions, inputItems } from './history';
import { subCall } from './sub-call';

type Json = Record<string, unknown>;

/** What the routed model is asked after the history (Codex's own compaction asks much the same). */
export const COMPACTION_PROMPT = [
  'Compact the conversation above into a handoff summary for another instance of yourself that will continue the work',
  'without seeing the earlier turns. Include: the user\'s goals and every explicit requirement or constraint; decisions made',
  'and why; what has been done (files, commands, results, errors and how they were resolved); the current state; and the',
  'concrete next steps. Keep names, paths, identifiers and numbers exact. Answer with the summary only: no tool calls.',
].join(' ');

/**
 * Compaction for every upstream kind (issue 18): the history (our earlier compaction items
 * expanded, a trailing `compaction_trigger` dropped) plus COMPACTION_PROMPT goes to the routed
 * model — `compactionModel` from the config when set, else the client's model — as an
 * ordinary Responses call through the dispatcher, and its text becomes the one `compaction`
 * item of the answer (see history.ts for the item's encoding).
 */
export async function summarize(ex: Exchange, call: ClientCall, svc: DispatchServices): Promise<{ summary: string; usage: unknown }> {
  const body = call.body;
  const history = expandCompactions(inputItems(body.input).filter((i) => i.type !== 'compaction_trigger'));
  const model = svc.config().compactionModel || call.clientModel;
  const tools = Array.isArray(body.tools) && body.tools.length > 0 ? body.tools : undefined;
  const asked: Json = {
    model,
    stream: false,
    store: false,
    ...(typeof body.instructions === 'string' && body.instructions ? { instructions: body.instructions } : {}),
    input: [...history, { type: 'message', role: 'user', content: [{ type: 'input_text', text: COMPACTION_PROMPT }] }],
    // Tool calls in the history need their declarations on some upstreams; none may be called now.
    ...(tools ? { tools, tool_choice: 'none' } : {}),
  };
  const raw = Buffer.from(JSON.stringify(asked));
  const answer = (await subCall(ex, { ...call, clientModel: model, stream: false, body: asked, raw, action: 'generate', dialect: 'openai-responses' }, svc)) as Json;
  const summary = outputText(answer).trim();
  if (!summary) throw new ProxyError('bad_gateway', `The model ${model} returned an empty summary: the conversation was not compacted.`, { retryable: false });
  return { summary, usage: answer.usage ?? null };
}

function outputText(r: Json): string {
  const out: string[] = [];
  for (const item of Array.isArray(r.output) ? (r.output as Json[]) : []) {
    if (item?.type !== 'message' || !Array.isArray(item.content)) continue;
    for (const c of item.content as Json[]) if (c?.type === 'output_text' && typeof c.text === 'string') out.push(c.text);
  }
  return out.join('');
}

/** `POST /v1/responses/compact`: `{ output: [ResponseItem] }` is what Codex reads (codex-api CompactClient). */
export function compactBody(summary: string, usage: unknown, now = Date.now()): Json {
  return { id: newId('resp_'), object: 'response.compaction', created_at: Math.floor(now / 1000), output: [compactionItem(summary)], usage };
}

/**
 * The answer to a `/v1/responses` request ending with `compaction_trigger` (Codex compaction
 * v2): a completed response whose output is exactly one `compaction` item, as JSON or as the
 * Responses event sequence through `response.completed`.
 */
export function writeTriggerAnswer(ex: Exchange, call: ClientCall, summary: string, usage: unknown): void {
  const item = { id: newId('cmp_'), ...compactionItem(summary) };
  const created = Math.floor(Date.now() / 1000);
  const id = newId('resp_');
  const store = call.body.store !== false;
  const done = responseObject(id, call.clientModel, created, { status: 'completed', output: [item], usage, store });
  const res = ex.res;
  ex.trace.ttfbMs ??= Date.now() - ex.startedAt;
  if (!call.stream) {
    const text = JSON.stringify(done);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
    ex.trace.responseBytes = Buffer.byteLength(text);
    return;
  }
  const started = responseObject(id, call.clientModel, created, { store });
  let seq = 0;
  const frames = [
    ['response.created', { response: started }],
    ['response.in_progress', { response: started }],
    ['response.output_item.added', { output_index: 0, item }],
    ['response.output_item.done', { output_index: 0, item }],
    ['response.completed', { response: done }],
  ] as const;
  const bytes = Buffer.concat(frames.map(([type, data]) => Buffer.from(sseFrame({ type, sequence_number: seq++, ...data }, type))));
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.end(bytes);
  ex.trace.responseBytes = bytes.byteLength;
}
