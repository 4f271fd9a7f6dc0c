/** Owns the one status bar item; rendering is `renderStatusBar` (pure). */
import * as vscode from 'vscode';
import type { ProxyUiStatus } from '../shared/status';
import type { BudgetStatus } from '../shared/budget-alerts';
import { renderStatusBar, TOOLTIP_COMMANDS, type StatusDetails } from './status-bar-view';

export class ProxyStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private details: (() => StatusDetails | undefined) | undefined;
  private last: Parameters<ProxyStatusBar['render']> | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('antigravity.proxy.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = vscode.l10n.t('Antigravity Proxy');
  }

  /** Where the accounts summary, the all-cooling models and today's requests come from (read at each render). */
  setDetails(details: () => StatusDetails | undefined): void {
    this.details = details;
  }

  /** Renders the last status again with fresh details (a cooldown ended, the accounts changed). */
  rerender(): void {
    if (this.last) this.render(...this.last);
  }

  render(status: ProxyUiStatus, exposedWithoutAuth: boolean, quota?: string[], budget?: BudgetStatus): void {
    this.last = [status, exposedWithoutAuth, quota, budget];
    const details = this.details?.();
    const view = renderStatusBar(status, { exposedWithoutAuth, quota, budget, ...(details ? { details } : {}), t: (m, ...a) => vscode.l10n.t(m, ...a) });
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    tooltip.isTrusted = { enabledCommands: [...TOOLTIP_COMMANDS] };
    this.item.tooltip = tooltip;
    this.item.command = view.command;
    this.item.accessibilityInformation = { label: view.accessibilityLabel, role: 'button' };
    this.item.backgroundColor =
      view.background === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground')
      : view.background === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
