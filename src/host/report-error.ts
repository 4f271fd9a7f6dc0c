/** The one path by which a failed action reaches the user: logged, then a notification with "Show Log". */
import * as vscode from 'vscode';
import type { HostContext } from './context';
import { t } from './l10n';

export function reportError(ctx: Pick<HostContext, 'log' | 'channel'>, what: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  ctx.log.error(`${what} failed: ${message}`);
  const showLog = t('Show Log');
  void vscode.window.showErrorMessage(message, showLog).then((c) => c === showLog && ctx.channel.show(true));
}

/** Activation failed: the reason goes to the log (with the stack) and to the user, with "Show Log". */
export function reportActivationFailure(channel: vscode.LogOutputChannel, err: unknown): void {
  const reason = err instanceof Error ? err.message : String(err);
  channel.error(`Activation failed: ${err instanceof Error && err.stack ? err.stack : reason}`);
  const showLog = t('Show Log');
  void vscode.window.showErrorMessage(t('Antigravity Proxy could not be activated: {0}', reason), showLog)
    .then((c) => c === showLog && channel.show(true));
}
