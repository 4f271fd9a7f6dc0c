import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { json } from './http';
import { echoScript, serveVendor, type RecordedRequest, type ServeOptions, type VendorState } from './serve';
import type { VendorKind } from './wire/errors';
import type { Script } from './wire/turn';

export type Handler = (req: RecordedRequest, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

export interface VendorOptions extends ServeOptions {
  /** Answers every request instead of the vendor logic (a test's hand-written behaviour); `vendor.serve` is still callable from it. */
  handler?: Handler;
  /** Keep every request in `requests` (default true; the bench turns it off). */
  record?: boolean;
  /** Bodies longer than this are not parsed, only sniffed for model and stream (default: always parse). */
  parseLimit?: number;
  port?: number;
  host?: string;
  /** Tune the HTTP server for load runs (bench): long keep-alive, no request timeout. */
  loadRun?: boolean;
}

/** Model and stream flag of a body too large to parse: a look at its head and tail. */
function sniff(buf: Buffer): { model?: string; stream: boolean } {
  const text = buf.subarray(0, 65536).toString('latin1') + '\n' + buf.subarray(Math.max(0, buf.length - 65536)).toString('latin1');
  return { model: /"model"\s*:\s*"([^"]*)"/.exec(text)?.[1], stream: /"stream"\s*:\s*true/.test(text) };
}

/**
 * One fake vendor API on 127.0.0.1 speaking the real wire formats of OpenAI (chat and
 * Responses), Anthropic and Gemini: auth where each vendor looks for the key, the vendors'
 * validation, JSON and streamed answers, count_tokens, models lists, and errors in each
 * vendor's own shape. A `kind` pins it to one vendor; without it each request is answered by
 * the vendor its path belongs to. Every request is recorded; `handler`, `script` and `fault`
 * change what it answers.
 */
export class FakeVendor {
  readonly requests: RecordedRequest[] = [];
  handler: Handler;
  /** Requests whose socket closed before the response finished (a client abort reached the vendor). */
  aborts = 0;
  /** Counters for load runs (bench, soak): requests, request bytes, responses still open. */
  readonly stats = { requests: 0, bytesIn: 0, open: 0 };
  private readonly state: VendorState;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly opts: VendorOptions,
  ) {
    this.state = { opts, generated: 0, injectedFaults: 0 };
    this.handler = opts.handler ?? ((req, res) => this.serve(req, res));
  }

  static async start(opts: VendorOptions | Handler = {}): Promise<FakeVendor> {
    const o = typeof opts === 'function' ? { handler: opts } : opts;
    let self!: FakeVendor;
    const server = createServer((req, res) => self.receive(req, res));
    if (o.loadRun) {
      // Long keep-alive and no request timeout, like a vendor's edge under sustained load.
      server.keepAliveTimeout = 60_000;
      server.headersTimeout = 61_000;
      server.requestTimeout = 0;
    }
    await new Promise<void>((r) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', r));
    self = new FakeVendor(server, `http://${o.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`, o);
    return self;
  }

  get kind(): VendorKind | undefined {
    return this.opts.kind;
  }

  /** Base URL for the proxy's account config (OpenAI with /v1; Anthropic and Gemini without). */
  get accountBaseUrl(): string {
    return this.kind === 'openai' ? `${this.url}/v1` : this.url;
  }

  /** Faults injected so far (see `VendorOptions.fault`). */
  get injectedFaults(): number {
    return this.state.injectedFaults;
  }

  set script(s: Script | undefined) {
    this.state.opts.script = s;
  }

  get script(): Script {
    return this.state.opts.script ?? echoScript();
  }

  /** The vendor logic (auth, validation, routes, script): the default handler. */
  serve(req: RecordedRequest, res: ServerResponse): Promise<void> {
    return serveVendor(this.state, req, res);
  }

  /** Forget what was received and answer with `script` from now on (the generate count restarts). */
  reset(script?: Script): void {
    this.requests.length = 0;
    this.state.generated = 0;
    this.script = script;
  }

  generateRecords(): RecordedRequest[] {
    return this.requests.filter((r) => r.action === 'generate');
  }

  last(): RecordedRequest {
    const r = this.requests.at(-1);
    if (!r) throw new Error('fake vendor received no request');
    return r;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private receive(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let len = 0;
    req.on('data', (c: Buffer) => {
      chunks.push(c);
      len += c.length;
    });
    req.on('end', () => {
      this.stats.requests++;
      this.stats.bytesIn += len;
      this.stats.open++;
      const buf = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, len);
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const rec: RecordedRequest = {
        at: new Date().toISOString(), method: req.method ?? '', path: q === -1 ? url : url.slice(0, q), url, headers: req.headers,
        body: '', json: undefined, action: 'unknown', status: 0,
      };
      if (this.opts.parseLimit !== undefined && len > this.opts.parseLimit) {
        rec.sniffed = true;
        rec.json = sniff(buf);
      } else {
        rec.body = buf.toString('utf8');
        try {
          rec.json = rec.body ? JSON.parse(rec.body) : undefined;
        } catch {
          rec.json = undefined;
        }
      }
      if (this.opts.record !== false) this.requests.push(rec);
      res.on('close', () => {
        this.stats.open--;
        rec.status = res.headersSent ? res.statusCode : 0;
        if (!res.writableFinished) this.aborts++;
      });
      Promise.resolve(this.handler(rec, res, req)).catch((err) => {
        if (res.headersSent) return void res.destroy();
        json(res, 500, { error: { message: `fake vendor crashed: ${(err as Error).stack}` } });
      });
    });
  }
}
