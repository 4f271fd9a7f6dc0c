import type { Dialect } from '../../core/dialect';
import type { StreamObserver } from './line-tap';

/**
 * The event that ends a complete stream in each dialect (or the vendor's own error event).
 * A passthrough stream that ends without one was cut short upstream: the client must be told
 * (DESIGN §7: every stream is a complete event sequence).
 */
// Matched per line (the line tap frames them): event names at the line start; JSON keys with
// unescaped quotes cannot occur inside a JSON string value, so quoted markers in content never match.
const TERMINAL: Record<Dialect, RegExp> = {
  'openai-chat': /^data: ?(\[DONE\]|\{"error")/,
  'openai-responses': /"type": ?"response\.(completed|incomplete|failed)"|^event: ?error/,
  anthropic: /^event: ?(message_stop|error)/,
  // A blocked prompt ends with promptFeedback.blockReason and no finishReason.
  gemini: /"finishReason"|"blockReason"|"error" ?: ?\{/,
};

/** Cheap byte checks first: a line that holds none of these cannot match (most lines). */
const HINTS: Record<Dialect, Buffer[]> = {
  'openai-chat': [Buffer.from('[DONE]'), Buffer.from('"error"')],
  'openai-responses': [Buffer.from('"response.'), Buffer.from('error')],
  anthropic: [Buffer.from('event:')],
  gemini: [Buffer.from('finishReason'), Buffer.from('blockReason'), Buffer.from('"error"')],
};

/**
 * Markers anchored at the line start, checked on the first bytes only (most lines are content
 * events): a line that passes still goes through TERMINAL; without an entry, HINTS decide.
 */
const skipSpace = (line: Buffer, i: number) => (line[i] === 0x20 ? i + 1 : i);
const startsWith = (line: Buffer, prefix: Buffer) => {
  if (line.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (line[i] !== prefix[i]) return false; // JS: cheaper than a native call for 6 bytes
  return true;
};
const DATA_COLON = Buffer.from('data:');
const EVENT_COLON = Buffer.from('event:');
const ANCHORED: Partial<Record<Dialect, (line: Buffer) => boolean>> = {
  // data: [DONE] | data: {"error"
  'openai-chat': (line) => {
    if (line[0] !== 0x64 || !startsWith(line, DATA_COLON)) return false;
    const i = skipSpace(line, DATA_COLON.length);
    return line[i] === 0x5b || (line[i] === 0x7b && line[i + 1] === 0x22 && line[i + 2] === 0x65);
  },
  // event: message_stop | event: error
  anthropic: (line) => {
    if (line[0] !== 0x65 || !startsWith(line, EVENT_COLON)) return false;
    const i = skipSpace(line, EVENT_COLON.length);
    return line[i] === 0x6d || line[i] === 0x65;
  },
};

export interface TerminalWatch extends StreamObserver {
  complete(): boolean;
}

export function terminalWatch(dialect: Dialect): TerminalWatch {
  const marker = TERMINAL[dialect];
  const hints = HINTS[dialect];
  const anchored = ANCHORED[dialect];
  let seen = false;
  /** The end of an over-long line's previous piece, so a marker cut between pieces is still found. */
  let carry = '';
  return {
    line(line, whole) {
      if (seen) return;
      if (whole && carry === '' && (anchored ? !anchored(line) : !hints.some((h) => line.indexOf(h) >= 0))) return;
      // latin1 is a 1:1 byte view: cheap, and the markers are ASCII.
      const text = carry + line.toString('latin1');
      seen = marker.test(text);
      carry = whole ? '' : text.slice(-48);
    },
    complete: () => seen,
  };
}
