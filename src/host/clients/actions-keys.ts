/** Proxy API key actions and the clipboard actions that may include it. */
import * as vscode from 'vscode';
import { maskApiKey, validateApiKey } from '../../core/api-key';
import { baseUrls, buildSnippets, type Snippet, type SnippetId } from '../../shared/snippets';
import { clientHost } from '../../shared/status';
import type { HostContext } from '../context';
import { snippetContext } from '../panel/snippet-context';
import { t } from '../l10n';
import { currentSettings } from '../settings/settings';
import { setWalkthroughContext, WALKTHROUGH_CONTEXT } from '../walkthrough';

/** Where a client on this machine reaches the proxy (the running instance, else the setting). */
export function clientEndpoint(ctx: HostContext): { host: string; port: number } {
  const status = ctx.service.status();
  if (status.kind === 'running') return { host: clientHost(status.host), port: status.port };
  if (status.kind === 'servedByOtherWindow') return { host: '127.0.0.1', port: status.port };
  return { host: '127.0.0.1', port: currentSettings().port };
}

export async function snippetsFor(ctx: HostContext, includeKey: boolean): Promise<Snippet[]> {
  const { host, port } = clientEndpoint(ctx);
  const apiKey = includeKey ? await ctx.secrets.getOrCreateProxyKey() : undefined;
  return buildSnippets({ host, port, ...snippetContext(ctx), ...(apiKey ? { apiKey } : {}) });
}

async function copy(text: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(t('$(check) Copied {0}', what), 3000);
}

export async function copyApiKey(ctx: HostContext): Promise<void> {
  const key = await ctx.secrets.getOrCreateProxyKey();
  await copy(key, t('API key'));
  ctx.refreshPanel();
}

export async function setApiKey(ctx: HostContext): Promise<void> {
  const value = await vscode.window.showInputBox({
    title: t('Set Proxy API Key'),
    prompt: t('Clients send this key. It must start with "sk-" and be at least 10 characters long.'),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const error = validateApiKey(v);
      return error ? t(error) : undefined;
    },
  });
  if (value === undefined) return;
  await ctx.secrets.setProxyKey(value);
  ctx.log.info('Proxy API key set by the user.');
  ctx.refreshPanel();
  void vscode.window.showInformationMessage(t('Proxy API key saved ({0}).', maskApiKey(value.trim())));
}

export async function regenerateApiKey(ctx: HostContext, confirm = true): Promise<void> {
  if (confirm) {
    const yes = t('Regenerate');
    const choice = await vscode.window.showWarningMessage(
      t('Regenerate the proxy API key? Clients using the old key stop working.'), { modal: true }, yes);
    if (choice !== yes) return;
  }
  const key = await ctx.secrets.regenerateProxyKey();
  ctx.log.info('Proxy API key regenerated.');
  ctx.refreshPanel();
  const copyIt = t('Copy API Key');
  const choice = await vscode.window.showInformationMessage(t('New proxy API key: {0}', maskApiKey(key)), copyIt);
  if (choice === copyIt) await copy(key, t('API key'));
}

export async function copyBaseUrl(ctx: HostContext, which?: 'openai' | 'anthropic' | 'gemini'): Promise<void> {
  const { host, port } = clientEndpoint(ctx);
  const urls = baseUrls(host, port);
  const items: Array<vscode.QuickPickItem & { value: string; id: 'openai' | 'anthropic' | 'gemini' }> = [
    { id: 'openai', label: t('OpenAI-compatible'), description: urls.openai, detail: t('OpenAI SDKs, Kilo Code, Codex, curl (with /v1)'), value: urls.openai },
    { id: 'anthropic', label: t('Anthropic'), description: urls.anthropic, detail: t('Anthropic SDK, Claude Code (no /v1)'), value: urls.anthropic },
    { id: 'gemini', label: t('Gemini'), description: urls.gemini, detail: t('Gemini CLI, Google GenAI SDKs (no /v1beta)'), value: urls.gemini },
  ];
  const pick = which ? items.find((i) => i.id === which) : await vscode.window.showQuickPick(items, { title: t('Copy Base URL'), matchOnDescription: true });
  if (!pick) return;
  await copy(pick.value, pick.value);
  setWalkthroughContext(WALKTHROUGH_CONTEXT.clientSetUp, true);
}

export async function copyClientSetup(ctx: HostContext, id?: SnippetId, includeKey?: boolean): Promise<void> {
  let snippetId = id;
  if (!snippetId) {
    const preview = await snippetsFor(ctx, false);
    const pick = await vscode.window.showQuickPick(
      preview.map((s) => ({ label: s.title, detail: s.code.split('\n').find((l) => l.includes('http')) ?? '', id: s.id })),
      { title: t('Copy Client Setup'), matchOnDetail: true },
    );
    if (!pick) return;
    snippetId = pick.id;
  }
  // While auth is off nothing checks the key: there is nothing to ask, the snippet carries none.
  let withKey = snippetContext(ctx).auth ? includeKey : false;
  if (withKey === undefined) {
    const placeholder = t('With a placeholder for the key');
    const real = t('With the real API key');
    const pick = await vscode.window.showQuickPick([placeholder, real], { title: t('Include the API key?') });
    if (!pick) return;
    withKey = pick === real;
  }
  const snippet = (await snippetsFor(ctx, withKey)).find((s) => s.id === snippetId);
  if (!snippet) return;
  await copy(snippet.code, snippet.title);
  setWalkthroughContext(WALKTHROUGH_CONTEXT.clientSetUp, true);
}

/**
 * Set z.ai Key…: the key z.ai dispatch (setting antigravity.zai.dispatchMode) sends. Adding the
 * first z.ai account sets it; removing the account whose key it is hands it to another z.ai
 * account or clears it. An empty input clears it.
 */
export async function setZaiKey(ctx: HostContext): Promise<void> {
  const current = await ctx.secrets.getZaiKey();
  const value = await vscode.window.showInputBox({
    title: t('Set z.ai Key'),
    prompt: current
      ? t('The key z.ai dispatch uses (now {0}). Leave empty to clear it.', maskApiKey(current))
      : t('The key z.ai dispatch uses. Leave empty to clear it.'),
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return;
  await ctx.secrets.setZaiKey(value);
  ctx.log.info(value.trim() ? 'z.ai dispatch key set by the user.' : 'z.ai dispatch key cleared by the user.');
  ctx.refreshPanel();
  void vscode.window.showInformationMessage(value.trim() ? t('z.ai key saved ({0}).', maskApiKey(value.trim())) : t('z.ai key cleared.'));
}
