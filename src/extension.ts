/**
 * activate / deactivate: wiring only. Each object below has one owner and is disposed with the
 * extension; behaviour lives in src/host (lifecycle, commands) and src/ui (status bar, panel).
 * The proxy core is imported lazily on the first start to keep activation fast.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AccountStore } from './host/accounts/account-store';
import { reportStartFailure, startProxy } from './host/proxy/actions-proxy';
import { reportError } from './host/report-error';
import { registerCommands } from './host/commands';
import { loadProxyConfig } from './host/settings/config-loader';
import type { HostContext } from './host/context';
import { channelLogger } from './host/log';
import { VscodeLmProvider } from './host/lm/lm-provider';
import { MonitorPanelBridge } from './host/monitor/monitor-bridge';
import { confirmClearMonitor, saveCsvFile } from './host/monitor/monitor-dialogs';
import { MonitorOwner } from './host/monitor/monitor-owner';
import { PanelController } from './host/panel/panel-controller';
import { PanelRefresher, panelUpdateFor } from './host/panel/panel-refresh';
import { createMonitor } from './monitor/monitor';
import { ProxyService } from './host/proxy/proxy-service';
import type { ProxyUiStatus } from './shared/status';
import { SecretStore } from './host/accounts/secrets';
import { currentSettings, onSettingsChanged } from './host/settings/settings';
import { isExposedWithoutAuth } from './host/settings/settings-to-config';
import { PANEL_VIEW_TYPE, ProxyPanel } from './ui/panel';
import { ProxyStatusBar } from './ui/status-bar';

let service: ProxyService | undefined;
let monitorOwner: MonitorOwner | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const t0 = performance.now();
  const channel = vscode.window.createOutputChannel('Antigravity Proxy', { log: true });
  const secrets = new SecretStore(context.secrets);
  const accounts = new AccountStore(context.globalState, secrets);
  let knownSecrets: string[] = [];
  const log = channelLogger(channel, () => knownSecrets);
  const version = String(context.extension.packageJSON.version ?? '0.0.0');
  // One monitor for the window: survives proxy restarts, history viewable while stopped.
  const monitors = new MonitorOwner({
    create: createMonitor,
    dataDir: context.globalStorageUri.fsPath,
    settings: () => currentSettings().monitor,
    secrets: () => knownSecrets,
    logger: log,
  });
  monitorOwner = monitors;
  const lm = new VscodeLmProvider(log);

  service = new ProxyService({
    loadConfig: async () => {
      // vscode-lm accounts get the models VS Code offers them now (the pool routes by them).
      const config = await lm.resolveInto(await loadProxyConfig(secrets, accounts));
      knownSecrets = [config.proxy.apiKey, config.zai.apiKey, ...config.accounts.map((a) => a.apiKey ?? '')].filter(Boolean);
      return config;
    },
    // The core is its own bundle (dist/core.js), loaded on first Start: activation stays cheap.
    loadCore: async () => (require(path.join(__dirname, 'core.js')) as typeof import('./proxy/server')).createProxyServer,
    fetch: (url, init) => fetch(url, init),
    log,
    instanceId: randomUUID(),
    version,
    dataDir: context.globalStorageUri.fsPath,
    extendDeps: (deps) => ({ ...deps, monitor: monitors.get(), localProvider: lm }),
    proxyKey: () => secrets.getProxyKey(),
  });
  const proxy = service;

  const statusBar = new ProxyStatusBar();
  let panel: ProxyPanel | undefined;
  // Coalesces bursts (active-request counters) into at most ~4 panel updates per second.
  const refresher = new PanelRefresher((update) => controller.refresh(update), {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  });
  const ctx: HostContext = {
    extensionUri: context.extensionUri, version, channel, log, secrets, accounts, service: proxy,
    fetch: (url, init) => fetch(url, init),
    openPanel: (tab) => panel?.show(tab),
    refreshPanel: () => refresher.request('full'),
  };
  const controller = new PanelController(ctx);
  panel = new ProxyPanel(context.extensionUri, controller);
  controller.attach(panel);
  const monitorBridge = new MonitorPanelBridge({
    monitor: () => monitors.get(),
    settings: () => currentSettings().monitor,
    t: (m, ...args) => vscode.l10n.t(m, ...args),
    saveFile: saveCsvFile,
    confirmClear: confirmClearMonitor,
    logger: log,
  });
  controller.setMonitorBridge(monitorBridge);

  let shownStatus: ProxyUiStatus | undefined;
  const render = () => {
    const status = proxy.status();
    statusBar.render(status, isExposedWithoutAuth(currentSettings()));
    void vscode.commands.executeCommand('setContext', 'antigravity.running', proxy.isRunning());
    // Counters only → a small status update; the panel's controls are rebuilt only on real changes.
    refresher.request(panelUpdateFor(shownStatus, status));
    shownStatus = status;
  };
  const onSettings = () => {
    statusBar.render(proxy.status(), isExposedWithoutAuth(currentSettings()));
    ctx.refreshPanel();
  };
  // A rejected config (e.g. a bad upstream proxy URL) is reported; the proxy keeps the last good one.
  const applyChange = () => {
    void proxy.applyConfigChange().then(
      (outcome) => { if (outcome && !outcome.ok) void reportStartFailure(ctx, outcome); },
      (err: unknown) => reportError(ctx, 'Applying the configuration', err),
    );
  };
  const onAccounts = () => {
    applyChange();
    ctx.refreshPanel();
    void vscode.commands.executeCommand('setContext', 'antigravity.hasAccounts', accounts.list().length > 0);
  };
  const unsubscribe = proxy.onDidChange(render);
  const unsubscribeTakeOver = proxy.onTakeOverFailed((outcome) => {
    log.warn(`Taking over port ${outcome.port} failed: ${outcome.message}`);
    void reportStartFailure(ctx, outcome);
  });
  const unsubscribeFreed = proxy.onOtherWindowStopped((port) => {
    const start = vscode.l10n.t('Start Here');
    void vscode.window.showInformationMessage(vscode.l10n.t('The other window stopped serving port {0}.', port), start)
      .then((c) => { if (c === start) void startProxy(ctx); });
  });

  context.subscriptions.push(
    channel,
    statusBar,
    panel,
    ...registerCommands(ctx),
    onSettingsChanged(() => { onSettings(); applyChange(); monitors.update(currentSettings().monitor); }),
    // Keys, and the accounts revision other windows bump (their global state changes are not announced).
    secrets.onDidChange(onAccounts),
    accounts.onDidChange(onAccounts),
    lm,
    // Copilot & co. register their models after activation, or the user signs in/out.
    vscode.lm.onDidChangeChatModels(() => applyChange()),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel) => panel?.restore(webviewPanel),
    }),
    { dispose: () => { unsubscribe(); unsubscribeFreed(); unsubscribeTakeOver(); monitorBridge.dispose(); refresher.dispose(); } },
  );
  void vscode.commands.executeCommand('setContext', 'antigravity.hasAccounts', accounts.list().length > 0);
  render();
  if (currentSettings().autoStart) void startProxy(ctx, { automatic: true });
  log.info(`Antigravity Proxy ${version} activated in ${(performance.now() - t0).toFixed(1)} ms.`);
}

/** Stops the server so the port is released before the extension host exits. */
export async function deactivate(): Promise<void> {
  await service?.dispose();
  service = undefined;
  // After the server: its last records are flushed into the monitor first.
  await monitorOwner?.close();
  monitorOwner = undefined;
}
