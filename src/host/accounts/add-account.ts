/** Add Account…: kind / preset → base URL → key → name → optional live model listing → saved; one multi-step QuickInput with Back. */
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../shared/command-ids';
import { redact } from '../../core/redactor';
import {
  ACCOUNT_PRESETS, defaultAccountName, fetchModels, modelsRequest, parseModelsResponse, validateAccountKey, validateBaseUrl, validateLabel,
  type AccountPreset,
} from './add-account-input';
import { addAccountPlan, modelsToSave, offeredName, runSteps, type AddStep, type StepResult } from './add-account-steps';
import { BACK, inputStep, pickManyStep, pickStep, type Back } from './quick-steps';
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

/** What the flow has gathered; kept while going back and forth (and, but for the key, after Escape). */
interface Draft {
  preset?: AccountPreset;
  baseUrl?: string;
  apiKey?: string;
  label?: string;
  /** The name the name step last offered: a name equal to it follows later defaults. */
  offered?: string;
  vendor?: string;
  family?: string;
  check?: boolean;
  found?: string[];
  models?: string[];
}

/**
 * The last flow Escape ended in this session, without its key: reopening Add Account with the same
 * preset offers the values typed then.
 */
let cancelled: Draft | undefined;

/**
 * `presetId` (e.g. "vscode-lm" from the walkthrough's link) skips the kind pick; the other steps
 * stay as they are. An unknown id asks as usual. Every step has the counter and (but the first)
 * Back, which keeps what was typed.
 */
