/**
 * Every `antigravity.*` command id, written once. Registration (host/commands.ts), `executeCommand`
 * calls, the status bar's tooltip links and the panel's actions use these names; the manifest's
 * `contributes.commands` must list exactly these (test/unit/shared/command-ids.test.ts).
 * In src/shared because the UI (status bar) and the host both need it and neither may import the other.
 */
export const COMMAND_IDS = {
  startProxy: 'antigravity.startProxy',
  stopProxy: 'antigravity.stopProxy',
  restartProxy: 'antigravity.restartProxy',
  openPanel: 'antigravity.openPanel',
  checkHealth: 'antigravity.checkHealth',
  copyBaseUrl: 'antigravity.copyBaseUrl',
  copyClientSetup: 'antigravity.copyClientSetup',
  configureClaudeCode: 'antigravity.configureClaudeCode',
  configureCodex: 'antigravity.configureCodex',
  configureOpencode: 'antigravity.configureOpencode',
  configureKilo: 'antigravity.configureKilo',
  configureGeminiCli: 'antigravity.configureGeminiCli',
  restoreClientConfig: 'antigravity.restoreClientConfig',
  addAccount: 'antigravity.addAccount',
  removeAccount: 'antigravity.removeAccount',
  toggleAccount: 'antigravity.toggleAccount',
  editAccount: 'antigravity.editAccount',
  setApiKey: 'antigravity.setApiKey',
  regenerateApiKey: 'antigravity.regenerateApiKey',
  copyApiKey: 'antigravity.copyApiKey',
  setZaiKey: 'antigravity.setZaiKey',
  openMonitor: 'antigravity.openMonitor',
  showLog: 'antigravity.showLog',
  allowLanguageModels: 'antigravity.allowLanguageModels',
} as const;

export type CommandName = keyof typeof COMMAND_IDS;
export type CommandId = (typeof COMMAND_IDS)[CommandName];

/** VS Code's own command that the status bar and panel open (not ours, so not in the manifest). */
export const OPEN_SETTINGS_COMMAND = 'workbench.action.openSettings';
