import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicError, anthropicModels, renderAnthropic, streamAnthropic, validateAnthropic, viewAnthropic } from './wire/anthropic';
import { geminiError, geminiModels, renderGemini, streamGeminiArray, streamGeminiSse, validateGemini, viewGemini } from './wire/gemini';
import { openAIError, openAIModels, renderOpenAIChat, streamOpenAIChat, validateOpenAIChat, viewOpenAIChat } from './wire/openai-chat';
import { renderOpenAIResponses, streamOpenAIResponses, validateOpenAIResponses, viewOpenAIResponses } from './wire/openai-responses';
import type { RequestView, Script, Turn } from './wire/turn';

export type VendorKind = 'openai' | 'anthropic' | 'gemini';

/** One request as the vendor saw it, with what it answered. */
export interface VendorRecord {
  at: string;
  method: string;
  path: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: any;
  /** generate | count_tokens | models | unknown */
  action: string;
  view?: RequestView;
  turn?: Turn;
  status: number;
  /** Why the vendor refused the request (validation / auth), as the vendor would say it. */
  refused?: string;
}

export interface VendorOptions {
  /** The account key: anything else is refused the way the vendor refuses a bad key. */
  apiKey: string;
  /** Model ids for the list endpoints. */
  models: string[];
  /** Pause between SSE frames, so streams really stream. */
  frameDelayMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A scriptable stand-in for one vendor API (OpenAI incl. Responses, Anthropic, or Gemini) on
 * 127.0.0.1. `script` decides each turn from the request (see wire/turn.ts); every request is
 * recorded with the view the script saw and the turn it answered.
 */
export class FakeVendor {
  readonly records: VendorRecord[] = [];
  script: Script = () => ({ text: 'fake vendor: no script set' });
  private generateCount = 0;

  private constructor(
    readonly kind: VendorKind,
    private readonly server: Server,
    readonly url: string,
    private readonly opts: VendorOptions,
  ) {}

