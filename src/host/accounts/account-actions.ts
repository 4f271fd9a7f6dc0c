/** Remove Account… and Enable/Disable Account (by id from the panel, or picked in the palette). */
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../shared/command-ids';
import type { StoredAccount } from './stored-account';
import type { HostContext } from '../context';
import { t } from '../l10n';

export async function pickAccount(ctx: HostContext, title: string, filter: (a: StoredAccount) => boolean = () => true): Promise<StoredAccount | undefined> {
  const accounts = ctx.accounts.list().filter(filter);
  if (accounts.length === 0) {
    const add = t('Add Account…');
    const choice = await vscode.window.showInformationMessage(t('There are no accounts yet.'), add);
    if (choice === add) await vscode.commands.executeCommand(COMMAND_IDS.addAccount);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    accounts.map((a) => ({
      label: a.label,
      description: `${a.kind}${a.enabled ? '' : ' · ' + t('disabled')}`,
      detail: a.baseUrl ?? '',
      account: a,
    })),
    { title },
  );
  return pick?.account;
}

export async function removeAccount(ctx: HostContext, id?: string): Promise<void> {
  const account = id ? ctx.accounts.get(id) : await pickAccount(ctx, t('Remove Account'));
  if (!account) return;
  const remove = t('Remove');
  const choice = await vscode.window.showWarningMessage(
    t('Remove the account {0}? Its key is deleted from the secret storage.', account.label), { modal: true }, remove);
  if (choice !== remove) return;
  await ctx.accounts.remove(account.id);
  ctx.log.info(`Account "${account.label}" removed.`);
  ctx.refreshPanel();
}

export async function setAccountEnabled(ctx: HostContext, id?: string, enabled?: boolean): Promise<void> {
  const account = id ? ctx.accounts.get(id) : await pickAccount(ctx, t('Enable/Disable Account'));
  if (!account) return;
  const next = enabled ?? !account.enabled;
  await ctx.accounts.setEnabled(account.id, next);
  ctx.log.info(`Account "${account.label}" ${next ? 'enabled' : 'disabled'}.`);
  ctx.refreshPanel();
}
