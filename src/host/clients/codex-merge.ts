/**
 * Codex (`~/.codex/config.toml`, CLIENTS.md): a `[model_providers.antigravity]` table with
 * `base_url = <proxy>/v1` and `wire_api = "responses"` (Codex appends /responses), `env_key` only
 * when auth is on (the variable the extension's terminals carry), and the top-level
 * `model_provider = "antigravity"` (+ `model` when chosen). A line-level edit (toml-lines.ts):
 * only those statements are replaced or inserted; comments, other tables and the user's other
 * keys in our table stay byte for byte. Pure.
 */
import { samePath, tomlStatements, type TomlPair } from './toml-lines';
import type { TextMerge } from './text-merge';

export const CODEX_PROVIDER = 'antigravity';
const BLOCK = ['model_providers', CODEX_PROVIDER];

export interface CodexInput {
  /** `http://host:port/v1`. */
  baseUrl: string;
  /** Name of the variable holding the proxy key; only when auth is on (an old env_key is removed otherwise). */
  envKey?: string;
  /** Top-level `model` when given. */
  model?: string;
}

/** A TOML basic string (JSON's escapes are a subset of TOML's). */
const q = (s: string) => JSON.stringify(s);

interface Edit { start: number; remove: number; add: string[] }

export function mergeCodexConfig(existing: string | undefined, input: CodexInput): TextMerge {
  const eol = existing?.includes('\r\n') ? '\r\n' : '\n';
  const lines = existing === undefined || existing === '' ? [] : existing.replace(/\r?\n$/, '').split(/\r?\n/);
  const statements = tomlStatements(lines);
  const pairs = statements.filter((s): s is TomlPair => s.kind === 'pair');

  // Our provider written another way (dotted keys, an inline table): editing it line-wise would be a guess.
  for (const p of pairs) {
    const full = [...p.table, ...p.key];
    const viaDottedKey = samePath(full.slice(0, 2), BLOCK) && !samePath(p.table.slice(0, 2), BLOCK);
    const viaInlineTable = samePath(full, ['model_providers']) && p.value.includes(CODEX_PROVIDER);
    if (viaDottedKey || viaInlineTable) {
      return { ok: false, error: `The file defines model_providers.${CODEX_PROVIDER} on line ${p.start + 1} in a form this command does not edit; move it into a [model_providers.${CODEX_PROVIDER}] table or remove it first.` };
    }
  }

  const edits: Edit[] = [];
  const setIn = (table: string[], sets: Array<[string, string | undefined]>, insertAt: number, indent = '') => {
    const inTable = pairs.filter((p) => samePath(p.table, table));
    const added: string[] = [];
    for (const [key, value] of sets) {
      const found = inTable.filter((p) => samePath(p.key, [key]));
      found.forEach((p, i) => {
        const lead = /^\s*/.exec(lines[p.start]!)?.[0] ?? '';
        edits.push({ start: p.start, remove: p.end - p.start + 1, add: value === undefined || i > 0 ? [] : [`${lead}${key} = ${value}`] });
      });
      if (found.length === 0 && value !== undefined) added.push(`${indent}${key} = ${value}`);
    }
    return added.length > 0 ? { start: insertAt, remove: 0, add: added } : undefined;
  };

  // Top-level keys: after the last top-level pair, else before the first table.
  const rootPairs = pairs.filter((p) => p.table.length === 0);
  const firstHeader = statements.find((s) => s.kind === 'header');
  const rootAt = rootPairs.length > 0 ? rootPairs.at(-1)!.end + 1 : firstHeader ? firstHeader.line : lines.length;
  const rootInsert = setIn([], [['model_provider', q(CODEX_PROVIDER)], ...(input.model ? [['model', q(input.model)] as [string, string]] : [])], rootAt);
  if (rootInsert && rootPairs.length === 0 && firstHeader) rootInsert.add.push('');

  const blockSets: Array<[string, string | undefined]> = [
    ['name', q('Antigravity Proxy')],
    ['base_url', q(input.baseUrl)],
    ['wire_api', q('responses')],
    ['env_key', input.envKey === undefined ? undefined : q(input.envKey)],
  ];
  const header = statements.find((s) => s.kind === 'header' && !s.array && samePath(s.path, BLOCK));
  let append: string[] = [];
  if (header && header.kind === 'header') {
    const blockPairs = pairs.filter((p) => samePath(p.table, BLOCK));
    const at = blockPairs.length > 0 ? blockPairs.at(-1)!.end + 1 : header.line + 1;
    const blockInsert = setIn(BLOCK, blockSets, at);
    if (blockInsert) edits.push(blockInsert);
  } else {
    append = [`[${BLOCK.join('.')}]`, ...blockSets.filter(([, v]) => v !== undefined).map(([k, v]) => `${k} = ${v}`)];
  }
  if (rootInsert) edits.push(rootInsert);

  // Bottom up, so earlier indexes stay valid; at one index the replacement first, then the insertion before it.
  edits.sort((a, b) => b.start - a.start || b.remove - a.remove);
  const out = [...lines];
  for (const e of edits) out.splice(e.start, e.remove, ...e.add);
  if (append.length > 0) {
    if (out.length > 0 && out.at(-1)!.trim() !== '') out.push('');
    out.push(...append);
  }
  const text = out.join(eol) + eol;
  return { ok: true, text, changed: text !== existing };
}

/** configured: merging would change nothing (besides `model`); out of date: our table exists but differs. */
export function codexState(existing: string | undefined, input: Omit<CodexInput, 'model'>): 'configured' | 'not configured' | 'out of date' {
  const merged = mergeCodexConfig(existing, input);
  if (merged.ok && !merged.changed) return 'configured';
  const lines = (existing ?? '').split(/\r?\n/);
  const has = tomlStatements(lines).some((s) => s.kind === 'header' && samePath(s.path, BLOCK));
  return has ? 'out of date' : 'not configured';
}
