import type { IrFinishReason, IrUsage } from './response';

/**
 * The one stream vocabulary. A well-formed sequence (see normalizeIrStream) is:
 * message-start, then blocks — each `*-start`, deltas, `*-end` — never interleaved,
 * tool blocks followed by a `tool-call` with the complete arguments, then exactly one
 * `finish` or `error` as the last event. `id` names a block within the message.
 */
export type IrStreamEvent =
  | { type: 'message-start'; id?: string; model?: string; usage?: Partial<IrUsage> }
  | { type: 'text-start'; id: string }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string }
  | { type: 'reasoning-start'; id: string; redacted?: boolean }
  | { type: 'reasoning-delta'; id: string; delta: string }
  | { type: 'reasoning-end'; id: string; signature?: string; redacted?: string }
  | { type: 'tool-input-start'; id: string; callId: string; name: string }
  | { type: 'tool-input-delta'; id: string; delta: string }
  | { type: 'tool-input-end'; id: string }
  | { type: 'tool-call'; id: string; callId: string; name: string; arguments: string }
  | { type: 'usage'; usage: Partial<IrUsage> }
  | { type: 'finish'; reason: IrFinishReason; usage: IrUsage; stopSequence?: string }
  | { type: 'error'; message: string; errorType?: string; status?: number };

export type IrStreamEventType = IrStreamEvent['type'];
