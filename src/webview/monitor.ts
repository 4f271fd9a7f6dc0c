/**
 * The Proxy Monitor tab (browser side): toolbar (Pause/Resume, Export CSV, Clear), filters,
 * the live table, the detail view and usage. The host sends display strings only; everything
 * is set with textContent. Filters and pickers survive hide/reveal through `store`.
 */
import {
  EMPTY_QUERY, parseMonitorEvent,
  type FilterOptions, type MonitorQuery, type MonitorRequest, type MonitorStatusView, type UsageDays, type UsageGroupBy,
} from '../shared/monitor-protocol';
import { h, replaceChildren } from './dom';
import { icon, setBadge, setIcon, setLabel, withIcon } from './icons';
import { DetailView } from './monitor-detail';
import { RequestTable } from './monitor-table';
import { UsageSection } from './monitor-usage';
import { SessionsSection } from './monitor-sessions';

export interface MonitorView {
  receive(payload: unknown): void;
}

export interface MonitorStore {
  get(): unknown;
  set(value: unknown): void;
}

type T = (s: string, ...args: Array<string | number>) => string;

interface Saved { query: MonitorQuery; days: UsageDays; groupBy: UsageGroupBy; selected?: string }

const DIALECT_NAMES: Record<string, string> = {
  'openai-chat': 'OpenAI Chat', 'openai-responses': 'OpenAI Responses', anthropic: 'Anthropic', gemini: 'Gemini',
};

function restore(v: unknown): Saved {
  const s = (typeof v === 'object' && v !== null ? v : {}) as Partial<Saved>;
  const q = { ...EMPTY_QUERY, ...(typeof s.query === 'object' && s.query !== null ? s.query : {}) };
  return {
    query: q,
    days: s.days === 30 || s.days === 90 ? s.days : 7,
    groupBy: s.groupBy === 'account' || s.groupBy === 'model' ? s.groupBy : 'day',
    ...(typeof s.selected === 'string' ? { selected: s.selected } : {}),
  };
}

