/**
 * Edit Account… (the Accounts view's inline action, or the palette): pick what to change — name,
 * base URL, key, models (vscode-lm: vendor, family) — then that one input, checked like in Add
 * Account. The key is written to SecretStorage only and never shown; an empty key keeps it.
 */
import * as vscode from 'vscode';
import type { HostContext } from '../context';
import { t } from '../l10n';
import { ACCOUNT_PRESETS, parseModelList, validateAccountKey, validateBaseUrl, validateLabel } from './add-account-input';
import { pickAccount } from './account-actions';
import { editChoices, type EditField } from './edit-account-fields';
import type { StoredAccount } from './stored-account';

export async function editAccount(ctx: HostContext, id?: string): Promise<boolean> {
  const account = id ? ctx.accounts.get(id) : await pickAccount(ctx, t('Edit Account'));
  if (!account) return false;
  const title = t('Edit Account {0}', account.label);
  const labels: Record<EditField, string> = {
    label: t('Name'), baseUrl: t('Base URL'), key: t('API key'), models: t('Models'), vendor: t('Model vendor'), family: t('Model family'),
  };
  const items = editChoices(account).map((c) => ({ label: labels[c.field], description: c.current, field: c.field }));
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: t('What do you want to change?') });
  if (!pick) return false;
  const changed = await editField(ctx, account, pick.field, title);
  if (!changed) return false;
  ctx.log.info(`Account "${account.label}": ${pick.field} changed.`);
  ctx.refreshPanel();
  return true;
}

async function editField(ctx: HostContext, a: StoredAccount, field: EditField, title: string): Promise<boolean> {
  const others = ctx.accounts.list().filter((x) => x.id !== a.id);
  const ask = (prompt: string, value: string, validate?: (v: string) => string | undefined, extra: Partial<vscode.InputBoxOptions> = {}) =>
    vscode.window.showInputBox({ title, prompt, value, ignoreFocusOut: true, ...(validate ? { validateInput: validate } : {}), ...extra });
  switch (field) {
    case 'label': {
      const v = await ask(t('A name for this account'), a.label, (x) => { const e = validateLabel(x, others); return e ? t(e) : undefined; });
      if (v === undefined || v.trim() === a.label) return false;
      await ctx.accounts.update(a.id, { label: v.trim() });
      return true;
    }
    case 'baseUrl': {
      const v = await ask(t('Base URL of the API'), a.baseUrl ?? '', (x) => { const e = validateBaseUrl(x); return e ? t(e) : undefined; });
      if (v === undefined) return false;
      await ctx.accounts.update(a.id, { baseUrl: v.trim().replace(/\/+$/, '') });
      return true;
    }
    case 'key': {
      const optional = keyOptional(a);
      const v = await ask(t('New API key (empty keeps the current one)'), '', (x) => {
        if (!x.trim()) return undefined;
        const e = validateAccountKey(x, optional);
        return e ? t(e) : undefined;
      }, { password: true });
      if (v === undefined || !v.trim()) return false;
      await ctx.accounts.setKey(a.id, v.trim());
      return true;
    }
    case 'models': {
      const v = await ask(t('Models to serve, separated by commas; empty for all'), (a.models ?? []).join(', '));
      if (v === undefined) return false;
      await ctx.accounts.update(a.id, { models: parseModelList(v) });
      return true;
    }
    case 'vendor':
    case 'family': {
      const v = await ask(field === 'vendor' ? t('Model vendor (e.g. copilot); empty for all vendors') : t('Model family (e.g. gpt-4o); empty for all families'), a[field] ?? '');
      if (v === undefined) return false;
      await ctx.accounts.update(a.id, { [field]: v.trim() });
      return true;
    }
  }
}

/** Local servers accept any key: an OpenAI-kind account on a loopback URL may go without. */
function keyOptional(a: StoredAccount): boolean {
  return ACCOUNT_PRESETS.some((p) => p.keyOptional && p.kind === a.kind && p.baseUrl !== undefined && p.baseUrl === a.baseUrl)
    || (a.kind === 'openai' && /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(a.baseUrl ?? ''));
}
