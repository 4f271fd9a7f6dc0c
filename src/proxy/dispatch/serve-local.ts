import type { Context } from 'koa';
import { Readable } from 'node:stream';
import { CODECS } from '../../translate/codecs/registry';
import { NormalizeIrStream } from '../../translate/codecs/shared/normalize-stream';
import { compose, type Stage } from '../../translate/codecs/shared/stage';
import { ProxyError, errorKindForStatus, toProxyError, type ErrorKind } from '../../core/errors';
import type { IrRequest, IrStreamEvent, IrUsage } from '../../translate/ir';
import { collectIrResponse } from '../../translate/ir/collect';
import type { LocalProvider } from '../../upstream/local-provider';
import { countTokensBody, includeUsageOf } from '../../translate';
import { estimateIr, textTokens } from '../../translate/count-tokens';
import type { Candidate } from '../../upstream/pool-types';
import { stripForeignReasoning } from '../../translate/codecs/shared/strip-foreign-reasoning';
import type { ClientCall, DispatchServices, RequestTrace } from './client-call';
import { respondStream } from './respond';

/**
 * Serves one attempt through the LocalProvider of the account's kind (vscode-lm, demo): client
 * body → IR → provider → IR events → the client's codec (stream or JSON). Throws ProxyError before the first byte so
 * the dispatcher can fail over: the provider's events are held back until the first one that
 * carries content, so a failure at any point before that (consent, quota, unknown model)
 * still rotates. Usage comes from the provider's events, else from countTokens (estimated).
 */
export async function serveLocal(ctx: Context, call: ClientCall, cand: Candidate, svc: DispatchServices, trace: RequestTrace, signal: AbortSignal): Promise<void> {
  const provider = svc.localProvider(cand.account.kind);
  if (!provider) throw new ProxyError('unavailable', `Account ${cand.account.label} (VS Code language models) is only available inside VS Code.`, { retryable: true });
  const codec = CODECS[call.dialect];
  const ir = codec.decodeRequest(cand.stripReasoning ? stripForeignReasoning(call.dialect, call.body) : call.body);
  ir.model = cand.upstreamModel;
  ir.stream = call.stream;
  for (const n of new Set(ir.notes)) trace.notes.push(n);
  const started = ctx.state.startedAt as number;

  if (call.action === 'count_tokens') {
    const n = await countInput(provider, ir, cand, signal);
    sendJson(ctx, trace, JSON.stringify(countTokensBody(call.dialect, n)), started);
    return;
  }

  let events: AsyncIterator<IrStreamEvent>;
  try {
    events = provider.stream(ir, cand.account, cand.upstreamModel, signal)[Symbol.asyncIterator]();
  } catch (err) {
    throw providerError(err);
  }
  const held = await holdUntilContent(events);
  const metered = meter(replay(held, events), provider, ir, cand, trace, signal);
  if (call.stream) {
    const encoder = codec.encodeStream({ model: call.clientModel, geminiSse: call.geminiSse, includeUsage: call.dialect === 'openai-chat' && includeUsageOf(call.body) });
    const source = Readable.from(encode(metered, compose(new NormalizeIrStream(), encoder)), { objectMode: false });
    await respondStream(ctx, call, source, svc, trace, new Headers());
    return;
  }
  const all: IrStreamEvent[] = [];
  for await (const ev of metered) all.push(ev);
  const response = collectIrResponse(all, { model: cand.upstreamModel });
  sendJson(ctx, trace, JSON.stringify(codec.encodeResponse(response, call.clientModel)), started);
}

function sendJson(ctx: Context, trace: RequestTrace, text: string, started: number): void {
  trace.ttfbMs ??= Date.now() - started;
  ctx.status = 200;
  ctx.type = 'application/json';
  ctx.body = text;
  trace.responseBytes = Buffer.byteLength(text);
  if (trace.record.wantsBodies) trace.record.responseChunk(text);
}

const QUIET: ReadonlySet<IrStreamEvent['type']> = new Set(['message-start', 'usage']);

/**
 * The provider lives in the extension's bundle, whose ProxyError is another class than the
 * core's: its errors are recognised by shape (name, kind, status) and re-created here.
 */
export function providerError(err: unknown): ProxyError {
  if (err instanceof ProxyError) return err;
  const e = err as { name?: unknown; kind?: unknown; status?: unknown; message?: unknown; retryable?: unknown; retryAfterSeconds?: unknown; code?: unknown } | undefined;
  if (e?.name === 'ProxyError' && typeof e.kind === 'string' && typeof e.status === 'number' && typeof e.message === 'string') {
    return new ProxyError(e.kind as ErrorKind, e.message, {
      status: e.status,
      ...(typeof e.retryable === 'boolean' ? { retryable: e.retryable } : {}),
      ...(typeof e.retryAfterSeconds === 'number' ? { retryAfterSeconds: e.retryAfterSeconds } : {}),
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      cause: err,
    });
  }
  return toProxyError(err);
}

