/**
 * Every English string the panel shows. The host localises them with vscode.l10n.t (the webview
 * has no l10n API) and sends the dictionary in the state message.
 */
export const WEBVIEW_STRINGS = [
  'API Proxy', 'Proxy', 'Monitor', 'Status', 'Running', 'Stopped', 'Starting…', 'Error',
  'Served by another window', 'Needs an account', 'No available account, please add an account first', 'Listening on', 'Accounts', 'Active requests', 'Uptime',
  'Start', 'Stop', 'Settings', 'Port', 'Allow LAN access',
  'The proxy is reachable from your network (binds 0.0.0.0). Keep an auth mode that checks the key.',
  'LAN access is on and auth is off: anyone on your network can use your accounts.',
  'Auth mode', 'Effective: {0}', 'Off: no key is checked', 'Strict: every request needs the key, /healthz too',
  'All except /healthz need the key', 'Auto: key required only with LAN access',
  'API key', 'Reveal', 'Hide', 'Copy', 'Regenerate', 'Set…', 'No key yet: one is generated on first start.',
  'Health', 'Check Health', 'Checking…', 'Hint', '{0} ms',
  'Add Account…', 'Enable', 'Disable', 'Remove', 'No accounts yet. Add one to start the proxy.',
  'Ready', 'Cooling until {0}', 'Disabled: {0}', 'Disabled', 'Not running', 'next check at {0}', '{0} in flight, {1} queued',
  'Client setup', 'Include API key', 'Copied', 'Configure Claude Code…', 'Open Settings', 'Show Log',
  'Port {0} is served by Antigravity Proxy in another VS Code window.',
  'Apply',
  // Proxy Monitor tab (the detail labels are monitor/view-model.ts detailOf's, translated by the host).
  'Time', 'Dialect', 'Model', 'Account', 'Tokens in', 'Tokens out', 'TTFB', 'Duration', 'estimated', 'Attempts',
  'Stream', 'Close', 'Details', 'This request is no longer in the monitor.', 'Kind', 'Reason', 'Notes', '(truncated)',
  'No bodies were captured for this request (setting antigravity.monitor.captureBodies).', 'Request body',
  'Response body', 'Period', 'Last {0} days', 'By day', 'By account', 'By model', 'Group', 'Export Usage CSV', 'Usage',
  'Day', 'Requests', 'Errors', 'Input', 'Output', 'Cached', 'Cache hit', 'Reasoning', 'No usage in this period.', 'Total',
  '{0}: {1} in · {2} out · {3} requests', 'Tokens per day', 'input', 'output', 'Export CSV', 'Clear…', 'Search…',
  'Errors only', 'All dialects', 'All accounts', 'All models', '{0} of {1} requests', '{0} requests',
  'Off in settings', 'Paused', 'Recording', 'Recording is off (setting antigravity.monitor.enabled).', 'Resume',
  'Pause', 'No requests recorded yet.', 'No requests match the filter.',
  'Showing the newest {0}; Export CSV has all of them.', 'Request', 'Client disconnected', 'Time to first byte',
  'Tokens', 'Request size', 'Response size', 'User agent', 'Client address', 'Id', 'yes', 'no', '(no account)',
  '(unknown)',
  // Sessions view and Copy as curl (issue 20).
  'Sessions', 'Session', 'First seen', 'Cost', 'Failovers', 'included', 'No sessions yet: requests with a session header (Claude Code) appear here.', 'This session is no longer in the monitor.', '(main)', '{0} requests · in {1} · out {2} · cost {3} · cache hit {4} · failovers {5}', 'Session {0}', 'Cost: {0}', 'Copied.', 'Copy failed: select the text below.', 'Copy as curl',
  // issue 20: cost.
  'Show', 'Cost per day', '{0}: {1} · {2} requests', 'cost (USD)',
  // issue 21: port apply restarts, auth-dependent key section, chart axis units, stream column.
  'Apply restarts the proxy on the new port.', 'Not checked while auth is off.', 'tokens per day', 'USD per day', 'Streamed response',
] as const;

export type WebviewString = (typeof WEBVIEW_STRINGS)[number];