export async function addAccount(ctx: HostContext, presetId?: string): Promise<boolean> {
  const title = t('Add Account');
  const given = ACCOUNT_PRESETS.find((p) => p.id === presetId);
  const d: Draft = given ? { preset: given } : {};
  if (cancelled && (!given || cancelled.preset === given)) Object.assign(d, cancelled, { apiKey: undefined, check: undefined, found: undefined });
  const existing = ctx.accounts.list();
  const plan = () => addAccountPlan({ askKind: !given, ...(d.preset ? { kind: d.preset.kind } : {}), pickModels: !!d.check && (d.found?.length ?? 0) > 0 });
  const items = presetItems();

  const done = await runSteps<AddStep>(plan, async (step, k, n) => {
    const common = { title, step: k, totalSteps: n, back: k > 1 };
    const preset = d.preset!;
    switch (step) {
      case 'kind': {
        const active = items.find((i) => i.preset && i.preset === d.preset);
        const v = await pickStep({ ...common, placeholder: t('What kind of account?'), items, matchOnDescription: true, matchOnDetail: true, ...(active ? { active } : {}) });
        return answer(v, (item) => {
          if (item.preset !== d.preset) Object.assign(d, { baseUrl: undefined, vendor: undefined, family: undefined });
          d.preset = item.preset;
        });
      }
      case 'vendor':
        return answer(await inputStep({ ...common, prompt: t('Model vendor (e.g. copilot); empty for all vendors'), value: d.vendor ?? 'copilot' }), (v) => { d.vendor = v; });
      case 'family':
        return answer(await inputStep({ ...common, prompt: t('Model family (e.g. gpt-4o); empty for all families'), value: d.family ?? '' }), (v) => { d.family = v; });
      case 'url':
        return answer(await inputStep({
          ...common, prompt: t('Base URL of the API'), value: d.baseUrl ?? preset.baseUrl ?? 'http://127.0.0.1:8000/v1',
          validate: (v) => { const e = validateBaseUrl(v); return e ? t(e) : undefined; },
        }), (v) => { d.baseUrl = v; });
      case 'key':
        return answer(await inputStep({
          ...common, prompt: preset.keyOptional ? t('API key (optional for local servers)') : t('API key'),
          placeholder: preset.keyHint ?? '', password: true, value: d.apiKey ?? '',
          validate: (v) => { const e = validateAccountKey(v, preset.keyOptional); return e ? t(e) : undefined; },
        }), (v) => { d.apiKey = v; });
      case 'name': {
        const fresh = uniqueLabel(preset.kind === 'vscode-lm' ? `VS Code ${d.vendor || 'LM'}` : defaultAccountName(preset, d.baseUrl ?? ''), existing.map((a) => a.label));
        const value = offeredName(d.label, d.offered, fresh);
        d.offered = fresh;
        return answer(await inputStep({
          ...common, prompt: t('A name for this account'), value,
          validate: (v) => { const e = validateLabel(v, existing); return e ? t(e) : undefined; },
        }), (v) => { d.label = v.trim(); });
      }
      case 'verify': {
        const check = { label: t('Check the key and list models') };
        const skip = { label: t('Save without checking') };
        const v = await pickStep({ ...common, placeholder: t('Verify the account now?'), items: [check, skip], ...(d.check === false ? { active: skip } : {}) });
        if (v === undefined || v === BACK) return answer(v, () => undefined);
        d.check = v === check;
        d.found = undefined;
        if (d.check) return (await listForPick(ctx, d)) ? 'next' : 'cancel';
        return 'next';
      }
      case 'models': {
        const found = d.found ?? [];
        const all = found.map((m) => ({ label: m }));
        const selected = d.models ? all.filter((i) => d.models!.includes(i.label)) : all;
        return answer(await pickManyStep({
          ...common, items: all, selected,
          placeholder: t('{0} models found, all selected. Untick the ones this account should not serve.', found.length),
          noneSelected: t('Tick at least one model.'),
        }), (picked) => { d.models = modelsToSave(found, picked.map((p) => p.label)); });
      }
    }
  });
  if (!done) {
    cancelled = { ...d, apiKey: undefined };
    return false;
  }
  cancelled = undefined;
  const preset = d.preset!;
  const label = d.label!;
  if (preset.kind === 'vscode-lm') {
    const vendor = (d.vendor ?? '').trim();
    const family = (d.family ?? '').trim();
    await ctx.accounts.add({ kind: 'vscode-lm', label, enabled: true, ...(vendor ? { vendor } : {}), ...(family ? { family } : {}) }, '');
    return saved(ctx, label);
  }
  const models = d.check ? d.models : undefined;
  await ctx.accounts.add({
    kind: preset.kind, label, baseUrl: (d.baseUrl ?? '').trim().replace(/\/+$/, ''), enabled: true,
    ...(models && models.length > 0 ? { models } : {}),
    ...(preset.maxConcurrent ? { maxConcurrent: preset.maxConcurrent } : {}),
  }, (d.apiKey ?? '').trim());
  return saved(ctx, label);
}

/** A step's answer → where the flow goes: undefined ends it, Back goes back, a value is kept. */
function answer<T>(v: T | Back | undefined, keep: (v: T) => void): StepResult {
  if (v === undefined) return 'cancel';
  if (v === BACK) return 'back';
  keep(v);
  return 'next';
}

/**
 * Lists the account's models for the pick (d.found). On a failure the user may Save Anyway (the
 * flow then saves without a list: d.check becomes false) or not (false: the flow ends).
 */
async function listForPick(ctx: HostContext, d: Draft): Promise<boolean> {
  const label = d.label ?? '';
  try {
    const found = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Listing models of {0}…', label), cancellable: true },
      (_p, token) => listModels(ctx, d.preset!, (d.baseUrl ?? '').trim(), (d.apiKey ?? '').trim(), token),
    );
    ctx.log.info(`Account "${label}": ${found.length} models listed.`);
    d.found = found;
    return true;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ctx.log.warn(`Account "${label}": model listing failed: ${message}`);
    const saveAnyway = t('Save Anyway');
    const choice = await vscode.window.showWarningMessage(t('Could not list the models of {0}: {1}', label, message), saveAnyway);
    if (choice !== saveAnyway) return false;
    d.check = false;
    return true;
  }
}

export function uniqueLabel(base: string, labels: string[]): string {
  const lower = new Set(labels.map((l) => l.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!lower.has(`${base} ${i}`.toLowerCase())) return `${base} ${i}`;
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
