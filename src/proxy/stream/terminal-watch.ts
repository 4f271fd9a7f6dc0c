import type { Dialect } from '../../core/dialect';

/**
 * The event that ends a complete stream in each dialect (or the vendor's own error event).
 * A passthrough stream that ends without one was cut short upstream: the client must be told
 * (DESIGN §7: every stream is a complete event sequence).
 */
// Event names are matched at a line start; JSON keys with unescaped quotes cannot occur inside
// a JSON string value: so text in the content that quotes these markers never matches.
const TERMINAL: Record<Dialect, RegExp> = {
  'openai-chat': /(^|\n)data: ?(\[DONE\]|\{"error")/,
  'openai-responses': /"type": ?"response\.(completed|incomplete|failed)"|(^|\n)event: ?error/,
  anthropic: /(^|\n)event: ?(message_stop|error)/,
  // A blocked prompt ends with promptFeedback.blockReason and no finishReason.
  gemini: /"finishReason"|"blockReason"|"error" ?: ?\{/,
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
