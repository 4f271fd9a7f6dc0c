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
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (inString) {
      if (c === BACKSLASH) i++; // the escaped byte (a quote or a backslash) is skipped
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return max;
}

/** Throws the client's 400 (in its dialect, via the error boundary) for a body nested deeper than MAX_JSON_DEPTH. */
export function assertJsonDepth(raw: Uint8Array, limit = MAX_JSON_DEPTH): void {
  if (jsonDepth(raw, limit) > limit) {
    throw new ProxyError('invalid_request', `Request body is nested more than ${limit} levels deep.`, { retryable: false });
  }
}
