/** The Monitor tab's detail view of one request: fields, attempts, notes, captured bodies (textContent only). */
import type { RecordDetail } from '../shared/monitor-protocol';
import { h, replaceChildren } from './dom';

type T = (s: string, ...args: Array<string | number>) => string;

export class DetailView {
  readonly element: HTMLElement;
  private readonly title = h('h2', { id: 'monitor-detail-title' });
  private readonly content = h('div', { id: 'monitor-detail-content' });

  constructor(private readonly t: T, onClose: () => void) {
    const close = h('button', { id: 'monitor-detail-close', class: 'secondary', onclick: onClose }, t('Close'));
    this.element = h('div', { class: 'card', id: 'monitor-detail', hidden: true },
      h('div', { class: 'row toolbar' }, this.title, h('span', { class: 'spacer' }), close), this.content);
  }

  loading(): void {
    this.element.hidden = false;
    this.title.textContent = this.t('Details');
    replaceChildren(this.content, h('p', { class: 'muted' }, '…'));
  }

  hide(): void {
    this.element.hidden = true;
  }

  show(detail: RecordDetail | undefined): void {
    const t = this.t;
    this.element.hidden = false;
    if (!detail) {
      this.title.textContent = t('Details');
      replaceChildren(this.content, h('p', { class: 'muted' }, t('This request is no longer in the monitor.')));
      return;
    }
    this.title.textContent = detail.title;
    const copied = h('span', { class: 'muted', 'aria-live': 'polite' });
    const fields = h('dl', { class: 'details' }, ...detail.fields.flatMap((f) => [h('dt', {}, f.label), h('dd', {}, f.value)]));
    const attempts = detail.attempts.length === 0 ? null : h('div', {},
      h('h3', {}, t('Attempts')),
      h('table', { class: 'monitor-table attempts' },
        h('thead', {}, h('tr', {}, ...['#', 'Account', 'Kind', 'Model', 'Status', 'Reason'].map((c) => h('th', { scope: 'col' }, c === '#' ? c : t(c))))),
        h('tbody', {}, ...detail.attempts.map((a, i) => h('tr', {},
          h('td', {}, String(i + 1)), h('td', {}, a.account), h('td', {}, a.kind), h('td', {}, a.model),
          h('td', {}, a.status), h('td', { class: 'reason' }, a.reason))))));
    const notes = detail.notes.length === 0 ? null : h('div', {}, h('h3', {}, t('Notes')), h('ul', {}, ...detail.notes.map((n) => h('li', {}, n))));
    const body = (label: string, text: string | undefined, truncated: boolean) => text === undefined ? null
      : h('details', { class: 'body', open: true },
        h('summary', {}, t(label), truncated ? h('span', { class: 'muted' }, ` ${t('(truncated)')}`) : null),
        h('pre', {}, h('code', {}, text)));
    const bodies = detail.requestBody === undefined && detail.responseBody === undefined
      ? h('p', { class: 'muted' }, t('No bodies were captured for this request (setting antigravity.monitor.captureBodies).'))
      : h('div', {}, body('Request body', detail.requestBody, detail.requestTruncated), body('Response body', detail.responseBody, detail.responseTruncated));
    const curlText = detail.curl;
    const curl = curlText === undefined ? null : h('div', { class: 'row' },
      h('button', {
        id: 'monitor-detail-curl', class: 'secondary',
        onclick: () => {
          void navigator.clipboard?.writeText(curlText).then(() => { copied.textContent = t('Copied.'); }, () => { copied.textContent = t('Copy failed: select the text below.'); });
        },
      }, t('Copy as curl')), copied);
    const curlBlock = curlText === undefined ? null : h('details', { class: 'body', id: 'monitor-detail-curl-text' }, h('summary', {}, 'curl'), h('pre', {}, h('code', {}, curlText)));
    replaceChildren(this.content, fields, curl, curlBlock, attempts, notes, bodies);
  }
}
