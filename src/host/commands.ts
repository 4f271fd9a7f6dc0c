/** Every `antigravity.*` command, registered once; each returns a Disposable owned by the extension. */
import * as vscode from 'vscode';
import { COMMAND_IDS, type CommandName } from '../shared/command-ids';
import type { SnippetId } from '../shared/snippets';
import { removeAccount, setAccountEnabled } from './accounts/account-actions';
import { copyApiKey, copyBaseUrl, copyClientSetup, regenerateApiKey, setApiKey, setZaiKey } from './clients/actions-keys';
import { checkHealthCommand, restartProxy, startProxy, stopProxy } from './proxy/actions-proxy';
import { addAccount } from './accounts/add-account';
import { editAccount } from './accounts/edit-account';
import { configureClaudeCode } from './clients/claude-code';
import { configureClient, restoreClientConfig } from './clients/configure-client';
import { allowLanguageModels } from './lm/lm-consent';
import type { HostContext } from './context';
import { reportError } from './report-error';

/** Failures reach the user: an exception in a command becomes a notification with "Show Log". */
/** A handler takes what the caller passes (a command link, executeCommand, a keybinding): untyped. */
type Handler = (...args: never[]) => unknown;

function guarded(ctx: HostContext, id: string, fn: Handler): (...args: unknown[]) => Promise<unknown> {
  return async (...args) => {
    try {
      return await (fn as (...a: unknown[]) => unknown)(...args);
    } catch (err) {
      reportError(ctx, id, err);
      return undefined;
    }
  };
}

export function registerCommands(ctx: HostContext): vscode.Disposable[] {
  // Keyed by name: the compiler makes sure every id of COMMAND_IDS gets a handler.
  const table: Record<CommandName, Handler> = {
    startProxy: () => startProxy(ctx),
    stopProxy: () => stopProxy(ctx),
    restartProxy: () => restartProxy(ctx),
    openPanel: () => ctx.openPanel('proxy'),
    checkHealth: () => checkHealthCommand(ctx),
    copyBaseUrl: (which?: 'openai' | 'anthropic' | 'gemini') => copyBaseUrl(ctx, which),
    copyClientSetup: (id?: SnippetId) => copyClientSetup(ctx, id),
    configureClaudeCode: () => configureClaudeCode(ctx),
    configureCodex: () => configureClient(ctx, 'codex'),
    configureOpencode: () => configureClient(ctx, 'opencode'),
    configureKilo: () => configureClient(ctx, 'kilo'),
    configureGeminiCli: () => configureClient(ctx, 'gemini-cli'),
    restoreClientConfig: (id?: string) => restoreClientConfig(ctx, typeof id === 'string' ? id : undefined),
    addAccount: (preset?: string) => addAccount(ctx, typeof preset === 'string' ? preset : undefined),
    removeAccount: (id?: string) => removeAccount(ctx, typeof id === 'string' ? id : undefined),
    toggleAccount: (id?: string) => setAccountEnabled(ctx, typeof id === 'string' ? id : undefined),
    editAccount: (id?: string) => editAccount(ctx, typeof id === 'string' ? id : undefined),
    setApiKey: () => setApiKey(ctx),
    regenerateApiKey: () => regenerateApiKey(ctx),
    copyApiKey: () => copyApiKey(ctx),
    setZaiKey: () => setZaiKey(ctx),
    openMonitor: () => ctx.openPanel('monitor'),
    showLog: () => ctx.channel.show(),
    allowLanguageModels: () => allowLanguageModels(ctx),
  };
  // All or nothing: if one registration throws, the ones made so far are released.
  const registered: vscode.Disposable[] = [];
  try {
    for (const name of Object.keys(table) as CommandName[]) {
      const id = COMMAND_IDS[name];
      registered.push(vscode.commands.registerCommand(id, guarded(ctx, id, table[name])));
    }
  } catch (err) {
    for (const d of registered) d.dispose();
    throw err;
  }
  return registered;
}
