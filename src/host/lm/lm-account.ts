/**
 * "Use VS Code Language Models" (the action of the no-account warning, issue 16): one click from
 * "no account" to a running proxy served by the models VS Code already has (e.g. GitHub Copilot).
 * It adds a `vscode-lm` account for every vendor — the account Add Account… → "VS Code language
 * models" makes with empty vendor and family — unless one exists (then it is enabled), starts the
 * proxy, and asks VS Code's consent through "Allow VS Code Language Models" while the user is
 * here to answer it (requests the proxy makes later cannot ask).
 */
import * as vscode from 'vscode';
import { uniqueLabel } from '../accounts/add-account';
import type { HostContext } from '../context';
import { t } from '../l10n';
import { allowLanguageModels } from './lm-consent';

/** VS Code offers at least one chat model now (any vendor). A failing lookup counts as none. */
export async function languageModelsAvailable(ctx: Pick<HostContext, 'log'>): Promise<boolean> {
  try {
    return (await vscode.lm.selectChatModels()).length > 0;
  } catch (err) {
    ctx.log.warn(`Listing VS Code language models failed: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}

export async function useLanguageModels(ctx: HostContext, start: () => Promise<unknown>): Promise<void> {
  const all = ctx.accounts.list();
  const existing = all.find((a) => a.kind === 'vscode-lm' && !a.vendor && !a.family);
  if (existing) {
    if (!existing.enabled) await ctx.accounts.setEnabled(existing.id, true);
  } else {
    const label = uniqueLabel(t('VS Code language models'), all.map((a) => a.label));
    await ctx.accounts.add({ kind: 'vscode-lm', label, enabled: true }, '');
    ctx.log.info(`Account "${label}" added (all VS Code language models).`);
  }
  await start();
  await allowLanguageModels(ctx);
}
