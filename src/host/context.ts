/** What the host's actions share. Built once by the container (container.ts); each member has one owner. */
import type * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { FetchLike } from './proxy/health-check';
import type { AccountStore } from './accounts/account-store';
import type { ProxyService } from './proxy/proxy-service';
import type { SecretStore } from './accounts/secrets';
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
