/**
 * IR stream events → one IrResponse (pure): for non-streaming clients of an upstream that only
 * streams (VS Code language models). Tolerates any event order: deltas without a start open
 * their block, a bare `tool-call` stands on its own, usage is merged (later non-zero values win,
 * as vendors report cumulatively). An `error` event throws ProxyError with its status.
 */
import { parseArguments } from '../codecs/shared/json';
import { ProxyError, errorKindForStatus } from '../../core/errors';
import type { IrReasoningPart, IrTextPart } from './request';
import type { IrFinishReason, IrOutputPart, IrResponse, IrUsage } from './response';
import type { IrStreamEvent } from './stream';

export interface CollectDefaults {
  id?: string;
  model?: string;
}

function mergeUsage(into: IrUsage, u: Partial<IrUsage> | undefined): void {
  if (!u) return;
  for (const k of Object.keys(u) as Array<keyof IrUsage>) {
    const v = u[k];
    if (typeof v === 'number' && Number.isFinite(v) && (v > 0 || into[k] === undefined)) into[k] = v;
  }
}

export function collectIrResponse(events: Iterable<IrStreamEvent>, defaults: CollectDefaults = {}): IrResponse {
  const content: IrOutputPart[] = [];
  const usage: IrUsage = { inputTokens: 0, outputTokens: 0 };
  let id = defaults.id ?? '';
  let model = defaults.model ?? '';
  let finishReason: IrFinishReason | undefined;
  let stopSequence: string | undefined;
  /** Open text / reasoning blocks by id; tool-input arguments by block id. */
  const texts = new Map<string, IrTextPart | IrReasoningPart>();
  const toolArgs = new Map<string, { callId: string; name: string; args: string }>();

  const block = (kind: 'text' | 'reasoning', blockId: string): IrTextPart | IrReasoningPart => {
    let b = texts.get(blockId);
    if (!b || b.type !== kind) {
      b = kind === 'text' ? { type: 'text', text: '' } : { type: 'reasoning', text: '' };
      texts.set(blockId, b);
      content.push(b);
    }
    return b;
  };
  const pushCall = (callId: string, name: string, args: string) => content.push({ type: 'tool-call', id: callId, name, input: parseArguments(args) });

  for (const ev of events) {
    if (finishReason !== undefined) break;
    switch (ev.type) {
      case 'message-start':
        if (ev.id) id = ev.id;
        if (ev.model) model = ev.model;
        mergeUsage(usage, ev.usage);
        break;
      case 'text-start': block('text', ev.id); break;
      case 'text-delta': block('text', ev.id).text += ev.delta; break;
      case 'text-end': texts.delete(ev.id); break;
      case 'reasoning-start': block('reasoning', ev.id); break;
      case 'reasoning-delta': block('reasoning', ev.id).text += ev.delta; break;
      case 'reasoning-end': {
        const b = texts.get(ev.id) ?? block('reasoning', ev.id);
        if (b.type === 'reasoning') {
          if (ev.signature !== undefined) b.signature = ev.signature;
          if (ev.redacted !== undefined) b.redacted = ev.redacted;
        }
        texts.delete(ev.id);
        break;
      }
      case 'tool-input-start': toolArgs.set(ev.id, { callId: ev.callId, name: ev.name, args: '' }); break;
      case 'tool-input-delta': {
        const t = toolArgs.get(ev.id);
        if (t) t.args += ev.delta;
        break;
      }
      case 'tool-input-end': break; // the `tool-call` that follows carries the complete arguments
      case 'tool-call':
        toolArgs.delete(ev.id);
        pushCall(ev.callId, ev.name, ev.arguments);
        break;
      case 'usage': mergeUsage(usage, ev.usage); break;
      case 'finish':
        mergeUsage(usage, ev.usage);
        finishReason = ev.reason;
        stopSequence = ev.stopSequence;
        break;
      case 'error':
        throw new ProxyError(ev.status ? errorKindForStatus(ev.status) : 'bad_gateway', ev.message, { status: ev.status ?? 502 });
    }
  }
  // Tool inputs that never got their closing `tool-call` still count as calls.
  for (const t of toolArgs.values()) pushCall(t.callId, t.name, t.args);
  const parts = content.filter((p) => p.type !== 'text' || p.text !== '');
  let reason = finishReason ?? 'other';
  if ((reason === 'stop' || reason === 'other') && parts.some((p) => p.type === 'tool-call')) reason = 'tool_calls';
  return { id, model, content: parts, finishReason: reason, ...(stopSequence !== undefined ? { stopSequence } : {}), usage };
}
