/**
 * The clients Configure… can set up, with their state (issue 21), for the Accounts view's
 * "Clients" node: configured (its files point at this proxy with the current key), out of date
 * (they point at us but differ: another port, key or auth mode), not configured. Claude Code's
 * settings are per folder: its state is read from the first workspace folder.
 * The signature is shared with the Accounts view (i21b): keep it as it is.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../shared/command-ids';
import { baseUrls } from '../../shared/snippets';
import type { HostContext } from '../context';
import { t } from '../l10n';
import { clientHome } from './client-home';
import { GLOBAL_CLIENTS } from './global-clients';
import { jsonAt } from './text-merge';
import { readIfExists, setupInput } from './configure-client';

export interface ClientTarget {
  id: 'claude-code' | 'codex' | 'opencode' | 'kilo' | 'gemini-cli';
  label: string;
  configureCommand: string;
  restoreCommand?: string;
  state: 'configured' | 'not configured' | 'out of date';
  detail?: string;
}

// Created on first subscription: loading this module needs no EventEmitter (the unit tests' fake has none).
let emitter: vscode.EventEmitter<void> | undefined;

/** Fires after a Configure… or Restore wrote files (and when the proxy's address or key may have changed). */
export const onClientTargetsChanged: vscode.Event<void> = (listener, thisArgs, disposables) =>
  (emitter ??= new vscode.EventEmitter<void>()).event(listener, thisArgs, disposables);

export function fireClientTargetsChanged(): void {
  emitter?.fire();
}

const CONFIGURE: Record<ClientTarget['id'], string> = {
  'claude-code': COMMAND_IDS.configureClaudeCode,
  codex: COMMAND_IDS.configureCodex,
  opencode: COMMAND_IDS.configureOpencode,
  kilo: COMMAND_IDS.configureKilo,
  'gemini-cli': COMMAND_IDS.configureGeminiCli,
};
const RESTORE = COMMAND_IDS.restoreClientConfig;

async function read(path: string): Promise<string | undefined> {
  try {
    return await readIfExists(path);
  } catch {
    return undefined;
  }
}

async function claudeState(input: { host: string; port: number; apiKey?: string }): Promise<Pick<ClientTarget, 'state' | 'detail'>> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return { state: 'not configured', detail: t('Open a folder first') };
  let seen = false;
  for (const file of ['settings.local.json', 'settings.json']) {
    const text = await read(join(folder.uri.fsPath, '.claude', file));
    const url = jsonAt(text, ['env', 'ANTHROPIC_BASE_URL']);
    if (url === undefined) continue;
    seen = true;
    const token = jsonAt(text, ['env', 'ANTHROPIC_AUTH_TOKEN']);
    if (url === baseUrls(input.host, input.port).anthropic && (!input.apiKey || token === input.apiKey)) return { state: 'configured', detail: `.claude/${file}` };
  }
  return { state: seen ? 'out of date' : 'not configured' };
}

export async function listClientTargets(ctx: HostContext): Promise<ClientTarget[]> {
  const input = await setupInput(ctx);
  const home = clientHome();
  const out: ClientTarget[] = [{ id: 'claude-code', label: 'Claude Code', configureCommand: CONFIGURE['claude-code'], restoreCommand: RESTORE, ...(await claudeState(input)) }];
  for (const c of GLOBAL_CLIENTS) {
    const texts = await Promise.all(c.files(home, input).map((f) => read(f.path)));
    out.push({ id: c.id, label: c.label, configureCommand: CONFIGURE[c.id], restoreCommand: RESTORE, state: c.state(texts, input), detail: c.where });
  }
  return out;
}

/**
 * Fires onClientTargetsChanged when what the states are measured against changes: the address
 * clients use (start, stop, port), the auth mode, or the key. Status updates are frequent: only a
 * change of that address fires.
 */
export function watchClientTargets(ctx: HostContext): vscode.Disposable {
  let last = '';
  const check = () => {
    const s = ctx.service.status();
    const now = JSON.stringify([s.kind, s.kind === 'running' || s.kind === 'servedByOtherWindow' ? s.port : 0]);
    if (now !== last) {
      last = now;
      fireClientTargetsChanged();
    }
  };
  const off = ctx.service.onDidChange(check);
  const subs = [
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('antigravity.proxy')) fireClientTargetsChanged(); }),
    ctx.secrets.onDidChange(() => fireClientTargetsChanged()),
  ];
  return { dispose: () => { off(); for (const d of subs) d.dispose(); } };
}
