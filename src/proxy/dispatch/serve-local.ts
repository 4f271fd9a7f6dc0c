import { ProxyError, errorKindForStatus } from '../../core/errors';
import { countTokensBody } from '../../translate';
import { CODECS } from '../../translate/codecs/registry';
import { stripForeignReasoning } from '../../translate/codecs/shared/strip-foreign-reasoning';
import { estimateIr, textTokens } from '../../translate/count-tokens';
import type { IrRequest, IrStreamEvent, IrUsage } from '../../translate/ir';
import type { LocalProvider } from '../../upstream/local-provider';
import type { Candidate } from '../../upstream/pool-types';
import type { RoutedExchange } from '../exchange';
import { recordUsage } from '../monitor-hooks';
import type { RequestTrace } from './client-call';
import { clientGone, failure, type Outcome } from './outcome';

/**
 * The send step for an in-process provider (a LocalProvider: VS Code's language models, the
 * demo): client body → IR → provider → an `ir-stream` Answer, which the respond step encodes
 * like any other. Before answering, the provider's events are held back until the first one
 * that carries content, so a failure at any point before that (consent, quota, unknown model)
 * is a Failure and the next account is tried. Usage comes from the provider's events, else
 * from countTokens (recorded as estimated). Never throws.
 */
export async function sendLocal(ex: RoutedExchange, cand: Candidate, provider: LocalProvider): Promise<Outcome> {
  const { call, trace, signal } = ex;
  try {
    const ir = CODECS[call.dialect].decodeRequest(cand.stripReasoning ? stripForeignReasoning(call.dialect, call.body) : call.body);
    ir.model = cand.upstreamModel;
    ir.stream = call.stream;
    for (const n of new Set(ir.notes)) trace.notes.push(n);
    if (call.action === 'count_tokens') {
      const n = await countInput(provider, ir, cand, signal, true);
      return { kind: 'json', text: JSON.stringify(countTokensBody(call.dialect, n)) };
    }
    const events = provider.stream(ir, cand.account, cand.upstreamModel, signal)[Symbol.asyncIterator]();
    const held = await holdUntilContent(events);
    return { kind: 'ir-stream', events: meter(replay(held, events), provider, ir, cand, trace, signal), model: cand.upstreamModel };
  } catch (err) {
    if (signal.aborted) return clientGone();
    return failure(providerError(err), 'vendor');
  }
}

const QUIET: ReadonlySet<IrStreamEvent['type']> = new Set(['message-start', 'usage']);

/** The provider lives in the extension's bundle, whose ProxyError is another class: re-created here. */
export function providerError(err: unknown): ProxyError {
  return ProxyError.from(err);
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
    recordUsage(trace, { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cachedTokens: usage.cachedInputTokens, reasoningTokens: usage.reasoningTokens }, !reported);
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

/**
 * The provider's count, else the local estimate. `strict` (a count_tokens request): a provider
 * that is unavailable here fails the attempt, so the next account may answer.
 */
async function countInput(provider: LocalProvider, ir: IrRequest, cand: Candidate, signal: AbortSignal, strict = false): Promise<number> {
  if (provider.countTokens) {
    try {
      return await provider.countTokens(ir, cand.account, cand.upstreamModel, signal);
    } catch (err) {
      if (strict && providerError(err).kind === 'unavailable') throw err;
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