  static async start(kind: VendorKind, opts: VendorOptions): Promise<FakeVendor> {
    let self!: FakeVendor;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        self.handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((err) => {
          if (!res.headersSent) {
            res.writeHead(500, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: { message: `fake vendor crashed: ${(err as Error).stack}` } }));
          } else res.destroy();
        });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    self = new FakeVendor(kind, server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, opts);
    return self;
  }

  /** Base URL for the proxy's account config (OpenAI with /v1; Anthropic and Gemini without). */
  get accountBaseUrl(): string {
    return this.kind === 'openai' ? `${this.url}/v1` : this.url;
  }

  reset(script: Script): void {
    this.records.length = 0;
    this.generateCount = 0;
    this.script = script;
  }

  generateRecords(): VendorRecord[] {
    return this.records.filter((r) => r.action === 'generate');
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://x');
    let json: any;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const rec: VendorRecord = { at: new Date().toISOString(), method: req.method ?? '', path: u.pathname, url: req.url ?? '', headers: req.headers, body, json, action: 'unknown', status: 0 };
    this.records.push(rec);
    const send = (status: number, payload: unknown) => {
      rec.status = status;
      const text = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'x-request-id': `req_fake_${this.records.length}` });
      res.end(text);
    };
    const stream = async (frames: string[], contentType = 'text/event-stream; charset=utf-8') => {
      rec.status = 200;
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache', 'x-request-id': `req_fake_${this.records.length}` });
      for (const f of frames) {
        if (res.destroyed) return;
        res.write(f);
        if (this.opts.frameDelayMs) await sleep(this.opts.frameDelayMs);
      }
      res.end();
    };
    const err = (status: number, message: string) => {
      rec.refused = message;
      if (this.kind === 'openai') return send(status, openAIError(status, message, status === 401 ? 'invalid_api_key' : null));
      if (this.kind === 'anthropic') return send(status, anthropicError(status, message));
      return send(status, geminiError(status, message));
    };

    // Authentication exactly where each vendor looks for the key.
    const h = req.headers;
    const presented =
      this.kind === 'openai'
        ? String(h.authorization ?? '').replace(/^Bearer /, '')
        : this.kind === 'anthropic'
          ? String(h['x-api-key'] ?? '')
          : String(h['x-goog-api-key'] ?? u.searchParams.get('key') ?? '');
    if (presented !== this.opts.apiKey) {
      if (this.kind === 'openai') return err(401, `Incorrect API key provided: ${presented.slice(0, 6)}***. You can find your API key at https://platform.openai.com/account/api-keys.`);
      if (this.kind === 'anthropic') return err(401, 'invalid x-api-key');
      return err(400, 'API key not valid. Please pass a valid API key.');
    }

    const answer = async (view: RequestView, render: (t: Turn) => unknown, streamFrames: (t: Turn) => string[], contentType?: string) => {
      rec.action = 'generate';
      rec.view = view;
      let turn: Turn;
      try {
        turn = this.script(view, this.generateCount++);
      } catch (e) {
        return err(500, `fake vendor script failed: ${(e as Error).message}`);
      }
      rec.turn = turn;
      if (turn.error) return err(turn.error.status, turn.error.message);
      return view.stream ? stream(streamFrames(turn), contentType) : send(200, render(turn));
    };

    const p = u.pathname;
    if (this.kind === 'openai') {
      if (req.method === 'GET' && p === '/v1/models') return (rec.action = 'models'), send(200, openAIModels(this.opts.models));
      if (req.method === 'POST' && p === '/v1/chat/completions') {
        const bad = validateOpenAIChat(json);
        if (bad) return err(400, bad);
        return answer(viewOpenAIChat(json), (t) => renderOpenAIChat(t, json.model), (t) => streamOpenAIChat(t, json.model, json.stream_options?.include_usage === true));
      }
      if (req.method === 'POST' && p === '/v1/responses') {
        const bad = validateOpenAIResponses(json);
        if (bad) return err(400, bad);
        return answer(viewOpenAIResponses(json), (t) => renderOpenAIResponses(t, json.model, json), (t) => streamOpenAIResponses(t, json.model, json));
      }
    } else if (this.kind === 'anthropic') {
      if (req.method === 'GET' && p === '/v1/models') return (rec.action = 'models'), send(200, anthropicModels(this.opts.models));
      if (req.method === 'POST' && p === '/v1/messages/count_tokens') {
        rec.action = 'count_tokens';
        rec.view = viewAnthropic(json);
        return send(200, { input_tokens: Math.max(1, Math.ceil(rec.view.allText.length / 4)) });
      }
      if (req.method === 'POST' && p === '/v1/messages') {
        const bad = validateAnthropic(json, req.headers);
        if (bad) return err(400, bad);
        return answer(viewAnthropic(json), (t) => renderAnthropic(t, json.model), (t) => streamAnthropic(t, json.model));
      }
    } else {
      if (req.method === 'GET' && p === '/v1beta/models') return (rec.action = 'models'), send(200, geminiModels(this.opts.models));
      const m = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/.exec(p);
      if (req.method === 'POST' && m) {
        const model = decodeURIComponent(m[1]!);
        if (m[2] === 'countTokens') {
          rec.action = 'count_tokens';
          const inner = json?.generateContentRequest ?? json;
          rec.view = viewGemini(inner, model, false);
          const n = Math.max(1, Math.ceil(rec.view.allText.length / 4));
          return send(200, { totalTokens: n, promptTokensDetails: [{ modality: 'TEXT', tokenCount: n }] });
        }
        const bad = validateGemini(json);
        if (bad) return err(400, bad);
        const sse = u.searchParams.get('alt') === 'sse';
        return answer(
          viewGemini(json, model, m[2] === 'streamGenerateContent'),
          (t) => renderGemini(t, model),
          (t) => (sse ? streamGeminiSse(t, model) : streamGeminiArray(t, model)),
          sse ? 'text/event-stream' : 'application/json; charset=UTF-8',
        );
      }
    }
    return err(404, `fake ${this.kind} vendor: no route ${req.method} ${p}`);
  }
}
