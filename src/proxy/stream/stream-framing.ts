import type { ErrorDialect } from '../../core/dialect';
import { errorBody, type ProxyError } from '../../core/errors';
import { encodeSse } from '../../translate/sse/encode-sse';

/**
 * How a client stream is framed, per dialect: what a keep-alive looks like, where one may be
 * inserted without breaking an event, and how an error is told after the first byte.
 */
export interface StreamFraming {
  keepAlive: string;
  /** True when `tail` (the last bytes sent) ends at a point where keepAlive may be inserted. */
  atBoundary(tail: string): boolean;
  /** The bytes that tell the client about an error mid-stream (the stream ends after them); `tail` as for atBoundary. */
  error(err: ProxyError, tail: string): string;
}

const sseBoundary = (tail: string) => tail.length === 0 || tail.endsWith('\n\n') || tail.endsWith('\r\n\r\n') || tail.endsWith('\r\r');

export const anthropicFraming: StreamFraming = {
  keepAlive: encodeSse('{"type": "ping"}', 'ping'),
  atBoundary: sseBoundary,
  error: (err) => encodeSse(JSON.stringify(errorBody('anthropic', err)), 'error'),
};

/** OpenAI chat and Responses: an SSE comment is ignored by every client. */
export const openaiFraming: StreamFraming = {
  keepAlive: ': keep-alive\n\n',
  atBoundary: sseBoundary,
  // An error chunk, then the stream's terminal frame (as a translated stream ends).
  error: (err) => encodeSse(JSON.stringify(errorBody('openai', err))) + 'data: [DONE]\n\n',
};

export const openaiResponsesFraming: StreamFraming = {
  ...openaiFraming,
  // The terminal `response.failed` (what Codex and the SDKs end a failed response on), then the
  // Responses error event {"type":"error","code","message","param"} (the SDKs raise it); `type`
  // must stay "error" (the OpenAI error body's own `type`, e.g. "server_error", must not
  // overwrite it). A passthrough does not know the upstream's response id: a generic one.
  error: (err) => {
    const body = (errorBody('openai', err) as { error: { code?: unknown; message: string } }).error;
    const response = {
      id: 'resp_failed', object: 'response', created_at: Math.floor(Date.now() / 1000), status: 'failed',
      error: { code: typeof body.code === 'string' ? body.code : 'server_error', message: body.message }, output: [],
    };
    return encodeSse(JSON.stringify({ type: 'response.failed', response }), 'response.failed') + encodeSse(JSON.stringify({ ...body, type: 'error' }), 'error');
  },
};

/** Gemini `alt=sse`: a blank line between events is ignored by the SDKs. */
export const geminiSseFraming: StreamFraming = {
  keepAlive: '\n',
  atBoundary: sseBoundary,
  error: (err) => encodeSse(JSON.stringify(errorBody('gemini', err))),
};

/**
 * Gemini streamed JSON array (no `alt=sse`): whitespace is valid between tokens, and a raw
 * newline byte can never be inside a JSON string, so after one we are between tokens.
 */
export const geminiArrayFraming: StreamFraming = {
  keepAlive: '\n',
  atBoundary: (tail) => tail.length === 0 || tail.endsWith('\n'),
  error: (err, tail) => {
    const body = JSON.stringify(errorBody('gemini', err));
    // Close the array the upstream began; open one when nothing was sent yet; after a closed
    // array nothing can be added to a valid JSON document.
    const t = tail.trimEnd();
    if (t.length === 0) return `[${body}]`;
    if (t.endsWith(']')) return '';
    if (t.endsWith('[') || t.endsWith(',')) return `${body}\n]`;
    return `,\n${body}\n]`;
  },
};

export function framingFor(dialect: ErrorDialect | 'openai-responses', geminiSse = true): StreamFraming {
  switch (dialect) {
    case 'anthropic': return anthropicFraming;
    case 'gemini': return geminiSse ? geminiSseFraming : geminiArrayFraming;
    case 'openai-responses': return openaiResponsesFraming;
    default: return openaiFraming;
  }
}
