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
  OPEN_SETTINGS_COMMAND,
] as const;

function link(label: string, command: (typeof TOOLTIP_COMMANDS)[number], arg?: string): string {
  const q = arg === undefined ? '' : `?${encodeURIComponent(JSON.stringify([arg]))}`;
  return `[${label}](command:${command}${q})`;
}

/** Text in status bar items is rendered with `$(icon)` syntax; escape user-controlled text. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, (c) => `\\${c}`);
}

export interface StatusBarOptions {
  /** LAN access on while auth is off: anyone on the network can spend the accounts. */
  exposedWithoutAuth: boolean;
  t?: Translate;
  /** Per account "label: quota line" (issue 20), listed in the running tooltip. */
  quota?: string[];
  /** Budgets (issue 20, src/shared/budget-alerts.ts): near (80 %) or over turns the item to a warning. */
  budget?: BudgetStatus;
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
        tooltip: [title, t('The proxy is stopped.'), [link(t('Start'), C.startProxy), link(t('Open Panel'), OPEN_PANEL_COMMAND), settingsLink].join(sep)].join('\n\n'),
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
      const busy = status.activeRequests > 0 ? ` $(sync~spin) ${status.activeRequests}` : '';
      view = {
        text: `$(radio-tower) ${status.port}${busy}`,
        tooltip: [
          title,
          t('Listening on {0}', `\`${addr}\``),
          t('Accounts: {0} · Active requests: {1}', status.accounts, status.activeRequests),
          ...(opts.quota?.length ? [opts.quota.map((q) => escapeMarkdown(q)).join('  \n')] : []),
          [link(t('Stop'), C.stopProxy), link(t('Restart'), C.restartProxy), link(t('Check Health'), C.checkHealth), link(t('Copy Base URL'), C.copyBaseUrl), link(t('Open Panel'), OPEN_PANEL_COMMAND)].join(sep),
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
