/**
 * What a client-config merge returns (issue 21), and the JSON-with-comments edit the JSON-based
 * clients share (opencode, Kilo, Gemini CLI settings). Pure: the callers do the I/O.
 * jsonc-parser edits the text in place, so the user's comments, order and formatting survive;
 * only the paths we own change. (The ESM build: its UMD main does not bundle.)
 */
import { applyEdits, modify, parse, printParseErrorCode, type FormattingOptions, type ParseError } from 'jsonc-parser/lib/esm/main.js';

export type TextMerge = { ok: true; text: string; changed: boolean } | { ok: false; error: string };

/** One edit: the value at `path` becomes `value`; `undefined` removes it. */
export type JsonEdit = readonly [path: readonly string[], value: unknown];

/** The indentation the file already uses (two spaces for a new file). */
function formatting(text: string): FormattingOptions {
  const tabs = /^\t/m.test(text);
  const spaces = /^( +)\S/m.exec(text)?.[1]?.length;
  return { insertSpaces: !tabs, tabSize: tabs ? 1 : Math.min(spaces ?? 2, 8), eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** Parses `text` as JSON with comments; the root must be an object. */
export function parseJsonObject(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const e = errors[0]!;
    const line = text.slice(0, e.offset).split('\n').length;
    return { ok: false, error: `The file is not valid JSON (${printParseErrorCode(e.error)} on line ${line}); fix it first.` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'The file does not contain a JSON object.' };
  return { ok: true, value: value as Record<string, unknown> };
}

/** Applies `edits` to `existing` (undefined or blank: a new file). Objects on the way must be objects. */
export function mergeJson(existing: string | undefined, edits: readonly JsonEdit[], newFileHead: Record<string, unknown> = {}): TextMerge {
  const fresh = existing === undefined || existing.trim() === '';
  let text = fresh ? JSON.stringify(newFileHead, null, 2) + '\n' : existing;
  const root = parseJsonObject(text);
  if (!root.ok) return root;
  for (const [path, value] of edits) {
    // A parent that is not an object (e.g. "provider": "x") would be replaced wholesale: refuse instead.
    let node: unknown = root.value;
    for (const [i, key] of path.slice(0, -1).entries()) {
      node = (node as Record<string, unknown> | undefined)?.[key];
      if (node !== undefined && (typeof node !== 'object' || node === null || Array.isArray(node))) {
        return { ok: false, error: `"${path.slice(0, i + 1).join('.')}" in the file is not an object.` };
      }
      if (node === undefined) break;
    }
    text = applyEdits(text, modify(text, [...path], value, { formattingOptions: formatting(text) }));
  }
  if (!text.endsWith('\n')) text += '\n';
  return { ok: true, text, changed: fresh || text !== existing };
}

/** The value at `path` in a JSON(C) text, or undefined (also for text that does not parse). */
export function jsonAt(text: string | undefined, path: readonly string[]): unknown {
  if (text === undefined) return undefined;
  const root = parseJsonObject(text);
  if (!root.ok) return undefined;
  let node: unknown = root.value;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
