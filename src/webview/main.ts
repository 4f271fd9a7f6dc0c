/**
 * Browser side of the "API Proxy" panel. Builds the DOM once, updates it from `state` messages,
 * and keeps its own UI state (tab, last health result) across hide/reveal via setState.
 */
import type { HealthResult } from '../shared/health';
import type { HostToWebview, PanelState, PanelTab, WebviewToHost } from '../shared/messages';
import { formatMessage } from '../shared/translate';
import type { WebviewString } from '../shared/webview-strings';
import { formatDuration, h, replaceChildren } from './dom';
import { badge, icon, iconButton, setBadge, setIcon, setLabel, withIcon } from './icons';
import { mountMonitor, type MonitorView } from './monitor';
import { renderSnippetList } from './panel-snippets';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface UiState { tab: PanelTab; health?: HealthResult; statusKind?: string; monitor?: unknown }

const vscode = acquireVsCodeApi();
const saved = (vscode.getState() ?? {}) as Partial<UiState>;
const ui: UiState = { ...saved, tab: saved.tab === 'monitor' ? 'monitor' : 'proxy' };
let state: PanelState | undefined;
let revealedKey: string | undefined;
let monitor: MonitorView | undefined;
let lastSnippets = '';
let lastAuthOptions = '';
let lastAccounts = '';
/** Auth on/off as last rendered: the key section opens or folds only when that flips. */
let lastAuthOn: boolean | undefined;

const post = (m: WebviewToHost) => vscode.postMessage(m);
const persist = () => vscode.setState(ui);
function t(s: WebviewString, ...args: Array<string | number>): string {
  return formatMessage(state?.strings[s] ?? s, args);
}

// ---- static skeleton ----
const app = document.getElementById('app')!;
const tabProxy = withIcon(h('button', { role: 'tab', id: 'tab-proxy', onclick: () => selectTab('proxy') }), 'server-process');
const tabMonitor = withIcon(h('button', { role: 'tab', id: 'tab-monitor', onclick: () => selectTab('monitor') }), 'pulse');
const proxyPage = h('section', { id: 'page-proxy', role: 'tabpanel' });
const monitorPage = h('section', { id: 'page-monitor', role: 'tabpanel' });
const toast = h('div', { id: 'toast', role: 'status', 'aria-live': 'polite' });

const statusBadge = h('span', { id: 'status-badge', class: 'badge' });
const statusDetails = h('dl', { id: 'status-details', class: 'details' });
const statusError = h('p', { id: 'status-error', class: 'error' });
const startBtn = withIcon(h('button', { id: 'start', onclick: () => post({ type: 'start' }) }), 'play');
const stopBtn = withIcon(h('button', { id: 'stop', class: 'secondary', onclick: () => post({ type: 'stop' }) }), 'debug-stop');
// Kept across the per-second uptime re-render, so a click is never lost to a rebuilt button.
const addressText = h('code', { id: 'listen-address' });
const copyAddressBtn = iconButton('copy', 'Copy', { id: 'copy-address', onclick: () => post({ type: 'copyAddress' }) });

