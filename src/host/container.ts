/**
 * The extension's services, built explicitly in dependency order and owned by one `Owner`:
 * settings watch, secrets, accounts, monitor, vscode-lm provider, proxy service, status bar,
 * panel, commands and event subscriptions. Disposal runs in reverse (listeners first, then the
 * proxy service, then the monitor it writes to). If building throws, what was built is released
 * and the error goes to the caller (activate reports it).
 * The proxy core is imported lazily on the first start to keep activation fast.
 */
import { describeQuota } from '../upstream/quota';
import type { AccountStatus } from '../upstream/pool-types';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createMonitor } from '../monitor/monitor';
import type { ProxyUiStatus } from '../shared/status';
import { PANEL_VIEW_TYPE, ProxyPanel } from '../ui/panel';
import { ProxyStatusBar } from '../ui/status-bar';
import { AccountStore } from './accounts/account-store';
import { hasUsableAccount } from './accounts/stored-account';
import { SecretStore } from './accounts/secrets';
import { registerCommands } from './commands';
import type { HostContext } from './context';
import { t } from './l10n';
import { VscodeLmProvider } from './lm/lm-provider';
import { channelLogger } from './log';
import { MonitorPanelBridge } from './monitor/monitor-bridge';
import { confirmClearMonitor, saveCsvFile } from './monitor/monitor-dialogs';
import { MonitorOwner } from './monitor/monitor-owner';
import { BudgetWatch } from './monitor/budget-watch';
import { Owner } from './owner';
import { PanelController } from './panel/panel-controller';
import { PanelRefresher, panelUpdateFor } from './panel/panel-refresh';
import { reportStartFailure, startProxy } from './proxy/actions-proxy';
import { ProxyService } from './proxy/proxy-service';
import { reportError } from './report-error';
import { loadProxyConfig } from './settings/config-loader';
import { currentSettings, onSettingsChanged } from './settings/settings';
import { isExposedWithoutAuth } from './settings/settings-to-config';
import { setWalkthroughContext, WALKTHROUGH_CONTEXT } from './walkthrough';
import { registerAccountsView } from './views/accounts-view';
import { statusDetails } from './views/status-summary';
import { TerminalEnvSync } from './terminal/terminal-env-sync';
import { setClientBackupDir } from './clients/configure-client';
import { watchClientTargets } from './clients/client-targets';

export interface ExtensionContainer {
  readonly ctx: HostContext;
  /** Stops the proxy (the port is released), closes the monitor, disposes the rest. Idempotent. */
  dispose(): Promise<void>;
}

interface KnownSecrets {
  values: string[];
}

/** `channel` is the caller's: it outlives a failed build so "Show Log" still works. */
export function createContainer(context: vscode.ExtensionContext, channel: vscode.LogOutputChannel): ExtensionContainer {
  const owner = new Owner();
  // The keys of the current config: every log line and monitor record is scrubbed of them.
  const known: KnownSecrets = { values: [] };
  const log = channelLogger(channel, () => known.values);
  const dispose = () => owner.dispose((err) => log.warn(`Disposing failed: ${err instanceof Error ? err.message : String(err)}`));
  try {
    const ctx = build(context, channel, owner, log, known);
    return { ctx, dispose };
  } catch (err) {
    void dispose();
    throw err;
  }
}

