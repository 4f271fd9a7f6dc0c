/** Collects every English UI string the extension can pass to vscode.l10n.t (for the l10n coverage test). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNT_PRESETS } from '../../../src/host/accounts/add-account-input';
import { WEBVIEW_STRINGS } from '../../../src/shared/webview-strings';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Literal first arguments of `t('…')` / `l10n.t('…')` calls, plus strings routed through t() dynamically. */
export function collectUiStrings(root: string): string[] {
  const out = new Set<string>();
  const call = /\bt\(\s*'((?:[^'\\]|\\.)*)'/g;
  for (const dir of ['src/host', 'src/ui']) {
    for (const f of [...files(join(root, dir)), ...(dir === 'src/host' ? [join(root, 'src/extension.ts')] : [])]) {
      for (const m of readFileSync(f, 'utf8').matchAll(call)) out.add(m[1]!.replace(/\\'/g, "'"));
    }
  }
  // Validation messages returned by pure modules and translated by the caller.
  for (const f of ['src/core/api-key.ts', 'src/host/accounts/add-account-input.ts', 'src/host/settings/settings-to-config.ts']) {
    for (const m of readFileSync(join(root, f), 'utf8').matchAll(/return '((?:[^'\\]|\\.)*)'/g)) out.add(m[1]!.replace(/\\'/g, "'"));
  }
  for (const p of ACCOUNT_PRESETS) out.add(p.label);
  for (const s of WEBVIEW_STRINGS) out.add(s);
  return [...out].filter((s) => s.length > 1).sort();
}
