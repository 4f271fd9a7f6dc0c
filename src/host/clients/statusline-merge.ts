/** Pure half of claude-statusline.ts: the settings-file edit that installs the proxy's status line. */

/** The command Claude Code runs; the path is quoted so a folder with spaces works. */
export function statusLineCommand(extensionPath: string): string {
  const cli = `${extensionPath.replace(/[\\/]+$/, '')}/dist/cli.js`.replace(/\\/g, '/');
  return `node "${cli}" statusline`;
}

export type StatusLineMerge = { ok: true; text: string; changed: boolean } | { ok: false; reason: 'invalid' | 'taken' };

/** Pure: adds our statusLine to a settings file's text; leaves another status line alone. */
export function mergeStatusLine(existing: string | undefined, command: string): StatusLineMerge {
  let root: Record<string, unknown> = {};
  if (existing !== undefined && existing.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(existing);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, reason: 'invalid' };
      root = parsed as Record<string, unknown>;
    } catch {
      return { ok: false, reason: 'invalid' };
    }
  }
  const current = root.statusLine as { type?: unknown; command?: unknown } | undefined;
  if (current !== undefined) {
    const ours = typeof current?.command === 'string' && current.command.includes('cli.js') && current.command.endsWith(' statusline');
    if (!ours) return { ok: false, reason: 'taken' };
    if (current.command === command) return { ok: true, text: existing ?? '', changed: false };
  }
  root.statusLine = { type: 'command', command };
  return { ok: true, text: `${JSON.stringify(root, null, 2)}\n`, changed: true };
}
