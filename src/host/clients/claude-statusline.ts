/**
 * Offers Claude Code's status line (issue 20): `statusLine: { type: "command", command: "node
 * <extension>/dist/cli.js statusline" }` in the settings file Configure Claude Code just wrote.
 * A status line the user already has is never replaced.
 */
import * as vscode from 'vscode';
import type { HostContext } from '../context';
import { t } from '../l10n';
import { mergeStatusLine, statusLineCommand } from './statusline-merge';

/** After Configure Claude Code: asks once whether to show the proxy's line in Claude Code. */
export async function offerStatusLine(ctx: HostContext, uri: vscode.Uri): Promise<void> {
  let existing: string | undefined;
  try {
    existing = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    existing = undefined;
  }
  const merged = mergeStatusLine(existing, statusLineCommand(ctx.extensionUri.fsPath));
  if (!merged.ok || !merged.changed) return;
  const install = t('Install Status Line');
  const choice = await vscode.window.showInformationMessage(
    t('Show the routed model, tokens, session cost and budget left in Claude Code\'s status line?'), install,
  );
  if (choice !== install) return;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(merged.text));
  ctx.log.info(`Claude Code status line installed in ${uri.fsPath}.`);
}
