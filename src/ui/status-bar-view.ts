/** The status bar item as a pure function of the status union (no `vscode`). */
import type { ProxyUiStatus } from '../shared/status';

import { englishOnly, type Translate } from '../shared/translate';

export interface StatusBarView {
  text: string;
  /** Markdown with `command:` links; the caller trusts only TOOLTIP_COMMANDS. */
  tooltip: string;
  background?: 'warning' | 'error';
  command: string;
  accessibilityLabel: string;
}

export const OPEN_PANEL_COMMAND = 'antigravity.openPanel';
export const TOOLTIP_COMMANDS = [
  'antigravity.startProxy', 'antigravity.stopProxy', 'antigravity.restartProxy', 'antigravity.openPanel',
  'antigravity.checkHealth', 'antigravity.copyBaseUrl', 'antigravity.showLog', 'antigravity.addAccount',
  'workbench.action.openSettings',
] as const;

function link(label: string, command: string, arg?: string): string {
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
}

export function renderStatusBar(status: ProxyUiStatus, opts: StatusBarOptions): StatusBarView {
  const t = opts.t ?? englishOnly;
  const title = `**${t('Antigravity Proxy')}**`;
  const settingsLink = link(t('Settings'), 'workbench.action.openSettings', 'antigravity.proxy');
  const sep = ' · ';
  let view: StatusBarView;
  switch (status.kind) {
    case 'stopped':
      view = {
        text: '$(circle-slash) ' + t('Proxy: off'),
        tooltip: [title, t('The proxy is stopped.'), [link(t('Start'), 'antigravity.startProxy'), link(t('Open Panel'), OPEN_PANEL_COMMAND), settingsLink].join(sep)].join('\n\n'),
        command: OPEN_PANEL_COMMAND,
        accessibilityLabel: t('Antigravity Proxy stopped'),
      };
      break;
    case 'starting':
      view = {
        text: '$(loading~spin) ' + t('Proxy: starting…'),
        tooltip: [title, t('Starting…'), link(t('Show Log'), 'antigravity.showLog')].join('\n\n'),
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
          [link(t('Stop'), 'antigravity.stopProxy'), link(t('Restart'), 'antigravity.restartProxy'), link(t('Check Health'), 'antigravity.checkHealth'), link(t('Copy Base URL'), 'antigravity.copyBaseUrl'), link(t('Open Panel'), OPEN_PANEL_COMMAND)].join(sep),
        ].join('\n\n'),
        command: OPEN_PANEL_COMMAND,
        accessibilityLabel: t('Antigravity Proxy running on {0}, {1} active requests', addr, status.activeRequests),
      };
      break;
    }
    case 'error':
      view = {
        text: '$(error) ' + t('Proxy: error'),
        tooltip: [title, escapeMarkdown(status.message), [link(t('Start'), 'antigravity.startProxy'), link(t('Add Account'), 'antigravity.addAccount'), link(t('Show Log'), 'antigravity.showLog'), settingsLink].join(sep)].join('\n\n'),
        background: 'error',
        command: OPEN_PANEL_COMMAND,
        accessibilityLabel: t('Antigravity Proxy error: {0}', status.message),
      };
      break;
    case 'servedByOtherWindow':
      view = {
        text: `$(window) ${status.port}`,
        tooltip: [title, t('Port {0} is served by Antigravity Proxy in another VS Code window.', status.port), [link(t('Check Health'), 'antigravity.checkHealth'), link(t('Open Panel'), OPEN_PANEL_COMMAND)].join(sep)].join('\n\n'),
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
  return view;
}