const applyPort = () => post({ type: 'setPort', port: Number(portInput.value) });
const portInput = h('input', { id: 'port', type: 'number', min: 1024, max: 65535, onkeydown: (ev) => { if ((ev as KeyboardEvent).key === 'Enter') applyPort(); } });
const portApply = withIcon(h('button', { id: 'port-apply', class: 'secondary', onclick: applyPort }), 'check');
const portHint = h('span', { class: 'muted', id: 'port-hint' });
const lanInput = h('input', { id: 'lan', type: 'checkbox', role: 'switch', onchange: () => post({ type: 'setLan', value: lanInput.checked }) });
const lanWarning = h('p', { id: 'lan-warning', class: 'warning' });
const authSelect = h('select', { id: 'auth-mode', onchange: () => post({ type: 'setAuthMode', mode: authSelect.value as PanelState['settings']['authMode'] }) });
const authEffective = h('span', { class: 'muted', id: 'auth-effective' });
const keyText = h('code', { id: 'api-key' });
const revealBtn = withIcon(h('button', { id: 'reveal-key', class: 'secondary', onclick: () => toggleReveal() }), 'eye');
const copyKeyBtn = withIcon(h('button', { id: 'copy-key', class: 'secondary', onclick: () => post({ type: 'copyKey' }) }), 'copy');
const regenBtn = withIcon(h('button', { id: 'regenerate-key', class: 'secondary', onclick: () => post({ type: 'regenerateKey' }) }), 'refresh');
const setKeyBtn = withIcon(h('button', { id: 'set-key', class: 'secondary', onclick: () => post({ type: 'setKey' }) }), 'edit');
// While auth is off the key is not checked: its controls fold into a closed section.
const keyTitle = h('span', { class: 'field-title' });
const keyNote = h('span', { class: 'muted', id: 'key-note' });
const keySection = h('details', { class: 'field key-section', id: 'key-section' },
  h('summary', {}, icon('chevron-right'), icon('key'), keyTitle, keyNote),
  h('div', { class: 'row' }, keyText, revealBtn, copyKeyBtn, regenBtn, setKeyBtn));

const healthBtn = withIcon(h('button', { id: 'check-health', onclick: () => post({ type: 'checkHealth' }) }), 'pulse');
const healthResult = h('div', { id: 'health-result', 'aria-live': 'polite' });

const accountsList = h('ul', { id: 'accounts', class: 'accounts' });
const addAccountBtn = withIcon(h('button', { id: 'add-account', class: 'secondary', onclick: () => post({ type: 'addAccount' }) }), 'add');

const includeKey = h('input', { id: 'include-key', type: 'checkbox', onchange: () => post({ type: 'setIncludeKey', value: includeKey.checked }) });
const includeKeyLabel = h('label', { for: 'include-key' });
const includeKeyRow = h('span', { class: 'row', id: 'include-key-row' }, includeKey, includeKeyLabel);
const claudeBtn = withIcon(h('button', { id: 'configure-claude', class: 'secondary', onclick: () => post({ type: 'configureClaudeCode' }) }), 'gear');
const snippetsBox = h('div', { id: 'snippets' });

const headings: Array<[HTMLElement, WebviewString]> = [];
function heading(s: WebviewString, iconName: string): HTMLElement {
  const el = withIcon(h('h2'), iconName);
  headings.push([el, s]);
  return el;
}
const labels: Array<[HTMLElement, WebviewString]> = [];
function label(s: WebviewString, forId: string): HTMLElement {
  const el = h('label', { for: forId });
  labels.push([el, s]);
  return el;
}

proxyPage.append(
  h('div', { class: 'card', id: 'card-status' }, heading('Status', 'server-process'), h('div', { class: 'row' }, statusBadge, startBtn, stopBtn), statusDetails, statusError),
  h('div', { class: 'card', id: 'card-settings' }, heading('Settings', 'settings-gear'),
    h('div', { class: 'field' }, label('Port', 'port'), h('div', { class: 'row' }, portInput, portApply, portHint)),
    h('div', { class: 'field' }, h('div', { class: 'row' }, lanInput, label('Allow LAN access', 'lan')), lanWarning),
    h('div', { class: 'field' }, label('Auth mode', 'auth-mode'), h('div', { class: 'row' }, authSelect, authEffective)),
    keySection),
  h('div', { class: 'card', id: 'card-health' }, heading('Health', 'pulse'), h('div', { class: 'row' }, healthBtn), healthResult),
  h('div', { class: 'card', id: 'card-accounts' }, heading('Accounts', 'account'), accountsList, addAccountBtn),
  h('div', { class: 'card', id: 'card-snippets' }, heading('Client setup', 'code'), h('div', { class: 'row' }, includeKeyRow, claudeBtn), snippetsBox),
);
replaceChildren(app, h('nav', { role: 'tablist' }, tabProxy, tabMonitor), proxyPage, monitorPage, toast);

