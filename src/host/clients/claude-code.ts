/** Configure Claude Code…: shows the env change for `.claude/settings(.local).json`, writes it only after a yes. */
import * as vscode from 'vscode';
import { maskApiKey } from '../../core/api-key';
import { baseUrls } from '../../shared/snippets';
import { clientEndpoint, copyClientSetup } from './actions-keys';
import { describeChanges, mergeClaudeSettings } from './claude-settings-merge';
import type { HostContext } from '../context';
import { t } from '../l10n';
import { setWalkthroughContext, WALKTHROUGH_CONTEXT } from '../walkthrough';
import { loadProxyConfig } from '../settings/config-loader';
import { claudeCodeCompactWindow } from '../../upstream/model-catalog';
import { offerStatusLine } from './claude-statusline';
import { backUpClientFile } from './configure-client';
import { fireClientTargetsChanged } from './client-targets';

/** Claude Code's own default model, when the user keeps it. */
const CLAUDE_CODE_DEFAULT_MODEL = 'claude-opus-4-8';

/** The compaction window to write (issue 18), or undefined when the served model's is not smaller than Claude's. */
async function compactWindow(ctx: HostContext, model: string): Promise<string | undefined> {
  try {
    const w = claudeCodeCompactWindow(await loadProxyConfig(ctx.secrets, ctx.accounts), model || CLAUDE_CODE_DEFAULT_MODEL);
    return w === undefined ? undefined : String(w);
  } catch {
    return undefined; // settings the core would refuse: nothing to say about windows
  }
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: t('Configure Claude Code for which folder?') });
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (err) {
    if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
    throw err;
  }
}

export async function configureClaudeCode(ctx: HostContext): Promise<void> {
  const title = t('Configure Claude Code');
  const folder = await pickFolder();
  if (!folder) {
    const copyEnv = t('Copy Env Instead');
    const choice = await vscode.window.showWarningMessage(t('Open a folder first: Claude Code reads .claude/settings.json from the project.'), copyEnv);
    if (choice === copyEnv) await copyClientSetup(ctx, 'claude-code');
    return;
  }
  const shared = { label: '.claude/settings.json', description: t('shared with the project (may be committed)'), file: 'settings.json' };
  const local = { label: '.claude/settings.local.json', description: t('only for you (git-ignored by Claude Code); recommended for keys'), file: 'settings.local.json' };
  const target = await vscode.window.showQuickPick([shared, local], { title, placeHolder: t('Where should the settings go?') });
  if (!target) return;
  const model = await vscode.window.showInputBox({
    title, prompt: t('Model for Claude Code (optional; empty keeps the current choice)'), placeHolder: 'claude-sonnet-4-5',
  });
  if (model === undefined) return;

  const { host, port } = clientEndpoint(ctx);
  const key = await ctx.secrets.getOrCreateProxyKey();
  const uri = vscode.Uri.joinPath(folder.uri, '.claude', target.file);
  const existing = await readText(uri);
  const window = await compactWindow(ctx, model.trim());
  const merged = mergeClaudeSettings(existing, {
    ANTHROPIC_BASE_URL: baseUrls(host, port).anthropic,
    ANTHROPIC_AUTH_TOKEN: key,
    ...(model.trim() ? { ANTHROPIC_MODEL: model.trim() } : {}),
    ...(window ? { CLAUDE_CODE_AUTO_COMPACT_WINDOW: window } : {}),
  });
  if (!merged.ok) {
    const open = t('Open File');
    const choice = await vscode.window.showErrorMessage(t('Cannot update {0}: {1}', target.label, merged.error), open);
    if (choice === open) await vscode.window.showTextDocument(uri);
    return;
  }
  if (merged.changes.length === 0) {
    setWalkthroughContext(WALKTHROUGH_CONTEXT.clientSetUp, true);
    void vscode.window.showInformationMessage(t('{0} already points Claude Code at the proxy.', target.label));
    await offerStatusLine(ctx, uri);
    return;
  }
  const write = t('Write');
  const detail = [
    existing === undefined ? t('{0} will be created with:', uri.fsPath) : t('In {0}, env changes:', uri.fsPath),
    ...describeChanges(merged.changes, maskApiKey),
    '',
    t('Other settings in the file are kept.'),
  ].join('\n');
  const choice = await vscode.window.showWarningMessage(t('Configure Claude Code to use Antigravity Proxy?'), { modal: true, detail }, write);
  if (choice !== write) return;
  await backUpClientFile('claude-code', uri.fsPath, existing); // issue 21: Restore Previous
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, '.claude'));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(merged.text));
  setWalkthroughContext(WALKTHROUGH_CONTEXT.clientSetUp, true);
  fireClientTargetsChanged();
  ctx.log.info(`Claude Code configured in ${uri.fsPath} (${merged.changes.map((c) => c.key).join(', ')}).`);
  const open = t('Open File');
  const after = await vscode.window.showInformationMessage(t('Claude Code now uses the proxy at {0}.', baseUrls(host, port).anthropic), open);
  if (after === open) await vscode.window.showTextDocument(uri);
  await offerStatusLine(ctx, uri);
}
