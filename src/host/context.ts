/** What the host's actions share. Built once in extension.ts; each member has one owner. */
import type * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { FetchLike } from './health-pure';
import type { AccountStore } from './accounts';
import type { ProxyService } from './proxy-service';
import type { SecretStore } from './secrets';
import type { PanelTab } from '../shared/messages';

export interface HostContext {
  extensionUri: vscode.Uri;
  version: string;
  channel: vscode.LogOutputChannel;
  log: Logger;
  secrets: SecretStore;
  accounts: AccountStore;
  service: ProxyService;
  fetch: FetchLike;
  /** Opens the panel (on a tab); set once the panel owner exists. */
  openPanel(tab?: PanelTab): void;
  /** Re-sends the panel state (after key/account changes). */
  refreshPanel(): void;
}
