import type { IrReasoningPart } from '../translate/ir';
import type { ReasoningMemory } from '../translate';

export const DEFAULT_MAX_REASONING_ENTRIES = 10_000;

/**
 * The reasoning (text and origin-stamped signatures) that preceded each tool call of an answer,
 * by session and tool-call id: restored when a client whose dialect has no signature field
 * (OpenAI chat) sends that call back. Bounded, least recently used evicted first; the key is
 * session + call id so one session never reads another's.
 */
export class LruReasoningMemory implements ReasoningMemory {
  // Map iteration order is insertion order: re-inserting on use keeps the LRU entry first.
  private readonly map = new Map<string, IrReasoningPart[]>();

  constructor(private readonly maxEntries = DEFAULT_MAX_REASONING_ENTRIES) {}

  get size(): number {
    return this.map.size;
  }

  remember(session: string, callId: string, parts: IrReasoningPart[]): void {
    const key = `${session}\u0000${callId}`;
    this.map.delete(key);
    this.map.set(key, parts);
    while (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value as string);
  }

  recall(session: string, callId: string): IrReasoningPart[] | undefined {
    const key = `${session}\u0000${callId}`;
    const parts = this.map.get(key);
    if (!parts) return undefined;
    this.map.delete(key);
    this.map.set(key, parts);
    return parts;
  }
}

/** The process-wide memory the dispatcher hands to translations. */
export const reasoningMemory = new LruReasoningMemory();
