/**
 * The Monitor tab's Sessions view (issue 20): one row per client session; opening a row shows
 * the tree of main agent → subagents with their totals. Display strings come from the host
 * (src/monitor/sessions-view.ts); text goes in via textContent only.
 */
import type { AgentNode, SessionRow, SessionTree } from '../shared/monitor-protocol';
import { h, replaceChildren } from './dom';

type T = (s: string, ...args: Array<string | number>) => string;

const COLUMNS: Array<[string, keyof SessionRow['cells'] | 'id' | 'firstSeen', string?]> = [
  ['Session', 'id'], ['First seen', 'firstSeen'], ['Duration', 'duration', 'num'], ['Requests', 'requests', 'num'],
  ['Tokens in', 'tokensIn', 'num'], ['Tokens out', 'tokensOut', 'num'], ['Cost', 'cost', 'num'], ['Cache hit', 'cacheHit', 'num'], ['Failovers', 'failovers', 'num'],
];

export class SessionsSection {
  readonly element: HTMLElement;
  private readonly body = h('tbody');
  private readonly empty = h('p', { id: 'monitor-sessions-empty', class: 'muted' });
  private readonly tree = h('div', { id: 'monitor-session-tree', hidden: true });
  private open: string | undefined;

  constructor(private readonly t: T, private readonly onOpen: (id: string) => void) {
    const head = h('thead', {}, h('tr', {}, ...COLUMNS.map(([label, , cls]) => h('th', { scope: 'col', class: cls }, t(label)))));
    this.element = h('div', { class: 'card', id: 'monitor-sessions' },
      h('div', { class: 'row toolbar' }, h('h2', {}, t('Sessions'))),
      h('div', { class: 'table-wrap' }, h('table', { id: 'monitor-sessions-table', class: 'monitor-table' }, head, this.body)),
      this.empty, this.tree);
  }

  render(rows: SessionRow[]): void {
    const t = this.t;
    this.empty.textContent = rows.length === 0 ? t('No sessions yet: requests with a session header (Claude Code) appear here.') : '';
    this.empty.hidden = rows.length > 0;
    replaceChildren(this.body, ...rows.map((r) => {
      const choose = () => {
        this.open = r.id;
        this.select();
        this.onOpen(r.id);
      };
      const tr = h('tr', {
        'data-session': r.id, tabindex: 0, 'aria-selected': String(r.id === this.open), onclick: choose,
        onkeydown: (ev) => { if ((ev as KeyboardEvent).key === 'Enter' || (ev as KeyboardEvent).key === ' ') { ev.preventDefault(); choose(); } },
      });
      for (const [, key, cls] of COLUMNS) {
        const text = key === 'id' ? r.id : key === 'firstSeen' ? r.firstSeen : r.cells[key];
        tr.append(h('td', { class: cls }, key === 'cost' && text === 'included' ? t('included') : text));
      }
      return tr;
    }));
  }

  showTree(id: string, tree: SessionTree | undefined): void {
    if (id !== this.open) return;
    const t = this.t;
    this.tree.hidden = false;
    if (!tree) {
      replaceChildren(this.tree, h('p', { class: 'muted' }, t('This session is no longer in the monitor.')));
      return;
    }
    const node = (a: AgentNode): HTMLElement => h('li', { 'data-agent': a.agentId },
      h('span', { class: 'agent' }, a.agentId === '' ? t('(main)') : a.label), ' — ',
      h('span', { class: 'muted' }, t('{0} requests · in {1} · out {2} · cost {3} · cache hit {4} · failovers {5}',
        a.cells.requests, a.cells.tokensIn, a.cells.tokensOut, a.cells.cost === 'included' ? t('included') : a.cells.cost, a.cells.cacheHit, a.cells.failovers)),
      a.children.length > 0 ? h('ul', {}, ...a.children.map(node)) : null);
    replaceChildren(this.tree,
      h('h3', { id: 'monitor-session-title' }, t('Session {0}', tree.id)),
      h('p', { id: 'monitor-session-cost' }, t('Cost: {0}', tree.cells.cost === 'included' ? t('included') : tree.cells.cost)),
      h('ul', { class: 'agent-tree' }, ...tree.agents.map(node)));
  }

  private select(): void {
    for (const tr of this.body.querySelectorAll('tr')) tr.setAttribute('aria-selected', String(tr.dataset.session === this.open));
  }
}
