/**
 * Every English string the panel shows. The host localises them with vscode.l10n.t (the webview
 * has no l10n API) and sends the dictionary in the state message.
 */
export const WEBVIEW_STRINGS = [
  'API Proxy', 'Proxy', 'Monitor', 'Status', 'Running', 'Stopped', 'Starting…', 'Error',
  'Served by another window', 'Listening on', 'Accounts', 'Active requests', 'Uptime',
  'Start', 'Stop', 'Settings', 'Port', 'Stop the proxy to change the port.', 'Allow LAN access',
  'The proxy is reachable from your network (binds 0.0.0.0). Keep an auth mode that checks the key.',
  'LAN access is on and auth is off: anyone on your network can use your accounts.',
  'Auth mode', 'Effective: {0}', 'Off: no key is checked', 'Strict: every request needs the key, /healthz too',
  'All except /healthz need the key', 'Auto: key required only with LAN access',
  'API key', 'Reveal', 'Hide', 'Copy', 'Regenerate', 'Set…', 'No key yet: one is generated on first start.',
  'Health', 'Check Health', 'Checking…', 'Hint', '{0} ms',
  'Add Account…', 'Enable', 'Disable', 'Remove', 'No accounts yet. Add one to start the proxy.',
  'Ready', 'Cooling until {0}', 'Disabled: {0}', 'Disabled', 'Not running',
  'Client setup', 'Include API key', 'Copied', 'Configure Claude Code…', 'Open Settings', 'Show Log',
  'Port {0} is served by Antigravity Proxy in another VS Code window.',
  'The Proxy Monitor appears here.', 'Apply',
] as const;

export type WebviewString = (typeof WEBVIEW_STRINGS)[number];
