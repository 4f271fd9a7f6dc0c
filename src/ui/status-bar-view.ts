/** The status bar item as a pure function of the status union (no `vscode`). */
import { COMMAND_IDS, OPEN_SETTINGS_COMMAND } from '../shared/command-ids';
import type { ProxyUiStatus } from '../shared/status';

import { englishOnly, type Translate } from '../shared/translate';
import type { BudgetStatus } from '../shared/budget-alerts';

export interface StatusBarView {
  text: string;
  /** Markdown with `command:` links; the caller trusts only TOOLTIP_COMMANDS. */
  tooltip: string;
  background?: 'warning' | 'error';
  command: string;
  accessibilityLabel: string;
}

const C = COMMAND_IDS;
export const OPEN_PANEL_COMMAND = C.openPanel;
/** The only commands the tooltip's markdown may run (every link below uses one of these). */
export const TOOLTIP_COMMANDS = [
  C.startProxy, C.stopProxy, C.restartProxy, C.openPanel, C.checkHealth, C.copyBaseUrl, C.showLog, C.addAccount,
  C.openMonitor, OPEN_SETTINGS_COMMAND,
] as const;

function link(label: string, command: (typeof TOOLTIP_COMMANDS)[number], arg?: string): string {
  const q = arg === undefined ? '' : `?${encodeURIComponent(JSON.stringify([arg]))}`;
  return `[${label}](command:${command}${q})`;
}

/** Text in status bar items is rendered with `$(icon)` syntax; escape user-controlled text. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, (c) => `\\${c}`);
}

/** What the item shows beyond the status union (issue 21); computed by the host (src/host/views/status-summary.ts). */
export interface StatusDetails {
  /** Stored accounts by what they do now (while stopped every enabled one counts as ready). */
  accounts: { total: number; ready: number; cooling: number; disabled: number };
  /** Models that every account able to serve them is cooling on: requests for them wait or fail now. */
  allCooling: string[];
  /** Requests recorded today by the monitor; absent when the monitor does not exist yet. */
  requestsToday?: number;
}

/** The running icon: not `$(radio-tower)`, which VS Code's own forwarded-ports item shows next to it. */
export const RUNNING_ICON = '$(server-process)';

export interface StatusBarOptions {
  /** LAN access on while auth is off: anyone on the network can spend the accounts. */
  exposedWithoutAuth: boolean;
  t?: Translate;
  /** Per account "label: quota line" (issue 20), listed in the running tooltip. */
  quota?: string[];
  /** Budgets (issue 20, src/shared/budget-alerts.ts): near (80 %) or over turns the item to a warning. */
  budget?: BudgetStatus;
  details?: StatusDetails;
}

function accountsLine(d: StatusDetails, t: Translate): string {
  const parts = [t('{0} ready', d.accounts.ready)];
  if (d.accounts.cooling) parts.push(t('{0} cooling', d.accounts.cooling));
  if (d.accounts.disabled) parts.push(t('{0} disabled', d.accounts.disabled));
  return `$(account) ${parts.join(' · ')}`;
}

function detailLines(d: StatusDetails | undefined, t: Translate, running: boolean): string[] {
  if (!d) return [];
  const lines = [running ? accountsLine(d, t) : `$(account) ${t('Stored accounts: {0} · enabled: {1}', d.accounts.total, d.accounts.total - d.accounts.disabled)}`];
  if (d.requestsToday !== undefined) lines.push(`$(graph) ${t('Requests today: {0}', d.requestsToday)}`);
  if (running && d.allCooling.length > 0) lines.push(`$(warning) ${t('All accounts are cooling for: {0}', d.allCooling.map(escapeMarkdown).join(', '))}`);
  return [lines.join('  \n')];
}

