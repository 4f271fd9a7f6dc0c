import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a fake vendor received: the proof that the proxy sent the right thing. */
export interface RecordedRequest {
  method: string;
  path: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: any;
}

export type Handler = (req: RecordedRequest, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

/**
 * A stand-in for a vendor API on 127.0.0.1. It speaks whatever the test's handler writes
 * (the helpers below write the vendors' real JSON and SSE formats) and records every request.
 */
export class FakeUpstream {
  readonly requests: RecordedRequest[] = [];
  handler: Handler;
  /** Resolved when a request's socket closes before the response finished (client abort reached us). */
  aborts = 0;
  private constructor(private readonly server: Server, public readonly url: string, handler: Handler) {
    this.handler = handler;
  }

  static async start(handler: Handler = (_r, res) => json(res, 200, {})): Promise<FakeUpstream> {
    let self!: FakeUpstream;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let parsed: any;
        try {
          parsed = body ? JSON.parse(body) : undefined;
        } catch {
          parsed = undefined;
        }
        const u = new URL(req.url ?? '/', 'http://x');
        const rec: RecordedRequest = { method: req.method ?? '', path: u.pathname, url: req.url ?? '', headers: req.headers, body, json: parsed };
        self.requests.push(rec);
        res.on('close', () => {
          if (!res.writableFinished) self.aborts++;
        });
        Promise.resolve(self.handler(rec, res, req)).catch(() => res.destroy());
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    self = new FakeUpstream(server, `http://127.0.0.1:${port}`, handler);
    return self;
  }

  last(): RecordedRequest {
    const r = this.requests.at(-1);
    if (!r) throw new Error('fake upstream received no request');
    return r;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes SSE frames (already formatted strings) with an optional delay between them. */
export async function sseFrames(res: ServerResponse, frames: string[], delayMs = 0, end = true): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const f of frames) {
    if (res.destroyed) return;
    res.write(f);
    if (delayMs) await sleep(delayMs);
  }
  if (end) res.end();
}

const data = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
const evt = (name: string, o: unknown) => `event: ${name}\ndata: ${JSON.stringify(o)}\n\n`;

// ---- OpenAI chat completions ----
export function openaiChatResponse(text: string, model = 'gpt-4o') {
  return {
    id: 'chatcmpl-fake1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18, prompt_tokens_details: { cached_tokens: 0 } },
  };
}

export function openaiChatStream(parts: string[], model = 'gpt-4o'): string[] {
  const base = { id: 'chatcmpl-fake1', object: 'chat.completion.chunk', created: 1_700_000_000, model };
  return [
    data({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }),
    ...parts.map((p) => data({ ...base, choices: [{ index: 0, delta: { content: p }, finish_reason: null }] })),
    data({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
    data({ ...base, choices: [], usage: { prompt_tokens: 11, completion_tokens: parts.length, total_tokens: 11 + parts.length } }),
    'data: [DONE]\n\n',
  ];
}

// ---- OpenAI Responses ----
export function responsesResponse(text: string, model = 'gpt-4o') {
  return {
    id: 'resp_fake1',
    object: 'response',
    created_at: 1_700_000_000,
    status: 'completed',
    model,
    output: [{ type: 'message', id: 'msg_fake1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] }],
    usage: { input_tokens: 11, output_tokens: 7, total_tokens: 18, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
  };
}

// ---- Anthropic Messages ----
export function anthropicResponse(text: string, model = 'claude-sonnet-4-5') {
  return {
    id: 'msg_fake1',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 11, output_tokens: 7, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
  };
}

export function anthropicStream(parts: string[], model = 'claude-sonnet-4-5'): string[] {
  return [
    evt('message_start', { type: 'message_start', message: { id: 'msg_fake1', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 11, output_tokens: 1 } } }),
    evt('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    evt('ping', { type: 'ping' }),
    ...parts.map((p) => evt('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: p } })),
    evt('content_block_stop', { type: 'content_block_stop', index: 0 }),
    evt('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: parts.length } }),
    evt('message_stop', { type: 'message_stop' }),
  ];
}

// ---- Gemini ----
export function geminiResponse(text: string, model = 'gemini-2.5-flash') {
  return {
    candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 11, candidatesTokenCount: 7, totalTokenCount: 18 },
    modelVersion: model,
    responseId: 'fake-gemini-1',
  };
}

export function geminiStream(parts: string[], model = 'gemini-2.5-flash'): string[] {
  return parts.map((p, i) =>
    data({
      candidates: [{ content: { role: 'model', parts: [{ text: p }] }, index: 0, ...(i === parts.length - 1 ? { finishReason: 'STOP' } : {}) }],
      usageMetadata: { promptTokenCount: 11, candidatesTokenCount: i + 1, totalTokenCount: 12 + i },
      modelVersion: model,
    }),
  );
}
