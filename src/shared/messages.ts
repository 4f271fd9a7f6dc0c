/**
 * The webview ↔ host protocol of the "API Proxy" panel — the only place both sides agree on.
 * The webview posts `ready` once its listeners are installed; the host sends nothing before.
 */
import type { AuthMode } from '../core/config';
import type { HealthResult } from './health';
import type { Snippet, SnippetId } from './snippets';
import type { ProxyUiStatus } from './status';

export type PanelTab = 'proxy' | 'monitor';

export interface AccountView {
  id: string;
  label: string;
  kind: string;
  baseUrl?: string;
  enabled: boolean;
  state: 'ready' | 'cooling' | 'disabled' | 'idle';
  /** Already formatted (HH:MM:SS) by the host in the user's locale. */
  coolingUntil?: string;
  disabledReason?: string;
  /** When a disabled account is asked again (its models list), formatted like coolingUntil. */
  nextProbeAt?: string;
  models?: string[];
  /** Requests on the account now and waiting in its queue (maxConcurrent / requestsPerMinute); absent when 0. */
  inFlight?: number;
  queued?: number;
  /** The vendor's rate-limit state and forecast, one line formatted by the host (issue 20). */
  quota?: string;
}

export interface PanelSettings {
  port: number;
  allowLanAccess: boolean;
  authMode: AuthMode;
  /** Resolved `auto`: what the proxy actually enforces. */
  effectiveAuthMode: Exclude<AuthMode, 'auto'>;
}

export interface PanelState {
  status: ProxyUiStatus;
  settings: PanelSettings;
  /** Masked; the clear key only travels in a `key` message after an explicit reveal. */
  maskedKey: string;
  hasKey: boolean;
  accounts: AccountView[];
  snippets: Snippet[];
  includeKey: boolean;
  /** Localised UI strings, keyed by the English text (the webview has no vscode.l10n). */
  strings: Record<string, string>;
  version: string;
}

export type HostToWebview =
  | { type: 'state'; state: PanelState }
  /** Between full states: status and account states only (the controls are left alone). */
  | { type: 'status'; status: ProxyUiStatus; accounts: AccountView[] }
  | { type: 'key'; value: string }
  | { type: 'healthPending' }
  | { type: 'health'; result: HealthResult }
  | { type: 'toast'; text: string }
  | { type: 'selectTab'; tab: PanelTab }
  /** Reserved for the Proxy Monitor (issue 6): opaque to the panel owner. */
  | { type: 'monitor'; payload: unknown };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'setPort'; port: number }
  | { type: 'setLan'; value: boolean }
  | { type: 'setAuthMode'; mode: AuthMode }
  | { type: 'revealKey' }
  | { type: 'copyKey' }
  | { type: 'regenerateKey' }
  | { type: 'setKey' }
  | { type: 'checkHealth' }
  | { type: 'setIncludeKey'; value: boolean }
  | { type: 'copySnippet'; id: SnippetId }
  | { type: 'addAccount' }
  | { type: 'removeAccount'; id: string }
  | { type: 'setAccountEnabled'; id: string; enabled: boolean }
  | { type: 'configureClaudeCode' }
  /** Copies the running proxy's origin (the host reads it from the status, not from the webview). */
  | { type: 'copyAddress' }
  | { type: 'openSettings' }
  | { type: 'showLog' }
  /** Reserved for the Proxy Monitor (issue 6). */
  | { type: 'monitor'; payload: unknown };

const WEBVIEW_TYPES = new Set<WebviewToHost['type']>([
  'ready', 'start', 'stop', 'setPort', 'setLan', 'setAuthMode', 'revealKey', 'copyKey',
  'regenerateKey', 'setKey', 'checkHealth', 'setIncludeKey', 'copySnippet', 'addAccount',
  'removeAccount', 'setAccountEnabled', 'configureClaudeCode', 'openSettings', 'showLog',
  'monitor', 'copyAddress',
]);

/** The host treats webview input as untrusted: only well-formed messages get through. */
export function isWebviewMessage(value: unknown): value is WebviewToHost {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  if (typeof m.type !== 'string' || !WEBVIEW_TYPES.has(m.type as WebviewToHost['type'])) return false;
  switch (m.type) {
    case 'setPort': return typeof m.port === 'number' && Number.isInteger(m.port);
    case 'setLan': case 'setIncludeKey': return typeof m.value === 'boolean';
    case 'setAuthMode': return typeof m.mode === 'string';
    case 'copySnippet': return typeof m.id === 'string';
    case 'removeAccount': return typeof m.id === 'string';
    case 'setAccountEnabled': return typeof m.id === 'string' && typeof m.enabled === 'boolean';
    default: return true;
  }
}