export function mountMonitor(root: HTMLElement, postRaw: (payload: unknown) => void, t: T, store?: MonitorStore): MonitorView {
  const saved = restore(store?.get());
  const post = (r: MonitorRequest) => postRaw(r);
  const persist = () => store?.set(saved);
  let status: MonitorStatusView | undefined;

  const statusText = h('span', { id: 'monitor-status', class: 'muted', 'aria-live': 'polite' });
  const stateBadge = h('span', { id: 'monitor-state', class: 'badge' });
  const pauseBtn = withIcon(h('button', { id: 'monitor-pause', class: 'secondary', onclick: () => post({ kind: 'setPaused', paused: !status?.paused }) }), 'debug-pause');
  const exportBtn = h('button', { id: 'monitor-export', class: 'secondary', onclick: () => post({ kind: 'exportCsv', what: 'records' }) }, icon('export'), t('Export CSV'));
  const clearBtn = h('button', { id: 'monitor-clear', class: 'secondary', onclick: () => post({ kind: 'clear' }) }, icon('clear-all'), t('Clear…'));
  const notice = h('p', { id: 'monitor-notice', class: 'muted', hidden: true });

  const errorsOnly = h('input', { id: 'monitor-errors', type: 'checkbox', checked: saved.query.errorsOnly, onchange: () => setQuery({ errorsOnly: errorsOnly.checked }) });
  const dialect = h('select', { id: 'monitor-dialect', 'aria-label': t('Dialect'), onchange: () => setQuery({ dialect: dialect.value }) });
  const account = h('select', { id: 'monitor-account', 'aria-label': t('Account'), onchange: () => setQuery({ accountId: account.value }) });
  const model = h('select', { id: 'monitor-model', 'aria-label': t('Model'), onchange: () => setQuery({ model: model.value }) });
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const search = h('input', {
    id: 'monitor-search', type: 'search', placeholder: t('Search…'), 'aria-label': t('Search…'), value: saved.query.text,
    oninput: () => {
      if (searchTimer) clearTimeout(searchTimer);
      searchTimer = setTimeout(() => setQuery({ text: search.value }), 250);
    },
  });
  const empty = h('p', { id: 'monitor-empty', class: 'muted' });
  const more = h('p', { id: 'monitor-more', class: 'muted' });

  const detail = new DetailView(t, () => select(undefined));
  const table = new RequestTable(t, (id) => select(id));
  const usage = new UsageSection(t, saved, (c) => {
    saved.days = c.days;
    saved.groupBy = c.groupBy;
    persist();
    post({ kind: 'usage', days: c.days, groupBy: c.groupBy });
  }, () => post({ kind: 'exportCsv', what: 'usage' }));
  const sessions = new SessionsSection(t, (id) => post({ kind: 'session', id }));

  replaceChildren(root,
    h('div', { class: 'card', id: 'monitor-requests' },
      h('div', { class: 'row toolbar' }, h('h2', {}, t('Requests')), stateBadge, statusText, h('span', { class: 'spacer' }), pauseBtn, exportBtn, clearBtn),
      h('div', { class: 'row filters' },
        h('span', { class: 'row' }, errorsOnly, h('label', { for: 'monitor-errors' }, t('Errors only'))), dialect, account, model, search),
      notice, table.element, empty, more),
    detail.element,
    sessions.element,
    usage.element);

  function setQuery(change: Partial<MonitorQuery>): void {
    saved.query = { ...saved.query, ...change };
    persist();
    post({ kind: 'query', query: saved.query });
  }

  function select(id: string | undefined): void {
    if (id === undefined) delete saved.selected;
    else saved.selected = id;
    persist();
    table.select(id);
    if (id === undefined) detail.hide();
    else {
      detail.loading();
      post({ kind: 'detail', id });
    }
  }

  function fillSelect(el: HTMLSelectElement, anyLabel: string, values: Array<[string, string]>, current: string): void {
    // Keep a chosen value listed even when no shown record has it any more.
    if (current && !values.some(([v]) => v === current)) values.push([current, current]);
    const key = JSON.stringify(values);
    if (el.dataset.key !== key) {
      el.dataset.key = key;
      replaceChildren(el, h('option', { value: '' }, anyLabel), ...values.map(([v, label]) => h('option', { value: v }, label)));
    }
    el.value = current;
  }

  function renderOptions(o: FilterOptions): void {
    fillSelect(dialect, t('All dialects'), o.dialects.map((d) => [d, DIALECT_NAMES[d] ?? d]), saved.query.dialect);
    fillSelect(account, t('All accounts'), o.accounts.map((a) => [a.id, a.label]), saved.query.accountId);
    fillSelect(model, t('All models'), o.models.map((m) => [m, m]), saved.query.model);
  }

  function renderStatus(s: MonitorStatusView): void {
    status = s;
    const filtered = saved.query.errorsOnly || saved.query.dialect || saved.query.accountId || saved.query.model || saved.query.text.trim();
    statusText.textContent = filtered ? t('{0} of {1} requests', s.matching, s.total) : t('{0} requests', s.total);
    const [text, cls, iconName] = !s.enabled ? [t('Off in settings'), 'off', 'circle-slash'] : s.paused ? [t('Paused'), 'busy', 'debug-pause'] : [t('Recording'), 'ok', 'record'];
    setBadge(stateBadge, text, cls, iconName);
    stateBadge.title = !s.enabled ? t('Recording is off (setting antigravity.monitor.enabled).') : '';
    setLabel(pauseBtn, s.paused ? t('Resume') : t('Pause'));
    setIcon(pauseBtn, s.paused ? 'debug-continue' : 'debug-pause');
    pauseBtn.disabled = !s.enabled;
    empty.textContent = table.size > 0 ? '' : s.total === 0 ? t('No requests recorded yet.') : t('No requests match the filter.');
    empty.hidden = table.size > 0;
    more.textContent = s.matching > table.size && table.size > 0 ? t('Showing the newest {0}; Export CSV has all of them.', table.size) : '';
    more.hidden = more.textContent === '';
  }

  let noticeTimer: ReturnType<typeof setTimeout> | undefined;
  function showNotice(text: string, error: boolean): void {
    notice.textContent = text;
    notice.className = error ? 'error' : 'muted';
    notice.hidden = false;
    if (noticeTimer) clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { notice.hidden = true; }, 6000);
  }

  // Hello: the host answers with a snapshot and from then on streams matching rows.
  post({ kind: 'query', query: saved.query });
  post({ kind: 'usage', days: saved.days, groupBy: saved.groupBy });
  post({ kind: 'sessions' });
  if (saved.selected) select(saved.selected);

  return {
    receive(payload) {
      const m = parseMonitorEvent(payload);
      if (!m) return;
      switch (m.kind) {
        case 'snapshot':
          table.replace(m.rows);
          table.select(saved.selected);
          renderOptions(m.options);
          renderStatus(m.status);
          break;
        case 'rows':
          table.prepend(m.rows);
          renderOptions(m.options);
          renderStatus(m.status);
          break;
        case 'status': renderStatus(m.status); break;
        case 'detail': if (m.id === saved.selected) detail.show(m.detail); break;
        case 'usage': usage.render(m.usage); break;
        case 'sessions': sessions.render(m.rows); break;
        case 'session': sessions.showTree(m.id, m.tree); break;
        case 'notice': showNotice(m.text, m.error ?? false); break;
      }
    },
  };
}
