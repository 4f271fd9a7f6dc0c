/** The host side of the "API Proxy" panel: builds its state and turns its messages into actions. */
import { describeQuota } from '../../upstream/quota';
import * as vscode from 'vscode';
import { COMMAND_IDS, OPEN_SETTINGS_COMMAND } from '../../shared/command-ids';
import { effectiveAuthMode, AUTH_MODES, type AuthMode } from '../../core/config';
import { maskApiKey } from '../../core/api-key';
import type { HealthResult } from '../../shared/health';
import type { AccountView, HostToWebview, WebviewToHost } from '../../shared/messages';
import { WEBVIEW_STRINGS } from '../../shared/webview-strings';
import type { ProxyPanel, PanelDelegate } from '../../ui/panel';
import { setAccountEnabled, removeAccount } from '../accounts/account-actions';
import { copyApiKey, copyClientSetup, regenerateApiKey, setApiKey, snippetsFor } from '../clients/actions-keys';
import { runHealthCheck, startProxy, stopProxy, validatePortInput } from '../proxy/actions-proxy';
import { copyListenAddress } from './panel-copy';
import { configureClaudeCode } from '../clients/claude-code';
import type { HostContext } from '../context';
import { t } from '../l10n';
import type { PanelUpdate } from './panel-refresh';
import { reportError } from '../report-error';
import { currentSettings, updateSetting } from '../settings/settings';

/** The Monitor tab's host side: receives the panel's `monitor` messages and can post back. */
export interface MonitorBridge {
  onMessage(payload: unknown, post: (payload: unknown) => void): void;
  /** Called on each `ready` so the monitor can send its initial data. */
  onReady(post: (payload: unknown) => void): void;
  /** The webview is gone (closed or hidden): stop computing updates nobody sees. */
  detach(): void;
}

export class PanelController implements PanelDelegate {
  private includeKey = false;
  private panel: ProxyPanel | undefined;
  private monitor: MonitorBridge | undefined;

  constructor(private readonly ctx: HostContext) {}

  attach(panel: ProxyPanel): void {
    this.panel = panel;
  }

  setMonitorBridge(bridge: MonitorBridge): void {
    this.monitor = bridge;
  }

  private post(message: HostToWebview): void {
    void this.panel?.post(message);
  }

  private formatTime(epochMs: number): string {
    return new Date(epochMs).toLocaleTimeString(vscode.env.language, { hour12: false });
  }

  private accountViews(): AccountView[] {
    const live = new Map(this.ctx.service.accountStates().map((s) => [s.id, s]));
    const running = this.ctx.service.isRunning();
    return this.ctx.accounts.list().map((a) => {
      const s = live.get(a.id);
      const view: AccountView = { id: a.id, label: a.label, kind: a.kind, enabled: a.enabled, state: 'idle' };
      if (a.baseUrl) view.baseUrl = a.baseUrl;
      if (a.models) view.models = a.models;
      if (!a.enabled) {
        view.state = 'disabled';
      } else if (running && s) {
        view.state = s.state;
        if (s.coolingUntil) view.coolingUntil = this.formatTime(s.coolingUntil);
        if (s.disabledReason) view.disabledReason = s.disabledReason;
        if (s.nextProbeAt) view.nextProbeAt = this.formatTime(s.nextProbeAt);
        if (s.inFlight) view.inFlight = s.inFlight;
        if (s.queued) view.queued = s.queued;
        const quota = describeQuota(s.quota, (ms) => new Date(ms).toLocaleTimeString(vscode.env.language, { hour12: false, hour: '2-digit', minute: '2-digit' }));
        if (quota) view.quota = quota;
      } else if (running) {
        view.state = 'ready';
      }
      return view;
    });
  }

  /** Status and account states only: sent while counters move, so the controls keep focus. */
  statusMessage(): HostToWebview {
    return { type: 'status', status: this.ctx.service.status(), accounts: this.accountViews() };
  }

