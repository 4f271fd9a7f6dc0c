/**
 * A SearchOutcome (web-search.ts) → the OpenAI Responses answer a `web_search` tool produces:
 * one `web_search_call` item per query (`action: {type: "search", query, sources}`), then the
 * message whose `output_text` carries `url_citation` annotations (character offsets). As one
 * response object or as the Responses event sequence through `response.completed`. When search
 * is impossible: a `web_search_call` with status `failed` and a message that says so.
 */
import { responseObject } from '../codecs/openai-responses/encode-responses-items';
import { sseFrame } from '../codecs/shared/encode-sse';
import { newId } from '../codecs/shared/ids';
import type { Json } from '../codecs/shared/json';
import type { SearchOutcome } from './web-search';

function outputText(o: SearchOutcome): Json {
  let text = '';
  const annotations: Json[] = [];
  for (const s of o.spans) {
    const start = text.length;
    text += s.text;
    for (const i of s.cites) annotations.push({ type: 'url_citation', start_index: start, end_index: text.length, url: o.results[i]!.url, title: o.results[i]!.title });
  }
  return { type: 'output_text', text, annotations, logprobs: [] };
}

export function searchOutput(o: SearchOutcome): Json[] {
  const queries = o.queries.length > 0 ? o.queries : [''];
  const calls = queries.map((query, i) => ({
    id: newId('ws_'), type: 'web_search_call', status: 'completed',
    action: { type: 'search', query, ...(i === 0 ? { sources: o.results.map((r) => ({ type: 'url', url: r.url })) } : {}) },
  }));
  return [...calls, { id: newId('msg_'), type: 'message', status: 'completed', role: 'assistant', content: [outputText(o)] }];
}

export function unavailableOutput(query: string, why: string): Json[] {
  return [
    { id: newId('ws_'), type: 'web_search_call', status: 'failed', action: { type: 'search', query } },
    { id: newId('msg_'), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: `Web search is unavailable: ${why}`, annotations: [], logprobs: [] }] },
  ];
}

export function searchResponse(output: Json[], model: string, usage: { inputTokens: number; outputTokens: number }, store: boolean): Json {
  return responseObject(newId('resp_'), model, Math.floor(Date.now() / 1000), {
    status: 'completed',
    output,
    store,
    usage: { input_tokens: usage.inputTokens, input_tokens_details: { cached_tokens: 0 }, output_tokens: usage.outputTokens, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: usage.inputTokens + usage.outputTokens },
  });
}

/** A completed response as the Responses event sequence. */
export function responseFrames(done: Json): Uint8Array[] {
  const frames: Uint8Array[] = [];
  let seq = 0;
  const send = (type: string, data: Json) => frames.push(sseFrame({ type, sequence_number: seq++, ...data }, type));
  const started = { ...done, status: 'in_progress', output: [], usage: null };
  send('response.created', { response: started });
  send('response.in_progress', { response: started });
  (done.output as Json[]).forEach((item, output_index) => {
    if (item.type !== 'message') {
      send('response.output_item.added', { output_index, item: { ...item, status: 'in_progress' } });
      send('response.output_item.done', { output_index, item });
      return;
    }
    const part = (item.content as Json[])[0]!;
    send('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } });
    send('response.content_part.added', { item_id: item.id, output_index, content_index: 0, part: { ...part, text: '', annotations: [] } });
    send('response.output_text.delta', { item_id: item.id, output_index, content_index: 0, delta: part.text, logprobs: [] });
    (part.annotations as Json[]).forEach((annotation, annotation_index) =>
      send('response.output_text.annotation.added', { item_id: item.id, output_index, content_index: 0, annotation_index, annotation }));
    send('response.output_text.done', { item_id: item.id, output_index, content_index: 0, text: part.text, logprobs: [] });
    send('response.content_part.done', { item_id: item.id, output_index, content_index: 0, part });
    send('response.output_item.done', { output_index, item });
  });
  send('response.completed', { response: done });
  return frames;
}
