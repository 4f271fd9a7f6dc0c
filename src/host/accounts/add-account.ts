/** Add Account…: kind / preset → base URL → key → name → optional live model listing → saved. */
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../shared/command-ids';
import { redact } from '../../core/redactor';
import {
  ACCOUNT_PRESETS, fetchModels, modelsRequest, parseModelsResponse, validateAccountKey, validateBaseUrl, validateLabel,
  type AccountPreset,
} from './add-account-input';
import type { HostContext } from '../context';
import { t } from '../l10n';
import { setWalkthroughContext, WALKTHROUGH_CONTEXT } from '../walkthrough';

type PresetItem = vscode.QuickPickItem & { preset?: AccountPreset };

function presetItems(): PresetItem[] {
  const sep = (label: string): PresetItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const item = (id: string, detail: string): PresetItem => {
    const preset = ACCOUNT_PRESETS.find((p) => p.id === id)!;
    return { label: t(preset.label), description: preset.baseUrl ?? '', detail, preset };
  };
  return [
    sep(t('Native APIs')),
    item('gemini', t('Google AI Studio key; Gemini models')),
    item('anthropic', t('Anthropic or any Anthropic-compatible endpoint')),
    item('zai', t('GLM models through z.ai\'s Anthropic-compatible API')),
    sep(t('OpenAI-compatible')),
    item('openai', t('OpenAI platform key')),
    item('openrouter', t('Hundreds of models behind one key')),
    item('deepseek', t('DeepSeek chat and reasoner')),
    item('ollama', t('Local models; no key needed')),
    item('lmstudio', t('Local models; no key needed')),
    item('openai-compatible', t('vLLM, LiteLLM or any other /v1 endpoint')),
    sep(t('Inside VS Code')),
    item('vscode-lm', t('Models you already have in VS Code, e.g. GitHub Copilot')),
  ];
}

export async function listModels(ctx: HostContext, preset: AccountPreset, baseUrl: string, apiKey: string, token?: vscode.CancellationToken): Promise<string[]> {
  const req = modelsRequest(preset.kind, baseUrl, apiKey);
  if (!req) return [];
  const abort = new AbortController();
  const sub = token?.onCancellationRequested(() => abort.abort());
  const timer = setTimeout(() => abort.abort(), 15000);
  try {
    const { status, text } = await fetchModels(ctx.fetch, req, abort.signal);
    if (status !== 200) throw new Error(`HTTP ${status}: ${redact(text.slice(0, 200), [apiKey])}`);
    return parseModelsResponse(JSON.parse(text));
  } finally {
    clearTimeout(timer);
    sub?.dispose();
  }
}

/**
 * `presetId` (e.g. "vscode-lm" from the walkthrough's link) skips the kind pick; the other steps
 * stay as they are. An unknown id asks as usual.
 */