function build(
  context: vscode.ExtensionContext,
  channel: vscode.LogOutputChannel,
  owner: Owner,
  log: HostContext['log'],
  known: KnownSecrets,
): HostContext {
  const t0 = performance.now();
  const version = String(context.extension.packageJSON.version ?? '0.0.0');
  const dataDir = context.globalStorageUri.fsPath;
  const secrets = new SecretStore(context.secrets);
  const accounts = new AccountStore(context.globalState, secrets);

  // One monitor for the window: survives proxy restarts, history viewable while stopped.
  // Owned before the service, so it is closed after the server flushed its last records into it.
  const monitors = new MonitorOwner({
    create: createMonitor,
    dataDir,
    settings: () => currentSettings().monitor,
    secrets: () => known.values,
    logger: log,
  });
  owner.own({ dispose: () => monitors.close() });
  const lm = owner.own(new VscodeLmProvider(log));

  const service = new ProxyService({
    loadConfig: async () => {
      // vscode-lm accounts get the models VS Code offers them now (the pool routes by them).
      const config = await lm.resolveInto(await loadProxyConfig(secrets, accounts));
      known.values = [config.proxy.apiKey, config.zai.apiKey, ...config.accounts.map((a) => a.apiKey ?? '')].filter(Boolean);
      return config;
    },
    // The core is its own bundle (dist/core.js), loaded on first Start: activation stays cheap.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second bundle, resolved at run time
    loadCore: async () => (require(path.join(__dirname, 'core.js')) as typeof import('../proxy/server')).createProxyServer,
    fetch: (url, init) => fetch(url, init),
    log,
    instanceId: randomUUID(),
    version,
    dataDir,
    extendDeps: (deps) => ({ ...deps, monitor: monitors.get(), localProvider: lm }),
    proxyKey: () => secrets.getProxyKey(),
  });
  // Stops the server so the port is released before the extension host exits.
  owner.own(service);

  const statusBar = owner.own(new ProxyStatusBar());
  // issue 21: accounts by state, models cooling everywhere, today's requests (read at each render).
  statusBar.setDetails(() => statusDetails(accounts.list(), service.accountStates(), service.isRunning(), Date.now(),
    monitors.peek()?.usage({ days: 1 }).reduce((n, r) => n + r.requests, 0)));
  // ctx, controller and panel refer to each other: panel is assigned once they exist.
  // eslint-disable-next-line prefer-const
  let panel: ProxyPanel | undefined;
  // Coalesces bursts (active-request counters) into at most ~4 panel updates per second.
  const refresher = owner.own(new PanelRefresher((update) => controller.refresh(update), {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  }));
  const ctx: HostContext = {
    extensionUri: context.extensionUri, version, channel, log, secrets, accounts, service,
    fetch: (url, init) => fetch(url, init),
    openPanel: (tab) => panel?.show(tab),
    refreshPanel: () => refresher.request('full'),
  };
  const controller = new PanelController(ctx);
  panel = owner.own(new ProxyPanel(context.extensionUri, controller));
  controller.attach(panel);
  const monitorBridge = owner.own(new MonitorPanelBridge({
    monitor: () => monitors.get(),
    settings: () => currentSettings().monitor,
    t: (m, ...args) => t(m, ...args),
    saveFile: saveCsvFile,
    confirmClear: confirmClearMonitor,
    logger: log,
    proxyUrl: () => `http://127.0.0.1:${currentSettings().port}`,
  }));
  controller.setMonitorBridge(monitorBridge);

  // issue 20: budget notifications (80 %, 100 %, once) and the status bar's budget warning.
  const budgetWatch = new BudgetWatch({
    budgets: () => currentSettings().budgets,
    notify: (a) => void vscode.window.showWarningMessage(a.message),
    changed: () => statusBar.render(service.status(), isExposedWithoutAuth(currentSettings()), quotaLines(service.accountStates()), budgetWatch.status),
    now: Date.now,
  });
  let unwatchBudget: (() => void) | undefined;
  const offCreated = monitors.onCreated((m) => { unwatchBudget = budgetWatch.attach(m); });
  owner.own({ dispose: () => { offCreated(); unwatchBudget?.(); } });

  let shownStatus: ProxyUiStatus | undefined;
  const render = () => {
    const status = service.status();
    statusBar.render(status, isExposedWithoutAuth(currentSettings()), quotaLines(service.accountStates()), budgetWatch.status);
    setWalkthroughContext(WALKTHROUGH_CONTEXT.running, service.isRunning());
    // Counters only → a small status update; the panel's controls are rebuilt only on real changes.
    refresher.request(panelUpdateFor(shownStatus, status));
    shownStatus = status;
  };
  const onSettings = () => {
    statusBar.render(service.status(), isExposedWithoutAuth(currentSettings()), quotaLines(service.accountStates()), budgetWatch.status);
    ctx.refreshPanel();
  };
  // A rejected config (e.g. a bad upstream proxy URL) is reported; the proxy keeps the last good one.
  const applyChange = () => {
    void service.applyConfigChange().then(
      (outcome) => { if (outcome && !outcome.ok) void reportStartFailure(ctx, outcome); },
      (err: unknown) => reportError(ctx, 'Applying the configuration', err),
    );
  };
  const setHasAccounts = () => setWalkthroughContext(WALKTHROUGH_CONTEXT.hasAccounts, accounts.list().length > 0);
  // A failed Start's result (needs an account, an error) is stale once accounts or z.ai change.
  const clearStaleStart = () => {
    void secrets.getZaiKey().then(
      (zaiKey) => service.accountsChanged(hasUsableAccount(accounts.list(), { ...currentSettings().zai, apiKey: zaiKey.trim() })),
      (err: unknown) => log.warn(`Reading the z.ai key failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  };
  const onAccounts = () => {
    clearStaleStart();
    applyChange();
    ctx.refreshPanel();
    setHasAccounts();
  };

  for (const command of registerCommands(ctx)) owner.own(command);
  for (const d of registerAccountsView(ctx, { onCoolingEnded: () => statusBar.rerender() })) owner.own(d);
  owner.own(accounts.onDidChange(() => statusBar.rerender()));
  let offToday: (() => void) | undefined;
  const offTodayCreated = monitors.onCreated((m) => { offToday = m.subscribe(() => statusBar.rerender()); });
  owner.own({ dispose: () => { offTodayCreated(); offToday?.(); } });
  // issue 21: new terminals get the base URLs while the proxy serves; cleared on stop and on dispose.
  owner.own(new TerminalEnvSync(context.environmentVariableCollection, ctx));
  setClientBackupDir(path.join(dataDir, 'client-backups'));
  owner.own(watchClientTargets(ctx));
  owner.ownCallback(service.onDidChange(render));
  owner.ownCallback(service.onTakeOverFailed((outcome) => {
    log.warn(`Taking over port ${outcome.port} failed: ${outcome.message}`);
    void reportStartFailure(ctx, outcome);
  }));
  owner.ownCallback(service.onOtherWindowStopped((port) => {
    const start = t('Start Here');
    void vscode.window.showInformationMessage(t('The other window stopped serving port {0}.', port), start)
      .then((c) => { if (c === start) void startProxy(ctx); });
  }));
  owner.own(onSettingsChanged(() => { onSettings(); clearStaleStart(); applyChange(); monitors.update(currentSettings().monitor); }));
  // Keys, and the accounts revision other windows bump (their global state changes are not announced).
  owner.own(secrets.onDidChange(onAccounts));
  owner.own(accounts.onDidChange(onAccounts));
  // Copilot & co. register their models after activation, or the user signs in/out.
  owner.own(vscode.lm.onDidChangeChatModels(() => applyChange()));
  owner.own(vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    deserializeWebviewPanel: async (webviewPanel) => panel?.restore(webviewPanel),
  }));

  setHasAccounts();
  render();
  if (currentSettings().autoStart) void startProxy(ctx, { automatic: true });
  log.info(`Antigravity Proxy ${version} activated in ${(performance.now() - t0).toFixed(1)} ms.`);
  return ctx;
}

/** The status bar tooltip's quota lines (issue 20): one per account whose vendor reported its limits. */
function quotaLines(states: readonly AccountStatus[]): string[] {
  const time = (ms: number) => new Date(ms).toLocaleTimeString(vscode.env.language, { hour12: false, hour: '2-digit', minute: '2-digit' });
  return states.flatMap((s) => {
    const line = describeQuota(s.quota, time);
    return line ? [`${s.label}: ${line}`] : [];
  });
}
