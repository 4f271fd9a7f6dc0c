/**
 * The Accounts view in the Antigravity activity-bar container: stored accounts with the pool's
 * live state, their models, and the clients' Configure commands. Rebuilt on events (account
 * and secret changes, proxy status pushes, client changes); the only timer fires when the
 * soonest cooldown ends, because nothing announces that.
 */
import * as vscode from 'vscode';
import type { HostContext } from '../context';
import { listClientTargets, onClientTargetsChanged, type ClientTarget } from '../clients/client-targets';
import { t } from '../l10n';
import { describeQuota } from '../../upstream/quota';
import { buildAccountsTree, indexNodes, nextChangeAt, type TreeNode } from './accounts-tree-model';

/** The view's id in package.json `contributes.views.antigravity`. */
export const ACCOUNTS_VIEW_ID = 'antigravity.accounts';

export interface AccountsViewOptions {
  /** A cooldown ended: what else shows cooling states (the status bar) re-renders too. */
  onCoolingEnded?: () => void;
}

export class AccountsTreeProvider implements vscode.TreeDataProvider<string>, vscode.Disposable {
  private roots: TreeNode[] = [];
  private nodes = new Map<string, TreeNode>();
  private clients: ClientTarget[] = [];
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly ctx: HostContext, private readonly opts: AccountsViewOptions = {}) {
    this.rebuild();
  }

  /** Re-reads the clients' states (async), then refreshes. */
  refreshClients(): void {
    void listClientTargets(this.ctx).then(
      (clients) => { this.clients = clients; this.refresh(); },
      (err: unknown) => this.ctx.log.warn(`Accounts view: listing the clients failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  refresh(): void {
    if (this.disposed) return;
    this.rebuild();
    this.changed.fire();
  }

  getTreeItem(key: string): vscode.TreeItem {
    const n = this.nodes.get(key);
    if (!n) return new vscode.TreeItem(key);
    const item = new vscode.TreeItem(n.label,
      !n.children ? vscode.TreeItemCollapsibleState.None
      : n.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = n.key;
    if (n.description !== undefined) item.description = n.description;
    if (n.tooltip !== undefined) item.tooltip = new vscode.MarkdownString(n.tooltip, true);
    if (n.icon) item.iconPath = new vscode.ThemeIcon(n.icon.id, n.icon.color ? new vscode.ThemeColor(n.icon.color) : undefined);
    if (n.contextValue) item.contextValue = n.contextValue;
    if (n.command) item.command = { command: n.command.command, title: n.command.title };
    item.accessibilityInformation = { label: n.description ? `${n.label}, ${n.description}` : n.label };
    return item;
  }

  getChildren(key?: string): string[] {
    const list = key === undefined ? this.roots : this.nodes.get(key)?.children ?? [];
    return list.map((n) => n.key);
  }

  getParent(key: string): string | undefined {
    for (const n of this.nodes.values()) if (n.children?.some((c) => c.key === key)) return n.key;
    return undefined;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.changed.dispose();
  }

  private rebuild(): void {
    const now = Date.now();
    const running = this.ctx.service.isRunning();
    const live = this.ctx.service.accountStates();
    this.roots = buildAccountsTree({
      accounts: this.ctx.accounts.list(),
      live,
      running,
      now,
      time: (ms) => new Date(ms).toLocaleTimeString(vscode.env.language, { hour12: false }),
      t: (m, ...a) => t(m, ...a),
      clients: this.clients,
      quota: quotaLines(live),
    });
    this.nodes = indexNodes(this.roots);
    this.schedule(nextChangeAt(live, running, now), now);
  }

  /** One timer, at the soonest cooldown's end (+ a little, so the pool's state has passed it). */
  private schedule(at: number | undefined, now: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (at === undefined || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
      this.opts.onCoolingEnded?.();
    }, Math.max(0, at - now) + 50);
  }
}

/** Per account id: what the vendor's rate-limit headers last said (issue 20), HH:MM times. */
function quotaLines(live: ReturnType<HostContext['service']['accountStates']>): Map<string, string> {
  const time = (ms: number) => new Date(ms).toLocaleTimeString(vscode.env.language, { hour12: false, hour: '2-digit', minute: '2-digit' });
  const out = new Map<string, string>();
  for (const s of live) {
    const line = describeQuota(s.quota, time);
    if (line) out.set(s.id, line);
  }
  return out;
}

/** Registers the provider and the tree view, and subscribes to what changes them. */
export function registerAccountsView(ctx: HostContext, opts: AccountsViewOptions = {}): vscode.Disposable[] {
  const provider = new AccountsTreeProvider(ctx, opts);
  const view = vscode.window.createTreeView(ACCOUNTS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: false });
  const refresh = () => provider.refresh();
  const offAccounts = ctx.accounts.onDidChange(refresh);
  const offSecrets = ctx.secrets.onDidChange(refresh);
  const offService = ctx.service.onDidChange(refresh);
  const offClients = onClientTargetsChanged(() => provider.refreshClients());
  provider.refreshClients();
  return [
    offAccounts, offSecrets, offClients,
    { dispose: () => offService() },
    view, provider,
  ];
}
