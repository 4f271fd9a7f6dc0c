/**
 * A SearchOutcome (web-search.ts) → the Anthropic Messages answer Claude Code reads from a
 * `web_search` server tool: a `server_tool_use` block (name `web_search`, input `{query}`) and its
 * `web_search_tool_result` (one `web_search_result` per source) per query, then the text — cited
 * spans as text blocks with `web_search_result_location` citations — and
 * `usage.server_tool_use.web_search_requests`. As one JSON message or as the SSE event sequence.
 * When search is impossible: the same pair with a `web_search_tool_result_error`
 * (`unavailable`) and a text that says so — never an empty result.
 */
import { sseFrame } from '../codecs/shared/encode-sse';
import { newId } from '../codecs/shared/ids';
import type { Json } from '../codecs/shared/json';
import type { SearchOutcome, SearchResult } from './web-search';

const opaque = (o: unknown) => Buffer.from(JSON.stringify(o), 'utf8').toString('base64');

function resultBlock(r: SearchResult): Json {
  return { type: 'web_search_result', url: r.url, title: r.title, encrypted_content: opaque({ url: r.url, title: r.title }), page_age: null };
}

function textBlocks(o: SearchOutcome): Json[] {
  const out: Json[] = [];
  for (const s of o.spans) {
    if (s.text === '') continue;
    if (s.cites.length === 0) {
      const last = out.at(-1);
      // Uncited text runs stay one block, as Anthropic sends them.
      if (last && last.citations === undefined) last.text = `${last.text as string}${s.text}`;
      else out.push({ type: 'text', text: s.text });
      continue;
    }
    out.push({
      type: 'text',
      text: s.text,
      citations: s.cites.map((i) => ({
        type: 'web_search_result_location',
        url: o.results[i]!.url,
        title: o.results[i]!.title,
        encrypted_index: opaque({ result: i }),
        cited_text: s.text.slice(0, 150),
      })),
    });
  }
  return out;
}

/** The content blocks of the answer (search pairs first, then the text). */
export function searchContent(o: SearchOutcome): Json[] {
  const content: Json[] = [];
  const queries = o.queries.length > 0 ? o.queries : [''];
  queries.forEach((query, i) => {
    const id = newId('srvtoolu_');
    content.push({ type: 'server_tool_use', id, name: 'web_search', input: { query } });
    // All sources come with the first query: the upstream does not say which query found which.
    content.push({ type: 'web_search_tool_result', tool_use_id: id, content: i === 0 ? o.results.map(resultBlock) : [] });
  });
  content.push(...textBlocks(o));
  return content;
}

export function searchMessage(o: SearchOutcome, model: string): Json {
  return {
    id: newId('msg_'),
    type: 'message',
    role: 'assistant',
    model,
    content: searchContent(o),
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: o.usage.inputTokens, output_tokens: o.usage.outputTokens, server_tool_use: { web_search_requests: o.queries.length } },
  };
}

/** What the client sees when no upstream can search: a visible tool error, not an empty result list. */
export function searchUnavailableMessage(model: string, query: string, why: string): Json {
  return toolUnavailable(model, 'web_search', { query }, `Web search is unavailable: ${why}`);
}

/** `web_fetch` where no upstream can fetch: the tool's own error block and a text that says so. */
export function fetchUnavailableMessage(model: string, why: string): Json {
  return toolUnavailable(model, 'web_fetch', {}, `Web fetch is unavailable: ${why}`);
}

/** A server tool that could not run: its use, its own `<tool>_tool_result_error` (`unavailable`), and a text. */
function toolUnavailable(model: string, tool: 'web_search' | 'web_fetch', input: Json, text: string): Json {
  const id = newId('srvtoolu_');
  return {
    id: newId('msg_'),
    type: 'message',
    role: 'assistant',
    model,
    content: [
      { type: 'server_tool_use', id, name: tool, input },
      { type: `${tool}_tool_result`, tool_use_id: id, content: { type: `${tool}_tool_result_error`, error_code: 'unavailable' } },
      { type: 'text', text },
    ],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 0, output_tokens: 0, server_tool_use: { [`${tool}_requests`]: 0 } },
  };
}

/** A whole message as Anthropic's SSE sequence (message_start … message_stop). */
export function messageFrames(msg: Json): Uint8Array[] {
  const frames: Uint8Array[] = [];
  const send = (type: string, data: Json) => frames.push(sseFrame({ type, ...data }, type));
  const usage = msg.usage as Json;
  send('message_start', { message: { ...msg, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } });
  (msg.content as Json[]).forEach((b, index) => {
    if (b.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '', ...(b.citations ? { citations: [] } : {}) } });
      for (const c of (b.citations as Json[] | undefined) ?? []) send('content_block_delta', { index, delta: { type: 'citations_delta', citation: c } });
      send('content_block_delta', { index, delta: { type: 'text_delta', text: b.text } });
    } else if (b.type === 'server_tool_use') {
      send('content_block_start', { index, content_block: { ...b, input: {} } });
      send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(b.input) } });
    } else {
      send('content_block_start', { index, content_block: b });
    }
    send('content_block_stop', { index });
  });
  send('message_delta', { delta: { stop_reason: msg.stop_reason, stop_sequence: null }, usage });
  send('message_stop', {});
  return frames;
}
