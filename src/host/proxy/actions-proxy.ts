/** User-facing proxy actions: start / stop / restart with progress and actionable errors, health, port. */
import * as vscode from 'vscode';
import { COMMAND_IDS, OPEN_SETTINGS_COMMAND } from '../../shared/command-ids';
import type { HealthResult } from '../../shared/health';
import { clientHost } from '../../shared/status';
import type { HostContext } from '../context';
import { checkHealth } from './health-check';
import type { StartOutcome } from './proxy-service';
import { currentSettings, updateSetting } from '../settings/settings';

import { t } from '../l10n';
import { languageModelsAvailable, useLanguageModels } from '../lm/lm-account';
import { setWalkthroughContext, WALKTHROUGH_CONTEXT } from '../walkthrough';

/**
 * `automatic` (autoStart on activation): finding the port served by another window of ours is
 * the normal case with several windows open; the status bar shows it, no notification.
 */
export async function startProxy(ctx: HostContext, opts: { automatic?: boolean } = {}): Promise<StartOutcome> {
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: t('Starting Antigravity Proxy…') },
    () => ctx.service.start(),
  );
  if (!outcome.ok && !(opts.automatic && outcome.code === 'OTHER_WINDOW')) void reportStartFailure(ctx, outcome);
  return outcome;
}

export async function restartProxy(ctx: HostContext): Promise<StartOutcome> {
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: t('Restarting Antigravity Proxy…') },
    () => ctx.service.restart(),
  );
  if (!outcome.ok) void reportStartFailure(ctx, outcome);
  return outcome;
}

export async function stopProxy(ctx: HostContext): Promise<void> {
  await ctx.service.stop();
}

export async function reportStartFailure(ctx: HostContext, outcome: Extract<StartOutcome, { ok: false }>): Promise<void> {
  const addAccount = t('Add Account…');
  const openSettings = t('Open Settings');
  const anotherPort = t('Choose Another Port');
  const showLog = t('Show Log');
  const takeOver = t('Take Over When Free');
  const health = t('Check Health');
  let choice: string | undefined;
  switch (outcome.code) {
    case 'NO_ACCOUNT': {
      // Not an error but the first thing a new user meets (issue 16): a warning that offers the
      // way out — and VS Code's own models when it has any, in one click.
      const useLm = t('Use VS Code Language Models');
      const lmOffered = await languageModelsAvailable(ctx);
      choice = await vscode.window.showWarningMessage(t('No available account, please add an account first'), addAccount, ...(lmOffered ? [useLm] : []));
      if (choice === useLm) {
        await useLanguageModels(ctx, () => startProxy(ctx));
        return;
      }
      break;
    }
    case 'OTHER_WINDOW':
      choice = await vscode.window.showInformationMessage(
        t('Port {0} is served by Antigravity Proxy in another VS Code window. Clients can use it as is.', outcome.port),
        takeOver, health);
      break;
    case 'PORT_IN_USE':
      choice = await vscode.window.showErrorMessage(
        t('Port {0} is used by another program ({1}). Choose another port.', outcome.port, outcome.message), anotherPort, showLog);
      break;
    case 'BIND_FAILED':
      choice = await vscode.window.showErrorMessage(outcome.message, anotherPort, showLog);
      break;
    case 'INVALID_CONFIG':
      choice = await vscode.window.showErrorMessage(t('Antigravity Proxy settings were not applied: {0}', t(outcome.message)), openSettings, showLog);
      break;
    default:
      choice = await vscode.window.showErrorMessage(t('Antigravity Proxy failed to start: {0}', outcome.message), showLog);
  }
  if (choice === addAccount) await vscode.commands.executeCommand(COMMAND_IDS.addAccount);
  else if (choice === openSettings) await vscode.commands.executeCommand(OPEN_SETTINGS_COMMAND, 'antigravity.');
  else if (choice === anotherPort) await chooseAnotherPort(ctx, outcome.port);
  else if (choice === showLog) ctx.channel.show(true);
  else if (choice === takeOver) ctx.service.takeOverWhenFree();
  else if (choice === health) await vscode.commands.executeCommand(COMMAND_IDS.checkHealth);
}

export function validatePortInput(value: string): string | undefined {
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1024 || n > 65535) return t('Enter a port between 1024 and 65535.');
  return undefined;
}

export async function chooseAnotherPort(ctx: HostContext, busyPort: number): Promise<void> {
  const value = await vscode.window.showInputBox({
    title: t('Choose Another Port'),
    prompt: t('Port {0} is busy. The proxy listens on:', busyPort),
    value: String(busyPort === 65535 ? 8046 : busyPort + 1),
    validateInput: validatePortInput,
  });
  if (value === undefined) return;
  await updateSetting('proxy.port', Number(value));
  // Settings changes restart a running proxy; a stopped one is started here.
  if (!ctx.service.isRunning()) await startProxy(ctx);
}

/** Health of whatever serves the configured port (this window or another). */
export async function runHealthCheck(ctx: HostContext): Promise<HealthResult> {
  const settings = currentSettings();
  const status = ctx.service.status();
  const host = status.kind === 'running' ? clientHost(status.host) : '127.0.0.1';
  const port = status.kind === 'running' || status.kind === 'servedByOtherWindow' ? status.port : settings.port;
  const result = await checkHealth({
    fetch: ctx.fetch,
    now: () => performance.now(),
    host,
    port,
    apiKey: await ctx.secrets.getProxyKey(),
    t,
  });
  // The walkthrough's health step completes from the palette command and the panel's button alike.
  if (result.ok) setWalkthroughContext(WALKTHROUGH_CONTEXT.healthChecked, true);
  ctx.log.info(result.ok ? `Health check ${result.url}: ${result.status} in ${result.latencyMs} ms` : `Health check ${result.url} failed: ${result.error}`);
  return result;
}

export async function checkHealthCommand(ctx: HostContext): Promise<HealthResult> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: t('Checking proxy health…') },
    () => runHealthCheck(ctx),
  );
  if (result.ok) {
    void vscode.window.showInformationMessage(t('Healthy: {0} answered {1} {2} in {3} ms.', result.url, result.status, result.body, result.latencyMs));
  } else {
    const start = t('Start Proxy');
    const showLog = t('Show Log');
    const choice = await vscode.window.showErrorMessage(t('Health check failed: {0}. {1}', result.error, result.hint), start, showLog);
    if (choice === start) await startProxy(ctx);
    else if (choice === showLog) ctx.channel.show(true);
  }
  return result;
}