// ---- rendering ----
function selectTab(tab: PanelTab): void {
  ui.tab = tab;
  persist();
  tabProxy.setAttribute('aria-selected', String(tab === 'proxy'));
  tabMonitor.setAttribute('aria-selected', String(tab === 'monitor'));
  proxyPage.hidden = tab !== 'proxy';
  monitorPage.hidden = tab !== 'monitor';
}

function setText(el: HTMLElement, text: string): void {
  if (el.querySelector(':scope > .label')) return setLabel(el, text);
  if (el.textContent !== text) el.textContent = text;
}

function detail(term: string, value: string): HTMLElement[] {
  return [h('dt', {}, term), h('dd', {}, value)];
}

function renderStatus(s: PanelState): void {
  const st = s.status;
  const [text, cls, iconName] =
    st.kind === 'running' ? [t('Running'), 'ok', 'pass'] :
    st.kind === 'starting' ? [t('Starting…'), 'busy', 'loading'] :
    st.kind === 'error' ? [t('Error'), 'bad', 'error'] :
    st.kind === 'needsAccount' ? [t('Needs an account'), 'busy', 'warning'] :
    st.kind === 'servedByOtherWindow' ? [t('Served by another window'), 'other', 'window'] : [t('Stopped'), 'off', 'circle-slash'];
  setBadge(statusBadge, text, cls, iconName);
  startBtn.hidden = st.kind === 'running' || st.kind === 'starting';
  stopBtn.hidden = st.kind !== 'running';
  const rows: HTMLElement[] = [];
  if (st.kind === 'running') {
    setText(addressText, `${st.host}:${st.port}`);
    copyAddressBtn.title = t('Copy');
    copyAddressBtn.setAttribute('aria-label', `${t('Copy')}: ${t('Listening on')}`);
    rows.push(h('dt', {}, t('Listening on')), h('dd', { class: 'row address' }, addressText, copyAddressBtn), ...detail(t('Accounts'), String(st.accounts)), ...detail(t('Active requests'), String(st.activeRequests)));
    if (st.startedAt) rows.push(...detail(t('Uptime'), formatDuration(Date.now() - st.startedAt)));
  } else if (st.kind === 'servedByOtherWindow') {
    rows.push(h('dd', {}, t('Port {0} is served by Antigravity Proxy in another VS Code window.', st.port)));
  } else if (st.kind === 'needsAccount') {
    rows.push(h('dd', { id: 'status-needs-account' }, t('No available account, please add an account first')));
  }
  replaceChildren(statusDetails, ...rows);
  setText(statusError, st.kind === 'error' ? st.message : '');
  statusError.hidden = st.kind !== 'error';
}

