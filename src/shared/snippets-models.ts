/**
 * Which served model each snippet shows (pure). The proxy translates between dialects, so any
 * served model works from any client; a model of the client's own family reads most naturally
 * (claude-* for the Anthropic snippets, gemini-* for the Google ones, gpt/o-series for OpenAI),
 * else the first served model. Nothing served (no account lists its models): no choice, and
 * buildSnippets falls back to its generic examples.
 */
import type { SnippetInput } from './snippets';

export type SnippetModels = NonNullable<SnippetInput['models']>;

const FAMILY: Record<keyof SnippetModels, RegExp> = {
  openai: /^(gpt-|o\d|chatgpt-|codex-)/i,
  anthropic: /claude/i,
  gemini: /gemini/i,
};

/**
 * Literal model ids of the enabled accounts, in account order: what the accounts serve by name.
 * A `*` makes an entry a pattern (upstream/model-mapping isWildcard), not a model to show.
 */
export function servedModelIds(accounts: ReadonlyArray<{ enabled: boolean; models?: readonly string[] }>): string[] {
  return accounts.filter((a) => a.enabled).flatMap((a) => (a.models ?? []).filter((m) => !m.includes('*') && m.trim() !== ''));
}

/** `served`: model ids of the enabled accounts, in account order (duplicates and blanks are ignored). */
export function pickSnippetModels(served: readonly string[]): SnippetModels {
  const ids = [...new Set(served.map((m) => m.trim()).filter((m) => m.length > 0))];
  if (ids.length === 0) return {};
  const pick = (family: RegExp) => ids.find((m) => family.test(m)) ?? ids[0]!;
  return { openai: pick(FAMILY.openai), anthropic: pick(FAMILY.anthropic), gemini: pick(FAMILY.gemini) };
}
