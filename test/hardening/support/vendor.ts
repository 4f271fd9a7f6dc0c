import type { ServerResponse } from 'node:http';
import {
  anthropicResponse, anthropicStream, geminiResponse, geminiStream, json, openaiChatResponse, openaiChatStream,
  responsesResponse, sseFrames, type RecordedRequest,
} from '../../support/fake-upstream';

export type Wire = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini';

export function wireOf(path: string): Wire {
  if (path.includes('/messages')) return 'anthropic';
  if (path.includes('/v1beta/')) return 'gemini';
  if (path.endsWith('/responses')) return 'openai-responses';
  return 'openai-chat';
}

export function isStream(req: RecordedRequest): boolean {
  // Gemini decides by the method in the path (a stray "stream" in its body means nothing).
  if (req.path.includes('/v1beta/')) return req.path.includes(':streamGenerateContent');
  return req.json?.stream === true;
}

/** The first `tok-…` marker in the request (clients put it in their prompt); echoed back to prove no cross-talk. */
export function tokenOf(req: RecordedRequest): string {
  return /tok-[a-z0-9]+/.exec(req.body)?.[0] ?? 'no-token';
}

const evt = (name: string, o: unknown) => `event: ${name}\ndata: ${JSON.stringify(o)}\n\n`;

export function responsesStream(parts: string[], model = 'gpt-4o'): string[] {
  const resp = { id: 'resp_fake1', object: 'response', created_at: 1_700_000_000, model, status: 'in_progress', output: [] as unknown[] };
  const done = responsesResponse(parts.join(''), model);
  return [
    evt('response.created', { type: 'response.created', sequence_number: 0, response: resp }),
    evt('response.output_item.added', { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { type: 'message', id: 'msg_fake1', status: 'in_progress', role: 'assistant', content: [] } }),
    evt('response.content_part.added', { type: 'response.content_part.added', sequence_number: 2, item_id: 'msg_fake1', output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }),
    ...parts.map((p, i) => evt('response.output_text.delta', { type: 'response.output_text.delta', sequence_number: 3 + i, item_id: 'msg_fake1', output_index: 0, content_index: 0, delta: p })),
    evt('response.output_text.done', { type: 'response.output_text.done', sequence_number: 3 + parts.length, item_id: 'msg_fake1', output_index: 0, content_index: 0, text: parts.join('') }),
    evt('response.completed', { type: 'response.completed', sequence_number: 4 + parts.length, response: done }),
  ];
}

/** Frames of a complete, valid stream of `wire` carrying `parts`. */
export function streamFrames(wire: Wire, parts: string[]): string[] {
  switch (wire) {
    case 'anthropic': return anthropicStream(parts);
    case 'gemini': return geminiStream(parts);
    case 'openai-responses': return responsesStream(parts);
    default: return openaiChatStream(parts);
  }
}

export function jsonAnswer(wire: Wire, text: string): unknown {
  switch (wire) {
    case 'anthropic': return anthropicResponse(text);
    case 'gemini': return geminiResponse(text);
    case 'openai-responses': return responsesResponse(text);
    default: return openaiChatResponse(text);
  }
}

/**
 * A well-behaved vendor for every wire dialect: JSON or SSE as asked, count_tokens answered,
 * the request's token echoed in the content.
 */
export async function answerWell(req: RecordedRequest, res: ServerResponse, parts?: string[], delayMs = 0): Promise<void> {
  const wire = wireOf(req.path);
  if (req.path.endsWith('/count_tokens')) return json(res, 200, { input_tokens: 11 });
  if (req.path.includes(':countTokens')) return json(res, 200, { totalTokens: 11 });
  const tok = tokenOf(req);
  const p = parts ?? [`${tok} `, 'a', 'b', ` ${tok}`];
  if (isStream(req) && wire === 'gemini' && !req.url.includes('alt=sse')) {
    // Without alt=sse Gemini streams one JSON array of responses.
    const frames = geminiStream(p).map((f) => f.slice('data: '.length).trim());
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(`[${frames.join(',\r\n')}]`);
    return;
  }
  if (isStream(req)) return sseFrames(res, streamFrames(wire, p), delayMs);
  return json(res, 200, jsonAnswer(wire, p.join('')));
}
