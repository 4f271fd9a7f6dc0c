/**
 * "Antigravity: Allow VS Code Language Models": one user-initiated request per model vendor,
 * so VS Code shows its consent dialog (requests the proxy makes in the background cannot ask
 * and fail with NoPermissions → 403 naming this command). Afterwards the running proxy reloads
 * its configuration, which lifts the 403 verdict on `vscode-lm` accounts.
 */
import * as vscode from 'vscode';
import type { HostContext } from '../context';
import { t } from '../l10n';
import { offeredModels } from './lm-models';

const PROBE = 'Reply with the single word OK.';

export async function allowLanguageModels(ctx: HostContext): Promise<void> {
  const all = await vscode.lm.selectChatModels();
  const accounts = ctx.accounts.list().filter((a) => a.kind === 'vscode-lm' && a.enabled);
  const chats = accounts.length > 0 ? accounts.flatMap((a) => offeredModels(all, a)) : all;
  if (chats.length === 0) {
    void vscode.window.showWarningMessage(t('VS Code offers no language models yet. Install and sign in to a provider such as GitHub Copilot, then run this command again.'));
    return;
  }
  // Consent is granted per extension and model vendor: one request for each vendor.
  const byVendor = new Map<string, vscode.LanguageModelChat>();
  for (const c of chats) if (!byVendor.has(c.vendor)) byVendor.set(c.vendor, c);
  const allowed: string[] = [];
  const refused: string[] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Asking VS Code for access to its language models…'), cancellable: true },
    async (_progress, token) => {
      for (const chat of byVendor.values()) {
        if (token.isCancellationRequested) return;
        try {
          const res = await chat.sendRequest([vscode.LanguageModelChatMessage.User(PROBE)], {
            justification: t('Antigravity Proxy serves this model to your local tools (Claude Code, Codex, SDKs) through its gateway.'),
          }, token);
          for await (const _part of res.stream) break; // one part proves access; the rest is not needed
          allowed.push(chat.name || chat.id);
        } catch (err) {
          const code = (err as { code?: unknown }).code;
          ctx.log.warn(`vscode-lm consent for ${chat.vendor}/${chat.id}: ${code ?? ''} ${err instanceof Error ? err.message : String(err)}`);
          refused.push(chat.name || chat.id);
        }
      }
    },
  );
  if (allowed.length > 0) {
    void vscode.window.showInformationMessage(t('Antigravity Proxy may now use these VS Code language models: {0}', allowed.join(', ')));
    await ctx.service.applyConfigChange();
  }
  if (refused.length > 0) {
    void vscode.window.showWarningMessage(t('VS Code did not allow access to: {0}. Run this command again to be asked once more.', refused.join(', ')));
  }
}