  async stateMessage(): Promise<HostToWebview> {
    const settings = currentSettings();
    const key = await this.ctx.secrets.getProxyKey();
    const strings: Record<string, string> = {};
    for (const s of WEBVIEW_STRINGS) strings[s] = t(s);
    return {
      type: 'state',
      state: {
        status: this.ctx.service.status(),
        settings: {
          port: settings.port,
          allowLanAccess: settings.allowLanAccess,
          authMode: settings.authMode,
          effectiveAuthMode: effectiveAuthMode(settings),
        },
        maskedKey: key ? maskApiKey(key) : '',
        hasKey: Boolean(key),
        accounts: this.accountViews(),
        snippets: await snippetsFor(this.ctx, this.includeKey),
        includeKey: this.includeKey,
        strings,
        version: this.ctx.version,
      },
    };
  }

  async onMessage(m: WebviewToHost): Promise<void> {
    const ctx = this.ctx;
    switch (m.type) {
      case 'ready':
        // A fresh webview: panel-scoped choices start over (the real key is opt-in each time).
        this.includeKey = false;
        this.monitor?.onReady((payload) => this.post({ type: 'monitor', payload }));
        return;
      case 'start': await startProxy(ctx); return;
      case 'stop': await stopProxy(ctx); return;
      case 'setPort': {
        const error = validatePortInput(String(m.port));
        if (error) { this.post({ type: 'toast', text: error }); return; }
        // As the setting says: a running proxy restarts on the new port (the settings listener
        // calls applyConfigChange); a stopped one just uses it on the next Start.
        if (m.port === currentSettings().port) return;
        if (ctx.service.isRunning()) this.post({ type: 'toast', text: t('Restarting on port {0}…', m.port) });
        await updateSetting('proxy.port', m.port);
        return;
      }
      case 'setLan': await updateSetting('proxy.allowLanAccess', m.value); return;
      case 'setAuthMode':
        if ((AUTH_MODES as readonly string[]).includes(m.mode)) await updateSetting('proxy.authMode', m.mode as AuthMode);
        return;
      case 'revealKey': this.post({ type: 'key', value: await ctx.secrets.getOrCreateProxyKey() }); return;
      case 'copyKey': await copyApiKey(ctx); this.post({ type: 'toast', text: t('Copied') }); return;
      case 'regenerateKey': await regenerateApiKey(ctx); return;
      case 'setKey': await setApiKey(ctx); return;
      case 'checkHealth': {
        this.post({ type: 'healthPending' });
        let result: HealthResult;
        try {
          result = await runHealthCheck(ctx);
        } catch (err) {
          // Never leave the button on "Checking…".
          result = { ok: false, url: '', error: err instanceof Error ? err.message : String(err), hint: t('See "Antigravity: Show Log".') };
        }
        this.post({ type: 'health', result });
        return;
      }
      case 'setIncludeKey': this.includeKey = m.value; await this.refresh(); return;
      case 'copySnippet':
        await copyClientSetup(ctx, m.id, this.includeKey);
        this.post({ type: 'toast', text: t('Copied') });
        return;
      case 'addAccount': await vscode.commands.executeCommand(COMMAND_IDS.addAccount); return;
      case 'removeAccount': await removeAccount(ctx, m.id); return;
      case 'setAccountEnabled': await setAccountEnabled(ctx, m.id, m.enabled); return;
      case 'copyAddress': await copyListenAddress(ctx); this.post({ type: 'toast', text: t('Copied') }); return;
      case 'configureClaudeCode': await configureClaudeCode(ctx); return;
      case 'openSettings': await vscode.commands.executeCommand(OPEN_SETTINGS_COMMAND, 'antigravity.'); return;
      case 'showLog': ctx.channel.show(true); return;
      case 'monitor': this.monitor?.onMessage(m.payload, (payload) => this.post({ type: 'monitor', payload })); return;
    }
  }

  /** A panel action failed: the user is told, and the webview shows the real state again (e.g. the LAN checkbox). */
  async onError(err: unknown, message: WebviewToHost): Promise<void> {
    reportError(this.ctx, `Panel action ${message.type}`, err);
    await this.refresh().catch((e: unknown) => this.ctx.log.warn(`Panel refresh failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  onDidHide(): void {
    this.monitor?.detach();
  }

  onDidClose(): void {
    this.includeKey = false;
    this.monitor?.detach();
  }

  async refresh(update: PanelUpdate = 'full'): Promise<void> {
    if (update === 'status') this.post(this.statusMessage());
    else await this.panel?.refresh();
  }
}
