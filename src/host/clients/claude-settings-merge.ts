/**
 * Merges the proxy's env into a Claude Code settings file (`.claude/settings.json`):
 * only `env.ANTHROPIC_*` keys we own change; every other key survives. Pure.
 */

export interface ClaudeEnv {
  ANTHROPIC_BASE_URL: string;
  ANTHROPIC_AUTH_TOKEN: string;
  ANTHROPIC_MODEL?: string;
  ANTHROPIC_DEFAULT_HAIKU_MODEL?: string;
  /** The mapped model's context window when smaller than Claude's (issue 18). */
  CLAUDE_CODE_AUTO_COMPACT_WINDOW?: string;
}

export interface EnvChange {
  key: string;
  before?: string;
  after: string;
}

export type MergeResult =
  | { ok: true; text: string; changes: EnvChange[] }
  | { ok: false; error: string };

/** `existing` is the file's text, or undefined when it does not exist yet. */
export function mergeClaudeSettings(existing: string | undefined, env: ClaudeEnv): MergeResult {
  let root: Record<string, unknown> = {};
  if (existing !== undefined && existing.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(existing);
    } catch (err) {
      return { ok: false, error: `The file is not valid JSON (${err instanceof Error ? err.message : String(err)}); fix it first.` };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { ok: false, error: 'The file does not contain a JSON object.' };
    }
    root = parsed as Record<string, unknown>;
  }
  const oldEnv = root.env;
  if (oldEnv !== undefined && (typeof oldEnv !== 'object' || oldEnv === null || Array.isArray(oldEnv))) {
    return { ok: false, error: '"env" in the file is not an object.' };
  }
  const envObj: Record<string, unknown> = { ...((oldEnv as Record<string, unknown>) ?? {}) };
  const changes: EnvChange[] = [];
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue;
    const before = envObj[key];
    if (before === value) continue;
    changes.push({ key, ...(typeof before === 'string' ? { before } : {}), after: value });
    envObj[key] = value;
  }
  const next = { ...root, env: envObj };
  return { ok: true, text: JSON.stringify(next, null, 2) + '\n', changes };
}

/** Human-readable summary for the confirmation dialog; the token is masked. */
export function describeChanges(changes: readonly EnvChange[], mask: (secret: string) => string): string[] {
  return changes.map((c) => {
    const show = (v: string) => (c.key === 'ANTHROPIC_AUTH_TOKEN' ? mask(v) : v);
    return c.before === undefined ? `${c.key} = ${show(c.after)}` : `${c.key}: ${show(c.before)} → ${show(c.after)}`;
  });
}