function renderSettings(s: PanelState): void {
  // Applying a new port while running restarts the proxy on it (what the setting says).
  const running = s.status.kind === 'running';
  if (document.activeElement !== portInput) portInput.value = String(s.settings.port);
  setText(portHint, running ? t('Apply restarts the proxy on the new port.') : '');
  lanInput.checked = s.settings.allowLanAccess;
  const exposed = s.settings.allowLanAccess && s.settings.effectiveAuthMode === 'off';
  setText(lanWarning, exposed ? t('LAN access is on and auth is off: anyone on your network can use your accounts.')
    : s.settings.allowLanAccess ? t('The proxy is reachable from your network (binds 0.0.0.0). Keep an auth mode that checks the key.') : '');
  lanWarning.hidden = !s.settings.allowLanAccess;
  lanWarning.className = exposed ? 'error' : 'warning';
  const modes: Array<[string, WebviewString]> = [
    ['auto', 'Auto: key required only with LAN access'], ['off', 'Off: no key is checked'],
    ['all_except_health', 'All except /healthz need the key'], ['strict', 'Strict: every request needs the key, /healthz too'],
  ];
  // Rebuilt only when the options change: a rebuild closes an open dropdown and drops focus.
  const options = JSON.stringify(modes.map(([, text]) => t(text)));
  if (options !== lastAuthOptions) {
    lastAuthOptions = options;
    replaceChildren(authSelect, ...modes.map(([value, text]) => h('option', { value }, t(text))));
  }
  if (authSelect.value !== s.settings.authMode) authSelect.value = s.settings.authMode;
  setText(authEffective, t('Effective: {0}', s.settings.effectiveAuthMode));
  setText(keyText, revealedKey ?? (s.hasKey ? s.maskedKey : t('No key yet: one is generated on first start.')));
  setText(revealBtn, revealedKey ? t('Hide') : t('Reveal'));
  setIcon(revealBtn, revealedKey ? 'eye-closed' : 'eye');
  const authOn = s.settings.effectiveAuthMode !== 'off';
  if (authOn !== lastAuthOn) keySection.open = authOn;
  lastAuthOn = authOn;
  keySection.classList.toggle('auth-off', !authOn);
  setText(keyTitle, t('API key'));
  setText(keyNote, authOn ? '' : t('Not checked while auth is off.'));
  includeKeyRow.hidden = !authOn;
}

function toggleReveal(): void {
  if (revealedKey) {
    revealedKey = undefined;
    if (state) renderSettings(state);
  } else {
    post({ type: 'revealKey' });
  }
}

function renderHealth(): void {
  const r = ui.health;
  if (!r) return replaceChildren(healthResult);
  if (r.ok) {
    healthResult.className = 'ok';
    replaceChildren(healthResult, h('code', {}, `${r.status} ${r.body}`), ' · ', t('{0} ms', r.latencyMs), ' · ', h('span', { class: 'muted' }, r.url),
      r.note ? h('p', { class: 'muted' }, r.note) : null);
  } else {
    healthResult.className = 'bad';
    replaceChildren(healthResult, h('code', {}, r.error), ' · ', h('span', { class: 'muted' }, r.url), h('p', {}, `${t('Hint')}: ${r.hint}`));
  }
}

function accountState(a: PanelState['accounts'][number]): [string, string, string] {
  switch (a.state) {
    case 'ready': return [t('Ready'), 'ok', 'pass'];
    case 'cooling': return [t('Cooling until {0}', a.coolingUntil ?? '?'), 'busy', 'watch'];
    case 'disabled': {
      const why = a.disabledReason ? t('Disabled: {0}', a.disabledReason) : t('Disabled');
      return [a.nextProbeAt ? `${why} · ${t('next check at {0}', a.nextProbeAt)}` : why, 'bad', 'circle-slash'];
    }
    default: return [t('Not running'), 'off', 'circle-outline'];
  }
}

function renderAccounts(s: PanelState): void {
  const key = JSON.stringify([s.accounts, s.strings]);
  if (key === lastAccounts) return;
  lastAccounts = key;
  if (s.accounts.length === 0) return replaceChildren(accountsList, h('li', { class: 'muted' }, t('No accounts yet. Add one to start the proxy.')));
  replaceChildren(accountsList, ...s.accounts.map((a) => {
    const [text, cls, iconName] = accountState(a);
    return h('li', { 'data-id': a.id },
      h('span', { class: 'account-label' }, a.label),
      h('span', { class: 'muted' }, ` ${a.kind}${a.baseUrl ? ' · ' + a.baseUrl : ''}`),
      badge(text, cls, iconName),
      a.inFlight || a.queued ? h('span', { class: 'muted' }, ` ${t('{0} in flight, {1} queued', a.inFlight ?? 0, a.queued ?? 0)}`) : null,
      a.quota ? h('span', { class: 'muted account-quota' }, ` ${a.quota}`) : null,
      h('button', { class: 'secondary', onclick: () => post({ type: 'setAccountEnabled', id: a.id, enabled: !a.enabled }) }, icon(a.enabled ? 'circle-slash' : 'check'), a.enabled ? t('Disable') : t('Enable')),
      h('button', { class: 'secondary', onclick: () => post({ type: 'removeAccount', id: a.id }) }, icon('trash'), t('Remove')));
  }));
}