export function renderStatusBar(status: ProxyUiStatus, opts: StatusBarOptions): StatusBarView {
  const t = opts.t ?? englishOnly;
  const title = `**${t('Antigravity Proxy')}**`;
  const settingsLink = link(t('Settings'), OPEN_SETTINGS_COMMAND, 'antigravity.proxy');
  const sep = ' · ';
  let view: StatusBarView;
  switch (status.kind) {
    case 'stopped':
      view = {
        text: '$(circle-slash) ' + t('Proxy: off'),
        tooltip: [title, t('The proxy is stopped.'), ...detailLines(opts.details, t, false), [link(t('Start'), C.startProxy), link(t('Open Panel'), OPEN_PANEL_COMMAND), link(t('Open Monitor'), C.openMonitor), settingsLink].join(sep)].join('\n\n'),
        command: OPEN_PANEL_COMMAND,
        accessibilityLabel: t('Antigravity Proxy stopped'),
      };
      break;
    case 'needsAccount':
      view = {
        text: '$(account) ' + t('Proxy: needs an account'),
        tooltip: [title, t('No available account, please add an account first'), [link(t('Add Account'), C.addAccount), link(t('Open Panel'), OPEN_PANEL_COMMAND), settingsLink].join(sep)].join('\n\n'),
        command: OPEN_PANEL_COMMAND,
        accessibilityLabel: t('Antigravity Proxy needs an account'),
      };
      break;
    case 'starting':
      view = {
        text: '$(loading~spin) ' + t('Proxy: starting…'),
        tooltip: [title, t('Starting…'), link(t('Show Log'), C.showLog)].join('\n\n'),
        command: OPEN_PANEL_COMMAND,
        accessibilityLabel: t('Antigravity Proxy starting'),
      };
      break;
    case 'running': {
      const addr = `${status.host}:${status.port}`;
      // Idle: the port alone (the contract tests and users rely on); busy: "8045 · 2 active".
      const busy = status.activeRequests > 0 ? ` · ${t('{0} active', status.activeRequests)}` : '';
      view = {
        text: `${RUNNING_ICON} ${status.port}${busy}`,
        tooltip: [
          title,
          t('Listening on {0}', `\`${addr}\``),
          t('Accounts: {0} · Active requests: {1}', status.accounts, status.activeRequests),
          ...detailLines(opts.details, t, true),
          ...(opts.quota?.length ? [opts.quota.map((q) => escapeMarkdown(q)).join('  \n')] : []),
          [link(t('Stop'), C.stopProxy), link(t('Restart'), C.restartProxy), link(t('Check Health'), C.checkHealth), link(t('Copy Base URL'), C.copyBaseUrl), link(t('Open Panel'), OPEN_PANEL_COMMAND), link(t('Open Monitor'), C.openMonitor)].join(sep),
        ].join('\n\n'),
        command: OPEN_PANEL_COMMAND,
        accessibilityLabel: t('Antigravity Proxy running on {0}, {1} active requests', addr, status.activeRequests),
      };
      break;
    }
    case 'error':
      view = {
        text: '$(error) ' + t('Proxy: error'),
        tooltip: [title, escapeMarkdown(status.message), [link(t('Start'), C.startProxy), link(t('Add Account'), C.addAccount), link(t('Show Log'), C.showLog), settingsLink].join(sep)].join('\n\n'),
        background: 'error',
        command: OPEN_PANEL_COMMAND,
        accessibilityLabel: t('Antigravity Proxy error: {0}', status.message),
      };
      break;
    case 'servedByOtherWindow':
      view = {
        text: `$(window) ${status.port}`,
        tooltip: [title, t('Port {0} is served by Antigravity Proxy in another VS Code window.', status.port), [link(t('Check Health'), C.checkHealth), link(t('Open Panel'), OPEN_PANEL_COMMAND)].join(sep)].join('\n\n'),
        command: OPEN_PANEL_COMMAND,
        accessibilityLabel: t('Antigravity Proxy served by another window on port {0}', status.port),
      };
      break;
  }
  if (opts.exposedWithoutAuth && status.kind !== 'error') {
    view.background = 'warning';
    view.text = '$(warning) ' + view.text.replace(/^\$\([a-z-]+(~spin)?\) /, '');
    view.tooltip += '\n\n$(warning) ' + t('LAN access is on and auth is off: anyone on your network can use your accounts.');
  }
  if (status.kind === 'running' && opts.details?.allCooling.length && view.background === undefined) {
    view.background = 'warning';
  }
  const b = opts.budget;
  if (b && b.text && status.kind === 'running') {
    view.tooltip += '\n\n' + (b.level === 'ok' ? '' : '$(warning) ') + escapeMarkdown(b.text);
    if (b.level !== 'ok' && view.background === undefined) {
      view.background = 'warning';
      view.text = '$(warning) ' + view.text.replace(/^\$\([a-z-]+(~spin)?\) /, '');
    }
  }
  return view;
}
