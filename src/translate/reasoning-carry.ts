import { admitOrigin, signatureOrigin, stampOrigin } from './codecs/shared/signature';
import { mergeConsecutive } from './codecs/shared/messages';
import type { Stage } from './codecs/shared/stage';
import type { IrReasoningPart, IrRequest, IrResponse, IrStreamEvent } from './ir';

/**
 * Reasoning that survives a switch of account, model or family (issue 17).
 *
 * - Every signature an upstream issues is stamped with its origin (account × model family) on
 *   its way to the client (`stampResponse`, `CarryReasoningStage`); on the way back only the
 *   signatures of the target's own origin are admitted (`admitRequest`), the rest are dropped —
 *   never forged. The wire encoders then put the admitted ones back where their vendor wants them
 *   and use Gemini's skip placeholder only for calls that truly came from elsewhere.
 * - Clients whose dialect has no field for a signature (OpenAI chat drops it; many clients drop
 *   `reasoning_content` too) get their reasoning restored from a `ReasoningMemory`, keyed by the
 *   tool-call ids of the answer that carried it.
 */

/** A bounded per-session store of the reasoning that preceded tool calls (implemented with state outside translate). */
export interface ReasoningMemory {
  remember(session: string, callId: string, parts: IrReasoningPart[]): void;
  recall(session: string, callId: string): IrReasoningPart[] | undefined;
}

/** What the passes need from TranslateContext. */
export interface CarryContext {
  upstreamModel: string;
  /** The account serving this request; without it no origin is stamped or checked (legacy tags). */
  accountId?: string;
  /** Sticky-session key of the request, scoping the memory. */
  sessionKey?: string;
  reasoningMemory?: ReasoningMemory;
}

function originOf(ctx: CarryContext): string | undefined {
  return ctx.accountId === undefined ? undefined : signatureOrigin(ctx.accountId, ctx.upstreamModel);
}

const signed = (p: IrReasoningPart) => !!p.signature || p.redacted !== undefined;

/**
 * Before encoding for the upstream: restore remembered reasoning on assistant tool-call turns
 * that came back without a signed one, then admit only this origin's signatures.
 */
export function admitRequest(ir: IrRequest, ctx: CarryContext): void {
  const origin = originOf(ctx);
  if (origin === undefined) return;
  const memory = ctx.reasoningMemory;
  ir.messages = mergeConsecutive(ir.messages);
  for (const m of ir.messages) {
    if (m.role !== 'assistant') continue;
    if (memory && !m.content.some((p) => p.type === 'reasoning' && signed(p))) {
      const call = m.content.find((p) => p.type === 'tool-call');
      const kept = call && memory.recall(ctx.sessionKey ?? '', call.id);
      if (kept) m.content = [...kept.map((p) => ({ ...p })), ...m.content.filter((p) => p.type !== 'reasoning')];
    }
    for (const p of m.content) {
      if (p.type !== 'reasoning') continue;
      const signature = admitOrigin(p.signature, origin);
      const redacted = admitOrigin(p.redacted, origin);
      if (signature === undefined) delete p.signature;
      else p.signature = signature;
      if (redacted === undefined) delete p.redacted;
      else p.redacted = redacted;
    }
  }
}

/** After decoding an upstream answer: stamp its signatures and remember them by tool call. */
export function stampResponse(r: IrResponse, ctx: CarryContext): void {
  const origin = originOf(ctx);
  if (origin === undefined) return;
  const reasoning: IrReasoningPart[] = [];
  for (const p of r.content) {
    if (p.type !== 'reasoning') continue;
    stampPart(p, origin);
    reasoning.push(p);
  }
  if (!ctx.reasoningMemory || reasoning.length === 0) return;
  for (const p of r.content) if (p.type === 'tool-call') ctx.reasoningMemory.remember(ctx.sessionKey ?? '', p.id, reasoning.map((q) => ({ ...q })));
}

function stampPart(p: IrReasoningPart, origin: string): void {
  if (p.signature) p.signature = stampOrigin(p.signature, origin);
  if (p.redacted !== undefined) p.redacted = stampOrigin(p.redacted, origin) ?? p.redacted;
}

/** The stream counterpart of `stampResponse`, wrapped around the upstream stream decoder. */
export class CarryReasoningStage<I> implements Stage<I, IrStreamEvent> {
  private readonly origin: string;
  private readonly open = new Map<string, IrReasoningPart>();
  private readonly done: IrReasoningPart[] = [];

  constructor(
    private readonly inner: Stage<I, IrStreamEvent>,
    private readonly ctx: CarryContext & { accountId: string },
  ) {
    this.origin = originOf(ctx)!;
  }

  push(input: I, emit: (out: IrStreamEvent) => void): void {
    this.inner.push(input, (ev) => emit(this.see(ev)));
  }

  flush(emit: (out: IrStreamEvent) => void): void {
    this.inner.flush((ev) => emit(this.see(ev)));
  }

  private see(ev: IrStreamEvent): IrStreamEvent {
    switch (ev.type) {
      case 'reasoning-start':
        this.open.set(ev.id, { type: 'reasoning', text: '' });
        return ev;
      case 'reasoning-delta': {
        const p = this.open.get(ev.id);
        if (p) p.text += ev.delta;
        return ev;
      }
      case 'reasoning-end': {
        const out = { ...ev, signature: stampOrigin(ev.signature, this.origin), redacted: ev.redacted === undefined ? undefined : stampOrigin(ev.redacted, this.origin) };
        if (out.signature === undefined) delete out.signature;
        if (out.redacted === undefined) delete out.redacted;
        const p = this.open.get(ev.id) ?? { type: 'reasoning', text: '' };
        this.open.delete(ev.id);
        if (out.signature) p.signature = out.signature;
        if (out.redacted !== undefined) p.redacted = out.redacted;
        this.done.push(p);
        return out;
      }
      case 'tool-call':
        if (this.ctx.reasoningMemory && this.done.length) this.ctx.reasoningMemory.remember(this.ctx.sessionKey ?? '', ev.callId, this.done.map((q) => ({ ...q })));
        return ev;
      default:
        return ev;
    }
  }
}
