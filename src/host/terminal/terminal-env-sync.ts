/**
 * Keeps `ExtensionContext.environmentVariableCollection` in step with the proxy (issue 21): while
 * it serves, new integrated terminals get the base URLs (and the key when auth is on); on stop,
 * on `antigravity.terminal.*` changes and on dispose (deactivation) the collection is rebuilt or
 * cleared. `persistent = false`: VS Code never writes the key to disk.
 */
import * as vscode from 'vscode';
import { effectiveAuthMode } from '../../core/config';
import { clientHost, type ProxyUiStatus } from '../../shared/status';
import type { HostContext } from '../context';
import { t } from '../l10n';
import { currentSettings } from '../settings/settings';
import { terminalEnv } from './terminal-env';

/** VS Code-only UI settings (not proxy config keys). */
export const TERMINAL_SECTION = 'antigravity.terminal';

function endpointOf(status: ProxyUiStatus): { host: string; port: number } | undefined {
  if (status.kind === 'running') return { host: clientHost(status.host), port: status.port };
  if (status.kind === 'servedByOtherWindow') return { host: '127.0.0.1', port: status.port };
  return undefined;
}

export class TerminalEnvSync implements vscode.Disposable {
  private applied = '';
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;

  constructor(private readonly collection: vscode.GlobalEnvironmentVariableCollection, private readonly ctx: HostContext) {
    collection.persistent = false;
    collection.clear();
    const off = ctx.service.onDidChange(() => void this.sync());
    this.subscriptions.push(
      { dispose: off },
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('antigravity')) void this.sync(); }),
      ctx.secrets.onDidChange(() => void this.sync()),
    );
    void this.sync();
  }

  /** Recomputes the variables; touches the collection only when they changed (status updates are frequent). */
  async sync(): Promise<void> {
    const endpoint = endpointOf(this.ctx.service.status());
    const cfg = vscode.workspace.getConfiguration(TERMINAL_SECTION);
    const settings = currentSettings();
    const authOn = effectiveAuthMode(settings) !== 'off';
    const enabled = cfg.get<boolean>('injectEnvironment') !== false;
    let apiKey: string | undefined;
    try {
      apiKey = endpoint && enabled && authOn ? await this.ctx.secrets.getOrCreateProxyKey() : undefined;
    } catch (err) {
      this.ctx.log.warn(`Reading the proxy key for terminals failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (this.disposed) return;
    const env = terminalEnv({ endpoint, enabled, variables: cfg.get<string[]>('variables'), authOn, ...(apiKey ? { apiKey } : {}) });
    const key = JSON.stringify(env);
    if (key === this.applied) return;
    const hadVariables = this.applied !== '' && this.applied !== '{}';
    this.applied = key;
    this.collection.clear();
    const names = Object.keys(env);
    if (names.length === 0) {
      if (hadVariables) this.ctx.log.info('New terminals no longer get the proxy\'s variables.');
      return;
    }
    for (const [name, value] of Object.entries(env)) this.collection.replace(name, value);
    this.collection.description = new vscode.MarkdownString(
      t('Antigravity Proxy at {0}: {1}', env.OPENAI_BASE_URL ?? env.ANTHROPIC_BASE_URL ?? env.GOOGLE_GEMINI_BASE_URL ?? '', names.join(', ')));
    this.ctx.log.info(`New terminals get ${names.join(', ')}.`);
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions) s.dispose();
    this.collection.clear();
  }
}