function errorOf(ev: Extract<IrStreamEvent, { type: 'error' }>): ProxyError {
  const status = ev.status ?? 502;
  return new ProxyError(errorKindForStatus(status), ev.message, { status });
}

/** Pulls events until one with content (or the end); failures until then are thrown as ProxyError. */
async function holdUntilContent(events: AsyncIterator<IrStreamEvent>): Promise<{ held: IrStreamEvent[]; done: boolean }> {
  const held: IrStreamEvent[] = [];
  try {
    for (;;) {
      const r = await events.next();
      if (r.done) return { held, done: true };
      if (r.value.type === 'error') throw errorOf(r.value);
      held.push(r.value);
      if (!QUIET.has(r.value.type)) return { held, done: false };
    }
  } catch (err) {
    await events.return?.().catch(() => undefined);
    throw providerError(err);
  }
}

/** The held events, then the rest; a later failure becomes an `error` event (the stream has begun). */
async function* replay(h: { held: IrStreamEvent[]; done: boolean }, events: AsyncIterator<IrStreamEvent>): AsyncGenerator<IrStreamEvent> {
  yield* h.held;
  if (h.done) return;
  try {
    for (;;) {
      const r = await events.next();
      if (r.done) return;
      yield r.value;
    }
  } catch (err) {
    const e = providerError(err);
    yield { type: 'error', message: e.message, errorType: e.kind, status: e.status };
  } finally {
    // The client went away (the consumer returned early): stop the provider too.
    await events.return?.().catch(() => undefined);
  }
}

function addUsage(into: IrUsage, u: Partial<IrUsage> | undefined): void {
  if (!u) return;
  for (const k of Object.keys(u) as Array<keyof IrUsage>) {
    const v = u[k];
    if (typeof v === 'number' && v > 0) into[k] = v;
  }
}

/**
 * Passes events through, noting usage. When the provider reported none, the `finish` event
 * gets counted usage (countTokens, else the local estimate), recorded as estimated.
 */
async function* meter(events: AsyncGenerator<IrStreamEvent>, provider: LocalProvider, ir: IrRequest, cand: Candidate, trace: RequestTrace, signal: AbortSignal): AsyncGenerator<IrStreamEvent> {
  const usage: IrUsage = { inputTokens: 0, outputTokens: 0 };
  let output = '';
  let calls = false;
  const finish = async (ev: Extract<IrStreamEvent, { type: 'finish' }>): Promise<IrStreamEvent> => {
    addUsage(usage, ev.usage);
    const reported = usage.inputTokens > 0 || usage.outputTokens > 0;
    if (!reported) {
      usage.inputTokens = await countInput(provider, ir, cand, signal);
      usage.outputTokens = output ? await countText(provider, output, cand, signal) : 0;
    }
    trace.record.addUsage({ inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cachedTokens: usage.cachedInputTokens, reasoningTokens: usage.reasoningTokens }, !reported);
    trace.tokens = Math.max(trace.tokens, usage.inputTokens + usage.outputTokens);
    return { ...ev, usage: { ...usage } };
  };
  for await (const ev of events) {
    switch (ev.type) {
      case 'error': yield ev; return;
      case 'finish': yield await finish(ev); return;
      case 'message-start': case 'usage': addUsage(usage, ev.usage); break;
      case 'text-delta': case 'reasoning-delta': output += ev.delta; break;
      case 'tool-call': calls = true; output += ev.name + ev.arguments; break;
      default: break;
    }
    yield ev;
  }
  // The provider ended without saying why: finish here, so usage is counted all the same.
  yield await finish({ type: 'finish', reason: calls ? 'tool_calls' : 'stop', usage: { inputTokens: 0, outputTokens: 0 } });
}

async function countInput(provider: LocalProvider, ir: IrRequest, cand: Candidate, signal: AbortSignal): Promise<number> {
  if (provider.countTokens) {
    try {
      return await provider.countTokens(ir, cand.account, cand.upstreamModel, signal);
    } catch {
      // fall back to the local estimate
    }
  }
  return estimateIr(ir);
}

async function countText(provider: LocalProvider, text: string, cand: Candidate, signal: AbortSignal): Promise<number> {
  const asked: IrRequest = { model: cand.upstreamModel, system: [], messages: [{ role: 'assistant', content: [{ type: 'text', text }] }], tools: [], stream: false, notes: [] };
  if (provider.countTokens) {
    try {
      return await provider.countTokens(asked, cand.account, cand.upstreamModel, signal);
    } catch {
      // fall back to the local estimate
    }
  }
  return Math.max(1, Math.ceil(textTokens(text)));
}

/** IR events → client bytes through one synchronous stage (normalizer + the client's encoder). */
async function* encode(events: AsyncIterable<IrStreamEvent>, stage: Stage<IrStreamEvent, Uint8Array>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const emit = (b: Uint8Array) => out.push(b);
  for await (const ev of events) {
    stage.push(ev, emit);
    if (out.length > 0) yield* out.splice(0);
  }
  stage.flush(emit);
  yield* out.splice(0);
}
