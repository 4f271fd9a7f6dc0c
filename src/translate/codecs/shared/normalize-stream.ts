import type { IrFinishReason, IrStreamEvent, IrUsage } from '../../ir';
import type { Stage } from './stage';

type BlockKind = 'text' | 'reasoning' | 'tool';

interface OpenBlock {
  kind: BlockKind;
  id: string;
  callId?: string;
  name?: string;
  args?: string;
}

/**
 * Makes any decoder output a well-formed IR sequence (see IrStreamEvent): exactly one
 * message-start first; blocks opened before their deltas and closed before the next
 * block; every tool block closed with a `tool-call` carrying the complete arguments (a bare
 * `tool-call` gets its start/delta/end synthesized); `usage` folded into `finish`; exactly
 * one terminal `finish` or `error`, synthesized at end of input (reason `other`) when the
 * upstream stopped early. Events after the terminal one are dropped.
 */
export class NormalizeIrStream implements Stage<IrStreamEvent, IrStreamEvent> {
  private started = false;
  private done = false;
  private open: OpenBlock | undefined;
  /** Call ids whose `tool-call` went out. */
  private readonly announced = new Set<string>();
  private usage: IrUsage = { inputTokens: 0, outputTokens: 0 };

  push(ev: IrStreamEvent, emit: (e: IrStreamEvent) => void): void {
    if (this.done) return;
    if (ev.type === 'message-start') {
      if (ev.usage) this.mergeUsage(ev.usage);
      if (!this.started) {
        this.started = true;
        emit({ ...ev, usage: { ...this.usage } });
      }
      return;
    }
    this.ensureStarted(emit);
    switch (ev.type) {
      case 'text-start':
        this.openBlock({ kind: 'text', id: ev.id }, emit);
        return;
      case 'reasoning-start':
        this.openBlock({ kind: 'reasoning', id: ev.id }, emit, ev.redacted);
        return;
      case 'tool-input-start':
        this.openBlock({ kind: 'tool', id: ev.id, callId: ev.callId, name: ev.name, args: '' }, emit);
        return;
      case 'text-delta':
        if (ev.delta === '') return;
        this.ensureOpen('text', ev.id, emit);
        emit(ev);
        return;
      case 'reasoning-delta':
        if (ev.delta === '') return;
        this.ensureOpen('reasoning', ev.id, emit);
        emit(ev);
        return;
      case 'tool-input-delta':
        if (!this.open || this.open.kind !== 'tool' || this.open.id !== ev.id) return; // no start: nothing to attach to
        if (ev.delta === '') return;
        this.open.args += ev.delta;
        emit(ev);
        return;
      case 'text-end':
      case 'tool-input-end':
        if (this.open?.id === ev.id) this.closeOpen(emit);
        return;
      case 'reasoning-end':
        if (this.open?.id === ev.id && this.open.kind === 'reasoning') {
          emit(ev);
          this.open = undefined;
        } else if (ev.signature !== undefined || ev.redacted !== undefined) {
          // a signature with no open block (Gemini signs non-thought parts): an empty signed block
          this.closeOpen(emit);
          emit({ type: 'reasoning-start', id: ev.id, redacted: ev.redacted !== undefined });
          emit(ev);
        }
        return;
      case 'tool-call':
        // Already framed: `tool-input-end` closed the block and announced the call (idempotent
        // on its own output, so a normalized stream can be normalized again).
        if (this.announced.has(ev.callId) && !(this.open?.kind === 'tool' && this.open.callId === ev.callId)) return;
        if (this.open?.kind === 'tool' && this.open.callId === ev.callId) {
          this.open.args = ev.arguments;
          this.closeOpen(emit);
          return;
        }
        this.closeOpen(emit);
        emit({ type: 'tool-input-start', id: ev.id, callId: ev.callId, name: ev.name });
        if (ev.arguments) emit({ type: 'tool-input-delta', id: ev.id, delta: ev.arguments });
        emit({ type: 'tool-input-end', id: ev.id });
        this.announced.add(ev.callId);
        emit(ev);
        return;
      case 'usage':
        this.mergeUsage(ev.usage);
        return;
      case 'finish':
        this.closeOpen(emit);
        this.mergeUsage(ev.usage);
        this.done = true;
        emit({ ...ev, usage: { ...this.usage } });
        return;
      case 'error':
        this.closeOpen(emit);
        this.done = true;
        emit(ev);
        return;
    }
  }

  flush(emit: (e: IrStreamEvent) => void): void {
    if (this.done) return;
    this.ensureStarted(emit);
    this.closeOpen(emit);
    this.done = true;
    const reason: IrFinishReason = 'other';
    emit({ type: 'finish', reason, usage: { ...this.usage } });
  }

  private ensureStarted(emit: (e: IrStreamEvent) => void): void {
    if (this.started) return;
    this.started = true;
    emit({ type: 'message-start', usage: { ...this.usage } });
  }

  private openBlock(b: OpenBlock, emit: (e: IrStreamEvent) => void, redacted?: boolean): void {
    if (this.open?.id === b.id && this.open.kind === b.kind) return;
    this.closeOpen(emit);
    this.open = b;
    if (b.kind === 'text') emit({ type: 'text-start', id: b.id });
    else if (b.kind === 'reasoning') emit(redacted ? { type: 'reasoning-start', id: b.id, redacted } : { type: 'reasoning-start', id: b.id });
    else emit({ type: 'tool-input-start', id: b.id, callId: b.callId!, name: b.name! });
  }

  private ensureOpen(kind: 'text' | 'reasoning', id: string, emit: (e: IrStreamEvent) => void): void {
    if (this.open?.id === id && this.open.kind === kind) return;
    this.openBlock({ kind, id }, emit);
  }

  private closeOpen(emit: (e: IrStreamEvent) => void): void {
    const b = this.open;
    if (!b) return;
    this.open = undefined;
    if (b.kind === 'text') emit({ type: 'text-end', id: b.id });
    else if (b.kind === 'reasoning') emit({ type: 'reasoning-end', id: b.id });
    else {
      emit({ type: 'tool-input-end', id: b.id });
      this.announced.add(b.callId!);
      emit({ type: 'tool-call', id: b.id, callId: b.callId!, name: b.name!, arguments: b.args ?? '' });
    }
  }

  /** Later non-zero values win: vendors report usage cumulatively. */
  private mergeUsage(u: Partial<IrUsage>): void {
    for (const k of Object.keys(u) as Array<keyof IrUsage>) {
      const v = u[k];
      if (typeof v === 'number' && (v > 0 || this.usage[k] === undefined)) this.usage[k] = v;
    }
  }
}
