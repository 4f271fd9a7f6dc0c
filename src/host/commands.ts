/** Every `antigravity.*` command, registered once; each returns a Disposable owned by the extension. */
import * as vscode from 'vscode';
import type { SnippetId } from '../shared/snippets';
import { removeAccount, setAccountEnabled } from './accounts/account-actions';
import { copyApiKey, copyBaseUrl, copyClientSetup, regenerateApiKey, setApiKey, setZaiKey } from './clients/actions-keys';
import { checkHealthCommand, restartProxy, startProxy, stopProxy } from './proxy/actions-proxy';
import { addAccount } from './accounts/add-account';
import { configureClaudeCode } from './clients/claude-code';
import { allowLanguageModels } from './lm/lm-consent';
import type { HostContext } from './context';
import { reportError } from './report-error';

export const COMMANDS = {
  startProxy: 'antigravity.startProxy',
  stopProxy: 'antigravity.stopProxy',
  restartProxy: 'antigravity.restartProxy',
  openPanel: 'antigravity.openPanel',
  checkHealth: 'antigravity.checkHealth',
  copyBaseUrl: 'antigravity.copyBaseUrl',
  copyClientSetup: 'antigravity.copyClientSetup',
  configureClaudeCode: 'antigravity.configureClaudeCode',
  addAccount: 'antigravity.addAccount',
  removeAccount: 'antigravity.removeAccount',
  toggleAccount: 'antigravity.toggleAccount',
  setApiKey: 'antigravity.setApiKey',
  regenerateApiKey: 'antigravity.regenerateApiKey',
  copyApiKey: 'antigravity.copyApiKey',
  setZaiKey: 'antigravity.setZaiKey',
  openMonitor: 'antigravity.openMonitor',
  showLog: 'antigravity.showLog',
  allowLanguageModels: 'antigravity.allowLanguageModels',
} as const;

/** Failures reach the user: an exception in a command becomes a notification with "Show Log". */
function guarded(ctx: HostContext, id: string, fn: (...args: any[]) => unknown): (...args: unknown[]) => Promise<unknown> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (err) {
      reportError(ctx, id, err);
      return undefined;
    }
  };
}

export function registerCommands(ctx: HostContext): vscode.Disposable[] {
  const table: Record<string, (...args: any[]) => unknown> = {
    [COMMANDS.startProxy]: () => startProxy(ctx),
    [COMMANDS.stopProxy]: () => stopProxy(ctx),
    [COMMANDS.restartProxy]: () => restartProxy(ctx),
    [COMMANDS.openPanel]: () => ctx.openPanel('proxy'),
    [COMMANDS.checkHealth]: () => checkHealthCommand(ctx),
    [COMMANDS.copyBaseUrl]: (which?: 'openai' | 'anthropic' | 'gemini') => copyBaseUrl(ctx, which),
    [COMMANDS.copyClientSetup]: (id?: SnippetId) => copyClientSetup(ctx, id),
    [COMMANDS.configureClaudeCode]: () => configureClaudeCode(ctx),
    [COMMANDS.addAccount]: () => addAccount(ctx),
    [COMMANDS.removeAccount]: (id?: string) => removeAccount(ctx, typeof id === 'string' ? id : undefined),
    [COMMANDS.toggleAccount]: (id?: string) => setAccountEnabled(ctx, typeof id === 'string' ? id : undefined),
    [COMMANDS.setApiKey]: () => setApiKey(ctx),
    [COMMANDS.regenerateApiKey]: () => regenerateApiKey(ctx),
    [COMMANDS.copyApiKey]: () => copyApiKey(ctx),
    [COMMANDS.setZaiKey]: () => setZaiKey(ctx),
    [COMMANDS.openMonitor]: () => ctx.openPanel('monitor'),
    [COMMANDS.showLog]: () => ctx.channel.show(),
    [COMMANDS.allowLanguageModels]: () => allowLanguageModels(ctx),
  };
  return Object.entries(table).map(([id, fn]) => vscode.commands.registerCommand(id, guarded(ctx, id, fn)));
}
