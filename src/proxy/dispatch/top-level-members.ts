/**
 * Where the top-level members of a JSON object lie in its raw bytes, without parsing the
 * values: strings are skipped with `indexOf` (a long prompt costs one native search), nested
 * objects and arrays by bracket depth. `"` and `\` never occur inside a multi-byte UTF-8
 * sequence, so the scan works on the bytes. Used to rewrite the top-level `model` exactly
 * where a JSON parser reads it (rewrite-model.ts).
 */
export interface TopLevelMember {
  /** The decoded key (escapes resolved, as JSON.parse reads it). */
  key: string;
  /** The key was written without escapes. */
  plainKey: boolean;
  /** Byte offset of the key's opening quote. */
  start: number;
  /** Byte offset just after the member's value. */
  end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isWs(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipWs(raw: Buffer, i: number): number {
  while (isWs(raw[i])) i++;
  return i;
}

/** `i` at an opening quote → the offset after its closing quote; -1 when unterminated. */
function stringEnd(raw: Buffer, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = raw.indexOf(QUOTE, from);
    if (q < 0) return -1;
    let k = q - 1;
    while (raw[k] === BACKSLASH) k--;
    // An even number of backslashes before the quote: it is not escaped.
    if ((q - 1 - k) % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** `i` at the first byte of a value → the offset after it; -1 when malformed. */
function valueEnd(raw: Buffer, i: number): number {
  const c = raw[i];
  if (c === QUOTE) return stringEnd(raw, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    for (let j = i; j < raw.length; ) {
      const b = raw[j]!;
      if (b === QUOTE) {
        j = stringEnd(raw, j);
        if (j < 0) return -1;
        continue;
      }
      if (b === 0x7b || b === 0x5b) depth++;
      else if (b === 0x7d || b === 0x5d) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return -1;
  }
  // A number, true, false or null: up to the next delimiter.
  let j = i;
  while (j < raw.length && raw[j] !== 0x2c && raw[j] !== 0x7d && raw[j] !== 0x5d && !isWs(raw[j])) j++;
  return j > i ? j : -1;
}

/** The top-level members in order (repeated keys included); undefined when `raw` is not one JSON object. */
export function topLevelMembers(raw: Buffer): TopLevelMember[] | undefined {
  let i = skipWs(raw, 0);
  if (raw[i] !== 0x7b) return undefined;
  i = skipWs(raw, i + 1);
  const out: TopLevelMember[] = [];
  if (raw[i] !== 0x7d) {
    for (;;) {
      if (raw[i] !== QUOTE) return undefined;
      const start = i;
      i = stringEnd(raw, i);
      if (i < 0) return undefined;
      const keyText = raw.toString('utf8', start, i);
      let key: unknown;
      try {
        key = JSON.parse(keyText);
      } catch {
        return undefined;
      }
      i = skipWs(raw, i);
      if (raw[i] !== 0x3a) return undefined;
      i = skipWs(raw, i + 1);
      const end = valueEnd(raw, i);
      if (end < 0) return undefined;
      out.push({ key: key as string, plainKey: !keyText.includes('\\'), start, end });
      i = skipWs(raw, end);
      if (raw[i] === 0x2c) {
        i = skipWs(raw, i + 1);
        continue;
      }
      if (raw[i] === 0x7d) break;
      return undefined;
    }
  }
  return skipWs(raw, i + 1) === raw.length ? out : undefined;
}
