import type { IncomingMessage, ServerResponse } from 'node:http';
import { pingOnly, resetAfterHeaders, resetMidBody, silentAfterHeaders } from './faults';
import { json, reset, sendError, sleep, writeFrames } from './http';
import { anthropicModels, validateAnthropic, viewAnthropic } from './wire/anthropic';
import { badKeyError, vendorError, type ErrorOptions, type VendorKind } from './wire/errors';
import { geminiModels, validateGemini, viewGemini } from './wire/gemini';
import { renderJson, renderStream, tokenOf, type Wire } from './wire/index';
import { openAIModels, validateOpenAIChat, viewOpenAIChat } from './wire/openai-chat';
import { validateOpenAIResponses, viewOpenAIResponses } from './wire/openai-responses';
import type { RequestView, Script, Turn } from './wire/turn';
import {
  structuredView, validateAnthropicStructured, validateGeminiStructured, validateOpenAIChatStructured, validateResponsesStructured, type StructuredVendorOptions,
} from './wire/structured';

/** One request as the vendor saw it, with what it answered. */
export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The parsed body; for bodies over `parseLimit` only `{ model, stream }` sniffed from its head and tail. */
  json: any;
  /** generate | count_tokens | models | unknown */
  action: 'generate' | 'count_tokens' | 'models' | 'unknown';
  view?: RequestView;
  turn?: Turn;
  /** The status sent (0 while nothing was). */
  status: number;
  /** Why the vendor refused the request (auth, validation, unknown route), as the vendor would say it. */
  refused?: string;
  /** The body was too large to parse: `json` holds only what was sniffed, and it is not validated. */
  sniffed?: boolean;
  /** The fault injected instead of an answer. */
  fault?: Fault['type'];
}

/** What a misbehaving vendor does instead of answering (see `VendorOptions.fault`). */
export type Fault =
  | ({ type: 'error'; status: number; message?: string } & ErrorOptions)
  /** The socket dies before any byte. */
  | { type: 'reset' }
  /** A 200 stream that dies after `afterFrames` frames (default 1). */
  | { type: 'reset-mid-stream'; afterFrames?: number }
  /** Accepts and never answers. */
  | { type: 'stall' }
  /** A 200 stream that stops after `afterFrames` frames and stays open. */
  | { type: 'stall-mid-stream'; afterFrames?: number }
  /** 200 stream headers, then the socket dies before the first event. */
  | { type: 'reset-after-headers' }
  /** 200 stream headers, then silence (the connection stays open). */
  | { type: 'silent-after-headers' }
  /** A 200 JSON answer whose body dies halfway (non-stream requests). */
  | { type: 'reset-mid-body' }
  /** The answer's first `afterFrames` frames (default 0), vendor pings only every `everyMs` for `forMs` (forever when absent), then the rest. */
  | { type: 'ping-only'; everyMs: number; forMs?: number; afterFrames?: number };

export interface ServeOptions extends StructuredVendorOptions {
  /** One vendor family (its auth header, its routes only); default: the family the request's path belongs to. */
  kind?: VendorKind;
  /** Accepted account keys; default: any non-empty key in the vendor's own header. */
  apiKey?: string | string[];
  /** Ids for the models list endpoints. */
  models?: string[];
  /** Refuse with 400 what the real vendor refuses (default true). */
  validate?: boolean;
  /** Decides each answer; default: the request's `tok-…` marker echoed (see `echoScript`). */
  script?: Script;
  /** Pause between stream frames (fractions allowed). A turn's own `frameDelayMs` wins. */
  frameDelayMs?: number;
  /** "Thinking" time before the answer starts, in ms. */
  thinkMs?: number | (() => number);
  /** A fault to inject instead of answering request number `n` (0-based, generate requests only). */
  fault?: (req: RecordedRequest, n: number) => Fault | undefined;
}

/** Mutable per-vendor state shared by requests. */
export interface VendorState {
  opts: ServeOptions;
  generated: number;
  injectedFaults: number;
}

/** A Turn that can also set its own pacing (the bench encodes it in the model name). */
export type PacedTurn = Turn & { frameDelayMs?: number };

/** The default script: four deltas around the request's `tok-…` marker, so cross-talk shows. */
export function echoScript(parts?: string[]): Script {
  return (view) => {
    const tok = tokenOf(view.allText);
    const p = parts ?? [`${tok} `, 'a', 'b', ` ${tok}`];
    return { text: p.join(''), parts: p };
  };
}

