/**
 * Configure Codex / opencode / Kilo Code / Gemini CLI… (issue 21): builds each file's new text
 * (pure merges, global-clients.ts), shows every change as a diff against the file on disk, asks
 * once (modal), backs the old files up, then writes. "Restore Previous" puts the newest backup
 * back. The diff shows the proxy key masked; the file gets the real one (only what the client needs).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { effectiveAuthMode } from '../../core/config';
import { maskApiKey } from '../../core/api-key';
import type { HostContext } from '../context';
import { t } from '../l10n';
import { currentSettings } from '../settings/settings';
import { setWalkthroughContext, WALKTHROUGH_CONTEXT } from '../walkthrough';
import { clientEndpoint } from './actions-keys';
import { clientHome } from './client-home';
import { ConfigBackups } from './config-backups';
import { globalClient, type GlobalClientId, type SetupInput } from './global-clients';
import { servedModels } from './served-models';
import { CODEX_KEY_VARIABLE } from '../terminal/terminal-env';
import { fireClientTargetsChanged } from './client-targets';

let backups: ConfigBackups | undefined;

/** Set once by the container: backups live in the extension's global storage. */
export function setClientBackupDir(dir: string): void {
  backups = new ConfigBackups(dir);
}

function store(): ConfigBackups {
  if (!backups) throw new Error('Client config backups are not set up.');
  return backups;
}

type RestorableId = GlobalClientId | 'claude-code';
const labelOf = (id: RestorableId) => (id === 'claude-code' ? 'Claude Code' : globalClient(id).label);

/** Configure Claude Code's backup (its flow lives in claude-code.ts). */
export async function backUpClientFile(id: RestorableId, path: string, before: string | undefined): Promise<void> {
  await store().save(id, [{ path, existed: before !== undefined, ...(before !== undefined ? { text: before } : {}) }]);
}

export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The inputs every client shares: where the proxy is, the key when auth is on. */
export async function setupInput(ctx: HostContext, models: SetupInput['models'] = []): Promise<SetupInput> {
  const { host, port } = clientEndpoint(ctx);
  const authOn = effectiveAuthMode(currentSettings()) !== 'off';
  const apiKey = authOn ? await ctx.secrets.getOrCreateProxyKey() : undefined;
  return { host, port, models, ...(apiKey ? { apiKey } : {}) };
}

// Proposed texts for the diff, served from memory (never written anywhere).
const PROPOSED_SCHEME = 'antigravity-proposed';
const proposed = new Map<string, string>();
let provider: vscode.Disposable | undefined;
function proposedUri(path: string, text: string): vscode.Uri {
  provider ??= vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, { provideTextDocumentContent: (uri) => proposed.get(uri.toString()) ?? '' });
  const uri = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path, query: String(Date.now()) });
  proposed.set(uri.toString(), text);
  return uri;
}