function renderSnippets(s: PanelState): void {
  includeKey.checked = s.includeKey;
  const key = JSON.stringify([s.snippets, s.strings['Copy']]);
  if (key === lastSnippets) return;
  lastSnippets = key;
  renderSnippetList(snippetsBox, s.snippets, t('Copy'), (id) => post({ type: 'copySnippet', id }));
}

function renderStatic(): void {
  setText(tabProxy, t('Proxy'));
  setText(tabMonitor, t('Monitor'));
  for (const [el, s] of headings) setText(el, t(s));
  for (const [el, s] of labels) setText(el, t(s));
  setText(startBtn, t('Start'));
  setText(stopBtn, t('Stop'));
  setText(portApply, t('Apply'));
  setText(copyKeyBtn, t('Copy'));
  setText(regenBtn, t('Regenerate'));
  setText(setKeyBtn, t('Set…'));
  setText(healthBtn, t('Check Health'));
  setText(addAccountBtn, t('Add Account…'));
  setText(includeKeyLabel, t('Include API key'));
  setText(claudeBtn, t('Configure Claude Code…'));
}

function render(): void {
  if (!state) return;
  app.setAttribute('aria-busy', 'false');
  renderStatic();
  renderStatus(state);
  renderSettings(state);
  renderHealth();
  renderAccounts(state);
  renderSnippets(state);
  if (!monitor) {
    monitor = mountMonitor(monitorPage, (payload) => post({ type: 'monitor', payload }), (s, ...args) => t(s as WebviewString, ...args), {
      get: () => ui.monitor,
      set: (value) => { ui.monitor = value; persist(); },
    });
  }
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;
function showToast(text: string): void {
  setText(toast, text);
  toast.classList.add('visible');
  if (toastTimer) clearTimeout(toastTimer);
  toastTimer = setTimeout(() => toast.classList.remove('visible'), 2500);
}

window.addEventListener('message', (ev: MessageEvent<HostToWebview>) => {
  const m = ev.data;
  switch (m.type) {
    case 'state':
      // A health result describes the proxy as it was; drop it when the proxy changes state.
      if (ui.statusKind !== undefined && ui.statusKind !== m.state.status.kind) delete ui.health;
      ui.statusKind = m.state.status.kind;
      persist();
      // A revealed key is stale once the key changed (Regenerate / Set…).
      if (state && (state.maskedKey !== m.state.maskedKey || state.hasKey !== m.state.hasKey)) revealedKey = undefined;
      state = m.state;
      render();
      break;
    case 'status':
      // Counters and account states only: the controls stay as they are (focus, open dropdowns).
      if (!state) break;
      state = { ...state, status: m.status, accounts: m.accounts };
      renderStatus(state);
      renderAccounts(state);
      break;
    case 'key': revealedKey = m.value; if (state) renderSettings(state); break;
    case 'healthPending': healthBtn.disabled = true; setText(healthBtn, t('Checking…')); break;
    case 'health':
      ui.health = m.result; persist();
      healthBtn.disabled = false; setText(healthBtn, t('Check Health'));
      renderHealth();
      break;
    case 'toast': showToast(m.text); break;
    case 'selectTab': selectTab(m.tab); break;
    case 'monitor': monitor?.receive(m.payload); break;
  }
});

// Uptime ticks locally; the host only sends state on changes.
setInterval(() => { if (state?.status.kind === 'running' && !document.hidden) renderStatus(state); }, 1000);
selectTab(ui.tab);
post({ type: 'ready' });