/** The structured-output checks of the vendor answering on `wire`. */
function validateStructured(wire: Wire, body: any, headers: Record<string, unknown>, o: StructuredVendorOptions): string | undefined {
  switch (wire) {
    case 'anthropic': return validateAnthropicStructured(body, headers, o);
    case 'gemini': return validateGeminiStructured(body);
    case 'openai-responses': return validateResponsesStructured(body);
    default: return validateOpenAIChatStructured(body);
  }
}

function kindOfRequest(req: RecordedRequest): VendorKind {
  if (req.path.startsWith('/v1beta/')) return 'gemini';
  if (req.path.startsWith('/v1/messages') || req.headers['anthropic-version'] !== undefined) return 'anthropic';
  return 'openai';
}

/** The key as the vendor reads it: `Authorization: Bearer`, `x-api-key`, or `x-goog-api-key` / `?key=`. */
function presentedKey(kind: VendorKind, req: RecordedRequest): string {
  const h = req.headers;
  if (kind === 'openai') return String(h.authorization ?? '').replace(/^Bearer /i, '');
  if (kind === 'anthropic') return String(h['x-api-key'] ?? '');
  return String(h['x-goog-api-key'] ?? new URL(req.url, 'http://x').searchParams.get('key') ?? '');
}

/** A request view, or undefined when the body is too malformed to read. */
function readable(read: () => RequestView): RequestView | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

const frameCount = (afterFrames?: number) => Math.max(0, afterFrames ?? 1);

async function injectFault(f: Fault, kind: VendorKind, wire: Wire, rec: RecordedRequest, res: ServerResponse, model: string): Promise<void> {
  rec.fault = f.type;
  if (f.type === 'error') {
    const hints: ErrorOptions = { retryAfter: f.retryAfter, retryDelay: f.retryDelay, headers: f.headers, code: f.code, errorType: f.errorType, details: f.details };
    return sendError(res, vendorError(kind, f.status, f.message ?? `fake ${kind} fault ${f.status}`, hints));
  }
  if (f.type === 'reset') return reset(res);
  if (f.type === 'stall') return;
  if (f.type === 'reset-after-headers') return resetAfterHeaders(res);
  if (f.type === 'silent-after-headers') return silentAfterHeaders(res);
  const turn = { text: 'partial answer', parts: ['partial ', 'answer'] };
  if (f.type === 'reset-mid-body') return resetMidBody(res, renderJson(wire, turn, model, rec.json));
  if (f.type === 'ping-only') return pingOnly(res, wire, renderStream(wire, turn, model, { geminiSse: true }), f);
  const frames = renderStream(wire, { text: 'partial answer', parts: ['partial ', 'answer'] }, model, { geminiSse: true }).slice(0, frameCount(f.afterFrames));
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  await writeFrames(res, frames, 0, false);
  if (f.type === 'reset-mid-stream') {
    await sleep(20);
    reset(res);
  }
}

/**
 * Answers one request the way the vendor would: the key checked where that vendor looks for it,
 * the body validated like the vendor does, then the script's turn as JSON or as the vendor's
 * stream (Gemini: SSE with `alt=sse`, a JSON array without); errors in the vendor's own shape.
 */