export async function addAccount(ctx: HostContext, presetId?: string): Promise<boolean> {
  const title = t('Add Account');
  const given = ACCOUNT_PRESETS.find((p) => p.id === presetId);
  const preset = given ?? (await vscode.window.showQuickPick(presetItems(), { title, placeHolder: t('What kind of account?'), matchOnDescription: true, matchOnDetail: true }))?.preset;
  if (!preset) return false;
  const existing = ctx.accounts.list();

  if (preset.kind === 'vscode-lm') {
    const vendor = await vscode.window.showInputBox({ title, prompt: t('Model vendor (e.g. copilot); empty for all vendors'), value: 'copilot' });
    if (vendor === undefined) return false;
    const family = await vscode.window.showInputBox({ title, prompt: t('Model family (e.g. gpt-4o); empty for all families'), value: '' });
    if (family === undefined) return false;
    const label = await askLabel(title, `VS Code ${vendor || 'LM'}`, existing);
    if (label === undefined) return false;
    await ctx.accounts.add({ kind: 'vscode-lm', label, enabled: true, ...(vendor.trim() ? { vendor: vendor.trim() } : {}), ...(family.trim() ? { family: family.trim() } : {}) }, '');
    return saved(ctx, label);
  }

  const baseUrl = await vscode.window.showInputBox({
    title, prompt: t('Base URL of the API'), value: preset.baseUrl ?? 'http://127.0.0.1:8000/v1', ignoreFocusOut: true,
    validateInput: (v) => { const e = validateBaseUrl(v); return e ? t(e) : undefined; },
  });
  if (baseUrl === undefined) return false;
  const apiKey = await vscode.window.showInputBox({
    title, prompt: preset.keyOptional ? t('API key (optional for local servers)') : t('API key'),
    placeHolder: preset.keyHint ?? '', password: true, ignoreFocusOut: true,
    validateInput: (v) => { const e = validateAccountKey(v, preset.keyOptional); return e ? t(e) : undefined; },
  });
  if (apiKey === undefined) return false;
  const defaultLabel = t(preset.label).replace(/ \(.*\)$/, '');
  const label = await askLabel(title, uniqueLabel(defaultLabel, existing.map((a) => a.label)), existing);
  if (label === undefined) return false;

  let models: string[] | undefined;
  const check = t('Check the key and list models');
  const skip = t('Save without checking');
  const how = await vscode.window.showQuickPick([check, skip], { title, placeHolder: t('Verify the account now?') });
  if (how === undefined) return false;
  if (how === check) {
    try {
      const found = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: t('Listing models of {0}…', label), cancellable: true },
        (_p, token) => listModels(ctx, preset, baseUrl.trim(), apiKey.trim(), token),
      );
      ctx.log.info(`Account "${label}": ${found.length} models listed.`);
      models = await pickModels(title, found);
      if (models === undefined) return false;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      ctx.log.warn(`Account "${label}": model listing failed: ${message}`);
      const saveAnyway = t('Save Anyway');
      const choice = await vscode.window.showWarningMessage(t('Could not list the models of {0}: {1}', label, message), saveAnyway);
      if (choice !== saveAnyway) return false;
    }
  }
  await ctx.accounts.add({
    kind: preset.kind, label, baseUrl: baseUrl.trim().replace(/\/+$/, ''), enabled: true,
    ...(models && models.length > 0 ? { models } : {}),
    ...(preset.maxConcurrent ? { maxConcurrent: preset.maxConcurrent } : {}),
  }, apiKey.trim());
  return saved(ctx, label);
}

async function pickModels(title: string, found: string[]): Promise<string[] | undefined> {
  if (found.length === 0) return [];
  const picks = await vscode.window.showQuickPick(found.map((m) => ({ label: m })), {
    title, canPickMany: true, placeHolder: t('{0} models found. Pick the ones to serve, or none for all.', found.length),
  });
  return picks?.map((p) => p.label);
}

export function uniqueLabel(base: string, labels: string[]): string {
  const lower = new Set(labels.map((l) => l.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!lower.has(`${base} ${i}`.toLowerCase())) return `${base} ${i}`;
}

async function askLabel(title: string, value: string, existing: Parameters<typeof validateLabel>[1]): Promise<string | undefined> {
  const label = await vscode.window.showInputBox({
    title, prompt: t('A name for this account'), value, ignoreFocusOut: true,
    validateInput: (v) => { const e = validateLabel(v, existing); return e ? t(e) : undefined; },
  });
  return label?.trim();
}

async function saved(ctx: HostContext, label: string): Promise<true> {
  ctx.log.info(`Account "${label}" added.`);
  ctx.refreshPanel();
  setWalkthroughContext(WALKTHROUGH_CONTEXT.hasAccounts, true);
  if (ctx.service.isRunning()) {
    void vscode.window.showInformationMessage(t('Account {0} added.', label));
  } else {
    const start = t('Start Proxy');
    void vscode.window.showInformationMessage(t('Account {0} added.', label), start).then((c) => {
      if (c === start) void vscode.commands.executeCommand(COMMAND_IDS.startProxy);
    });
  }
  return true;
}