export async function configureClient(ctx: HostContext, id: GlobalClientId): Promise<void> {
  const client = globalClient(id);
  const title = t('Configure {0}', client.label);
  const base = await setupInput(ctx);
  const models = await servedModels(ctx, base);
  let model: string | undefined;
  if (models.length > 0) {
    const keep = t('Keep the current model');
    const pick = await vscode.window.showQuickPick(
      [{ label: keep, id: undefined as string | undefined }, ...models.map((m) => ({
        label: m.id, id: m.id as string | undefined,
        ...(m.contextWindow ? { description: t('{0} tokens context', m.contextWindow.toLocaleString('en-US')) } : {}),
      }))],
      { title, placeHolder: t('Model for {0}', client.label) });
    if (!pick) return;
    model = pick.id;
  }
  const input: SetupInput = { ...base, models, ...(model ? { model } : {}) };
  const files = client.files(clientHome(), input);
  const plans: Array<{ path: string; before: string | undefined; after: string }> = [];
  for (const f of files) {
    const before = await readIfExists(f.path);
    const merged = f.merge(before);
    if (!merged.ok) {
      const open = t('Open File');
      const choice = await vscode.window.showErrorMessage(t('Cannot update {0}: {1}', f.path, merged.error), open);
      if (choice === open) await vscode.window.showTextDocument(vscode.Uri.file(f.path));
      return;
    }
    if (merged.changed) plans.push({ path: f.path, before, after: merged.text });
  }
  if (plans.length === 0) {
    setWalkthroughContext(WALKTHROUGH_CONTEXT.clientSetUp, true);
    void vscode.window.showInformationMessage(t('{0} already points at the proxy ({1}).', client.label, client.where));
    return;
  }
  const mask = (text: string) => (input.apiKey ? text.split(input.apiKey).join(maskApiKey(input.apiKey)) : text);
  for (const p of plans) {
    const left = p.before === undefined ? proposedUri(`${p.path} (new)`, '') : vscode.Uri.file(p.path);
    await vscode.commands.executeCommand('vscode.diff', left, proposedUri(p.path, mask(p.after)), t('{0} ↔ with Antigravity Proxy', p.path), { preview: false });
  }
  const write = t('Write');
  const detail = [
    ...plans.map((p) => (p.before === undefined ? t('{0} will be created.', p.path) : t('{0} will be changed.', p.path))),
    ...(id === 'codex' && input.apiKey ? [t('Codex reads the proxy key from {0}: VS Code\'s terminals have it while the proxy runs; elsewhere, export it.', CODEX_KEY_VARIABLE)] : []),
    '',
    input.apiKey
      ? t('The diff shows the change (the key masked). Other settings in the files are kept; the old files are backed up for Restore Previous.')
      : t('Other settings in the files are kept; the old files are backed up for Restore Previous.'),
  ].join('\n');
  const choice = await vscode.window.showWarningMessage(t('Configure {0} to use Antigravity Proxy?', client.label), { modal: true, detail }, write);
  if (choice !== write) return;
  await store().save(id, plans.map((p) => ({ path: p.path, existed: p.before !== undefined, ...(p.before !== undefined ? { text: p.before } : {}) })));
  for (const p of plans) {
    await mkdir(dirname(p.path), { recursive: true });
    // New files may hold the key: readable by the user only. Existing files keep their mode.
    await writeFile(p.path, p.after, { mode: 0o600 });
  }
  setWalkthroughContext(WALKTHROUGH_CONTEXT.clientSetUp, true);
  fireClientTargetsChanged();
  ctx.log.info(`${client.label} configured (${plans.map((p) => p.path).join(', ')}).`);
  const restore = t('Restore Previous');
  const after = await vscode.window.showInformationMessage(t('{0} now uses the proxy ({1}).', client.label, client.where), restore);
  if (after === restore) await restoreClientConfig(ctx, id);
}

/** Restore Previous: the newest backup of one client (picked when not given). */
export async function restoreClientConfig(ctx: HostContext, id?: string): Promise<void> {
  const ids: RestorableId[] = ['claude-code', 'codex', 'opencode', 'kilo', 'gemini-cli'];
  let chosen = ids.find((x) => x === id);
  if (!chosen) {
    const items = [];
    for (const c of ids) {
      const latest = await store().latest(c);
      if (latest) items.push({ label: labelOf(c), description: new Date(latest.at).toLocaleString(vscode.env.language), id: c });
    }
    if (items.length === 0) {
      void vscode.window.showInformationMessage(t('There is no client configuration to restore.'));
      return;
    }
    const pick = await vscode.window.showQuickPick(items, { title: t('Restore Previous Client Configuration') });
    if (!pick) return;
    chosen = pick.id;
  }
  const client = { label: labelOf(chosen) };
  const latest = await store().latest(chosen);
  if (!latest) {
    void vscode.window.showInformationMessage(t('There is no earlier configuration of {0} to restore.', client.label));
    return;
  }
  const restore = t('Restore');
  const detail = latest.files.map((f) => (f.existed ? t('{0} gets back its content from {1}.', f.path, new Date(latest.at).toLocaleString(vscode.env.language)) : t('{0} is removed (it did not exist before).', f.path))).join('\n');
  const choice = await vscode.window.showWarningMessage(t('Restore the previous configuration of {0}?', client.label), { modal: true, detail }, restore);
  if (choice !== restore) return;
  await store().restoreLatest(chosen);
  fireClientTargetsChanged();
  ctx.log.info(`${client.label}: previous configuration restored (${latest.files.map((f) => f.path).join(', ')}).`);
  void vscode.window.showInformationMessage(t('The previous configuration of {0} is back.', client.label));
}