export async function serveVendor(state: VendorState, rec: RecordedRequest, res: ServerResponse): Promise<void> {
  const o = state.opts;
  const kind = o.kind ?? kindOfRequest(rec);
  const refuse = (e: ReturnType<typeof vendorError>, why?: string) => {
    rec.refused = why ?? JSON.stringify(e.body);
    sendError(res, e);
  };
  const key = presentedKey(kind, rec);
  const keys = o.apiKey === undefined ? undefined : ([] as string[]).concat(o.apiKey);
  if (!key || (keys && !keys.includes(key))) return refuse(badKeyError(kind, key), `bad key for ${kind}: ${key ? 'wrong' : 'missing'}`);

  const body = rec.json;
  const p = rec.path;
  const models = o.models ?? [];
  const answer = async (wire: Wire, readView: () => RequestView, model: string, validate: () => string | undefined, stream: { geminiSse?: boolean; includeUsage?: boolean }) => {
    rec.action = 'generate';
    // A body the vendor cannot even read (wrong types, absurd nesting) is its 400, never a crash.
    let view: RequestView;
    let bad: string | undefined;
    try {
      bad = o.validate !== false && !rec.sniffed ? (validate() ?? validateStructured(wire, body, rec.headers, o)) : undefined;
      view = readView();
      if (!rec.sniffed) Object.assign(view, structuredView(wire, body));
    } catch (e) {
      return refuse(vendorError(kind, 400, `Invalid JSON payload received. ${(e as Error).message}`));
    }
    rec.view = view;
    if (bad) return refuse(vendorError(kind, 400, bad), bad);
    const n = state.generated++;
    const fault = o.fault?.(rec, n);
    if (fault) {
      state.injectedFaults++;
      return injectFault(fault, kind, wire, rec, res, model);
    }
    let turn: PacedTurn;
    try {
      turn = (o.script ?? echoScript())(view, n);
    } catch (e) {
      return refuse(vendorError(kind, 500, `fake vendor script failed: ${(e as Error).message}`));
    }
    rec.turn = turn;
    if (turn.error) return refuse(vendorError(kind, turn.error.status, turn.error.message, turn.error), turn.error.message);
    const think = typeof o.thinkMs === 'function' ? o.thinkMs() : o.thinkMs;
    if (think) await sleep(think);
    if (res.destroyed) return;
    if (!view.stream) return json(res, 200, renderJson(wire, turn, model, body));
    const frames = renderStream(wire, turn, model, { body, ...stream });
    const type = wire === 'gemini' && stream.geminiSse === false ? 'application/json; charset=UTF-8' : 'text/event-stream';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
    await writeFrames(res, frames, turn.frameDelayMs ?? o.frameDelayMs ?? 0);
  };
  const count = (n: number) => Math.max(1, Math.ceil(n / 4));

  if (kind === 'openai') {
    if (rec.method === 'GET' && p === '/v1/models') return (rec.action = 'models'), json(res, 200, openAIModels(models));
    if (rec.method === 'POST' && p === '/v1/chat/completions') {
      const model = String(body?.model ?? '');
      return answer('openai-chat', () => viewOpenAIChat(body), model, () => validateOpenAIChat(body), { includeUsage: body?.stream_options?.include_usage === true });
    }
    if (rec.method === 'POST' && p === '/v1/responses') {
      return answer('openai-responses', () => viewOpenAIResponses(body), String(body?.model ?? ''), () => validateOpenAIResponses(body), {});
    }
  } else if (kind === 'anthropic') {
    if (rec.method === 'GET' && p === '/v1/models') return (rec.action = 'models'), json(res, 200, anthropicModels(models));
    if (rec.method === 'POST' && p === '/v1/messages/count_tokens') {
      rec.action = 'count_tokens';
      const view = readable(() => viewAnthropic(body));
      if (!view) return refuse(vendorError(kind, 400, 'messages: Input should be a valid list'));
      rec.view = view;
      return json(res, 200, { input_tokens: count(view.allText.length) });
    }
    if (rec.method === 'POST' && p === '/v1/messages') {
      return answer('anthropic', () => viewAnthropic(body), String(body?.model ?? ''), () => validateAnthropic(body, rec.headers), {});
    }
  } else {
    if (rec.method === 'GET' && p === '/v1beta/models') return (rec.action = 'models'), json(res, 200, geminiModels(models));
    const m = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/.exec(p);
    if (rec.method === 'POST' && m) {
      const model = decodeURIComponent(m[1]!);
      if (m[2] === 'countTokens') {
        rec.action = 'count_tokens';
        const view = readable(() => viewGemini(body?.generateContentRequest ?? body, model, false));
        if (!view) return refuse(vendorError(kind, 400, 'Invalid JSON payload received.'));
        rec.view = view;
        const n = count(view.allText.length);
        return json(res, 200, { totalTokens: n, promptTokensDetails: [{ modality: 'TEXT', tokenCount: n }] });
      }
      const geminiSse = new URL(rec.url, 'http://x').searchParams.get('alt') === 'sse';
      return answer('gemini', () => viewGemini(body, model, m[2] === 'streamGenerateContent'), model, () => validateGemini(body), { geminiSse });
    }
  }
  return refuse(vendorError(kind, 404, `fake ${kind} vendor: no route ${rec.method} ${p}`));
}
