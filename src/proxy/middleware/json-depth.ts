import { ProxyError } from '../../core/errors';

/**
 * Deepest nesting of objects/arrays a client body may have (issue 14). Real requests stay far
 * below it (a tool schema rarely passes 20); a body nested thousands deep only serves to
 * overflow the stack of whatever walks it recursively (JSON.stringify, schema cleaners,
 * `String()` of a nested value) and so is refused before it is parsed.
 */
export const MAX_JSON_DEPTH = 512;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * The deepest nesting in JSON text `raw`, or `limit + 1` as soon as it passes `limit` (it stops
 * there). One iterative pass over the bytes, no recursion and no allocation: brackets inside
 * strings do not count, and an escaped quote (`\"`, also after `\\`) does not end a string.
 * Works on UTF-8 bytes because every byte it looks at is ASCII and never part of a multi-byte
 * sequence. Invalid JSON is not judged here (JSON.parse does that).
 */
export function jsonDepth(raw: Uint8Array, limit = MAX_JSON_DEPTH): number {
  const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  let depth = 0;
  let max = 0;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (c === QUOTE) {
      // A string is skipped with the native search for its closing quote (most of a large
      // body is string content): a quote preceded by an odd run of backslashes is escaped.
      // Short strings (keys) are walked here: a native call costs more than a few bytes.
      let j = i + 1;
      const stop = Math.min(buf.length, j + 32);
      while (j < stop && buf[j] !== QUOTE) j += buf[j] === BACKSLASH ? 2 : 1;
      if (j < stop) {
        i = j;
        continue;
      }
      let end = buf.indexOf(QUOTE, j);
      while (end >= 0 && escaped(buf, end)) end = buf.indexOf(QUOTE, end + 1);
      if (end < 0) return max; // unterminated: JSON.parse judges it
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return max;
}

/** The quote at `at` follows an odd number of backslashes (the string's opening quote stops the run). */
function escaped(buf: Buffer, at: number): boolean {
  let n = 0;
  for (let k = at - 1; buf[k] === BACKSLASH; k--) n++;
  return n % 2 === 1;
}

/** Throws the client's 400 (in its dialect, via the error boundary) for a body nested deeper than MAX_JSON_DEPTH. */
export function assertJsonDepth(raw: Uint8Array, limit = MAX_JSON_DEPTH): void {
  if (jsonDepth(raw, limit) > limit) {
    throw new ProxyError('invalid_request', `Request body is nested more than ${limit} levels deep.`, { retryable: false });
  }
}
