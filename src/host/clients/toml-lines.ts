/**
 * Just enough of TOML's grammar to edit a file line by line without disturbing the rest (Codex's
 * config.toml, issue 21): splits a document into statements — table headers and `key = value`
 * pairs, each with its table, its dotted key and the lines it spans (multi-line strings and
 * arrays/inline tables included) — so a caller can replace or insert single statements and keep
 * every comment and unknown key verbatim. Pure; not a validator.
 */

export interface TomlHeader { kind: 'header'; path: string[]; array: boolean; line: number }
export interface TomlPair { kind: 'pair'; table: string[]; key: string[]; start: number; end: number; value: string }
export type TomlStatement = TomlHeader | TomlPair;

/** Splits a dotted key (`a."b.c".d`) into its parts; bare and quoted segments. */
export function splitKey(text: string): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  const s = text.trim();
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    let part: string;
    if (s[i] === '"') {
      const m = /^"((?:[^"\\]|\\.)*)"/.exec(s.slice(i));
      if (!m) return undefined;
      try { part = JSON.parse(m[0]) as string; } catch { return undefined; }
      i += m[0].length;
    } else if (s[i] === "'") {
      const close = s.indexOf("'", i + 1);
      if (close < 0) return undefined;
      part = s.slice(i + 1, close);
      i = close + 1;
    } else {
      const m = /^[A-Za-z0-9_-]+/.exec(s.slice(i));
      if (!m) return undefined;
      part = m[0];
      i += part.length;
    }
    parts.push(part);
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (i < s.length) {
      if (s[i] !== '.') return undefined;
      i++;
    }
  }
  return parts.length > 0 ? parts : undefined;
}

interface ValueState { ml: '"""' | "'''" | undefined; depth: number }

/** Scans a value's text (or a continuation line) and updates the multi-line state. */
function scanValue(text: string, st: ValueState): void {
  let i = 0;
  while (i < text.length) {
    if (st.ml) {
      const close = text.indexOf(st.ml, i);
      if (close < 0) return;
      i = close + 3;
      while (text[i] === st.ml[0]) i++; // up to two quotes may end the content
      st.ml = undefined;
      continue;
    }
    const c = text[i]!;
    if (c === '#') return;
    if (text.startsWith('"""', i) || text.startsWith("'''", i)) {
      st.ml = text.slice(i, i + 3) as '"""' | "'''";
      i += 3;
      continue;
    }
    if (c === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i));
      i += m ? m[0].length : text.length;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      i = close < 0 ? text.length : close + 1;
      continue;
    }
    if (c === '[' || c === '{') st.depth++;
    else if (c === ']' || c === '}') st.depth--;
    i++;
  }
}

/** The statements of a document split into lines (without line ends). Unrecognised lines are skipped. */
export function tomlStatements(lines: readonly string[]): TomlStatement[] {
  const out: TomlStatement[] = [];
  let table: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const header = /^\s*(\[\[?)\s*([^\]]*?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (header) {
      const path = splitKey(header[2]!);
      if (path) {
        table = path;
        out.push({ kind: 'header', path, array: header[1] === '[[', line: i });
        continue;
      }
    }
    const eq = keyEnd(line);
    if (eq < 0) continue;
    const key = splitKey(line.slice(0, eq));
    if (!key) continue;
    const st: ValueState = { ml: undefined, depth: 0 };
    const value = line.slice(eq + 1);
    scanValue(value, st);
    let end = i;
    while ((st.ml || st.depth > 0) && end + 1 < lines.length) {
      end++;
      scanValue(lines[end]!, st);
    }
    out.push({ kind: 'pair', table, key, start: i, end, value: value.trim() });
    i = end;
  }
  return out;
}

/** Index of the `=` that ends a key (outside quotes), or -1. */
function keyEnd(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '=') return i;
    else if (c === '#') return -1;
  }
  return -1;
}

export const samePath = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
