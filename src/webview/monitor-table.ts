/** The Monitor tab's live request table. Rows arrive as display strings; text goes in via textContent only. */
import type { MonitorRow } from '../shared/monitor-protocol';
import { MAX_ROWS } from '../shared/monitor-protocol';
import { h, replaceChildren } from './dom';
import { icon } from './icons';

type T = (s: string, ...args: Array<string | number>) => string;

// The titles are a contract (tests and users know them); `Stream` is the column the old "⇣" marker had none for.
const COLUMNS: Array<[string, keyof MonitorRow, string?]> = [
  ['Time', 'time'], ['Stream', 'stream', 'stream'], ['Status', 'status'], ['Dialect', 'dialect'], ['Model', 'model', 'model'], ['Account', 'account'],
  ['Tokens in', 'tokensIn', 'num'], ['Tokens out', 'tokensOut', 'num'], ['TTFB', 'ttfb', 'num'], ['Duration', 'duration', 'num'],
];

export class RequestTable {
  readonly element: HTMLElement;
  private readonly head = h('thead');
  private readonly body = h('tbody');
  private rows: MonitorRow[] = [];
  private selected: string | undefined;

  constructor(private readonly t: T, private readonly onSelect: (id: string) => void) {
    const table = h('table', { id: 'monitor-table', class: 'monitor-table' }, this.head, this.body);
    this.element = h('div', { class: 'table-wrap' }, table);
    replaceChildren(this.head, h('tr', {}, ...COLUMNS.map(([label, key, cls]) =>
      h('th', { scope: 'col', class: cls, title: key === 'stream' ? t('Streamed response') : undefined }, t(label)))));
  }

  get size(): number {
    return this.rows.length;
  }

  replace(rows: MonitorRow[]): void {
    this.rows = rows.slice(0, MAX_ROWS);
    this.render();
  }

  /** A live batch, newest first. */
  prepend(rows: MonitorRow[]): void {
    if (rows.length === 0) return;
    const known = new Set(rows.map((r) => r.id));
    this.rows = [...rows, ...this.rows.filter((r) => !known.has(r.id))].slice(0, MAX_ROWS);
    this.render();
  }

  select(id: string | undefined): void {
    this.selected = id;
    for (const tr of this.body.querySelectorAll('tr')) tr.setAttribute('aria-selected', String(tr.dataset.id === id));
  }

  private render(): void {
    const t = this.t;
    replaceChildren(this.body, ...this.rows.map((r) => {
      const choose = () => this.onSelect(r.id);
      const tr = h('tr', {
        'data-id': r.id, tabindex: 0, class: `tone-${r.tone}`, 'aria-selected': String(r.id === this.selected),
        title: r.dateTime,
        onclick: choose,
        onkeydown: (ev) => { if ((ev as KeyboardEvent).key === 'Enter' || (ev as KeyboardEvent).key === ' ') { ev.preventDefault(); choose(); } },
      });
      for (const [, key, cls] of COLUMNS) {
        const td = h('td', { class: cls });
        if (key === 'stream') {
          // A codicon under a visible "Stream" header; the text is for screen readers and copy.
          if (r.stream) td.append(icon('broadcast'), h('span', { class: 'sr-only' }, t('yes')));
          td.title = r.stream ? t('Streamed response') : '';
        } else if (key === 'status') td.append(h('span', { class: `status tone-${r.tone}` }, r.status));
        else if ((key === 'tokensIn' || key === 'tokensOut') && r.estimated && r[key] !== '—') td.append(h('span', { title: t('estimated') }, `~${r[key]}`));
        else td.textContent = String(r[key]);
        if (key === 'model' && r.attempts > 1) td.append(h('span', { class: 'muted', title: t('Attempts') }, ` ×${r.attempts}`));
        tr.append(td);
      }
      return tr;
    }));
  }
}
