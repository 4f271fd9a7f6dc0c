/**
 * Text bound for a terminal (stderr log lines, `cli.js monitor` / `usage` tables) may carry
 * client-chosen strings (model names, paths, error messages). Escape sequences in them could
 * recolour, move the cursor, retitle the window or forge whole log lines, so every control
 * character (C0 incl. CR/LF/TAB, DEL, C1) and the bidi/line-separator format characters are
 * shown as visible escapes instead: `\x1b`, `\n`, `\u202e`. Printable text is unchanged.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * For one JSON text per line (`--json` output): JSON.stringify escapes C0 already, but not DEL,
 * C1 or the bidi characters; escaped as \uXXXX the line stays valid JSON with the same value.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
