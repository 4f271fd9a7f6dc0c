import type { Dialect } from '../dialect';

/**
 * The event that ends a complete stream in each dialect (or the vendor's own error event).
 * A passthrough stream that ends without one was cut short upstream: the client must be told
 * (DESIGN §7: every stream is a complete event sequence).
 */
const TERMINAL: Record<Dialect, RegExp> = {
  'openai-chat': /data: ?\[DONE\]|data: ?\{"error"/,
  'openai-responses': /"type": ?"response\.(completed|incomplete|failed)"|event: ?error/,
  anthropic: /event: ?message_stop|event: ?error/,
  gemini: /"finishReason"|"error" ?: ?\{/,
};

export interface TerminalWatch {
  push(chunk: Uint8Array): void;
  complete(): boolean;
}

export function terminalWatch(dialect: Dialect): TerminalWatch {
  const marker = TERMINAL[dialect];
  let seen = false;
  let carry = '';
  return {
    push(chunk) {
      if (seen) return;
      // latin1 is a 1:1 byte view: cheap, and the markers are ASCII. The carry catches a marker split across chunks.
      const text = carry + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
      seen = marker.test(text);
      carry = text.slice(-48);
    },
    complete: () => seen,
  };
}
