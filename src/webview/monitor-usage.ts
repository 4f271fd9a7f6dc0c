/** The Monitor tab's usage section: period and grouping pickers, a daily SVG bar chart, the totals table. */
import type { UsageDays, UsageGroupBy, UsageView } from '../shared/monitor-protocol';
import { USAGE_DAY_CHOICES } from '../shared/monitor-protocol';
import { chartGeometry, DEFAULT_LAYOUT, type ChartLayout, type ChartMetric } from '../shared/usage-chart';
import { h, replaceChildren, svg } from './dom';

type T = (s: string, ...args: Array<string | number>) => string;

/** Bars only: the SVG stretches to the panel width (CSS fixes its height); all text is HTML around it. */
const PLOT: ChartLayout = { ...DEFAULT_LAYOUT, top: 2, bottom: 0 };

export interface UsageChoice { days: UsageDays; groupBy: UsageGroupBy }

export class UsageSection {
  readonly element: HTMLElement;
  private readonly chart = h('div', { id: 'monitor-chart', class: 'chart' });
  private readonly table = h('table', { id: 'monitor-usage-table', class: 'monitor-table' });
  private readonly days: HTMLSelectElement;
  private readonly groupBy: HTMLSelectElement;
  /** Chart shows tokens or cost (issue 20); a view choice only, kept in the webview. */
  private readonly metric: HTMLSelectElement;
  private last: UsageView | undefined;

  constructor(private readonly t: T, choice: UsageChoice, onChange: (c: UsageChoice) => void, onExport: () => void) {
    const changed = () => onChange({ days: Number(this.days.value) as UsageDays, groupBy: this.groupBy.value as UsageGroupBy });
    this.days = h('select', { id: 'monitor-usage-days', 'aria-label': t('Period'), onchange: changed },
      ...USAGE_DAY_CHOICES.map((d) => h('option', { value: d, selected: d === choice.days }, t('Last {0} days', d))));
    const groups: Array<[UsageGroupBy, string]> = [['day', 'By day'], ['account', 'By account'], ['model', 'By model']];
    this.groupBy = h('select', { id: 'monitor-usage-group', 'aria-label': t('Group'), onchange: changed },
      ...groups.map(([v, label]) => h('option', { value: v, selected: v === choice.groupBy }, t(label))));
    this.metric = h('select', { id: 'monitor-usage-metric', 'aria-label': t('Show'), onchange: () => { if (this.last) this.renderChart(this.last); } },
      h('option', { value: 'tokens', selected: true }, t('Tokens')), h('option', { value: 'cost' }, t('Cost')));
    const exportBtn = h('button', { id: 'monitor-usage-export', class: 'secondary', onclick: onExport }, t('Export Usage CSV'));
    this.element = h('div', { class: 'card', id: 'monitor-usage' },
      h('div', { class: 'row toolbar' }, h('h2', {}, t('Usage')), h('span', { class: 'spacer' }), this.days, this.groupBy, this.metric, exportBtn),
      this.chart,
      h('div', { class: 'table-wrap' }, this.table));
  }

  render(u: UsageView): void {
    const t = this.t;
    this.days.value = String(u.days);
    this.groupBy.value = u.groupBy;
    this.last = u;
    this.renderChart(u);
    const first = u.groupBy === 'day' ? 'Day' : u.groupBy === 'account' ? 'Account' : 'Model';
    const cols = [first, 'Requests', 'Errors', 'Input', 'Output', 'Cached', 'Cache hit', 'Reasoning', 'Cost'];
    const cells = (label: string, c: UsageView['totals'], cls?: string) => h('tr', { class: cls },
      h('td', {}, label), ...[c.requests, c.errors, c.input, c.output, c.cached, c.cacheHit, c.reasoning, c.cost === 'included' ? t('included') : c.cost ?? '—'].map((v) => h('td', { class: 'num' }, v)));
    replaceChildren(this.table,
      h('thead', {}, h('tr', {}, ...cols.map((c, i) => h('th', { scope: 'col', class: i > 0 ? 'num' : undefined }, t(c))))),
      h('tbody', {}, ...(u.groups.length === 0
        ? [h('tr', {}, h('td', { colspan: cols.length, class: 'muted' }, t('No usage in this period.')))]
        : u.groups.map((g) => cells(g.label, g.cells)))),
      u.groups.length > 1 ? h('tfoot', {}, cells(t('Total'), u.totals, 'total')) : null);
  }

  private renderChart(u: UsageView): void {
    const t = this.t;
    const metric = this.metric.value as ChartMetric;
    const g = metric === 'cost'
      ? chartGeometry(u.chart, (day, usd, _o, requests) => t('{0}: {1} · {2} requests', day, usd, requests), PLOT, 'cost')
      : chartGeometry(u.chart, (day, input, output, requests) => t('{0}: {1} in · {2} out · {3} requests', day, input, output, requests), PLOT);
    const unit = metric === 'cost' ? t('USD per day') : t('tokens per day');
    const root = svg('svg', { viewBox: `0 0 ${g.width} ${g.height}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': metric === 'cost' ? t('Cost per day') : t('Tokens per day') });
    root.append(svg('line', { x1: 0, x2: g.width, y1: g.baseline, y2: g.baseline, class: 'axis' }));
    for (const b of g.bars) {
      const group = svg('g', {}, svg('title', {}, b.title));
      if (b.input.height > 0) group.append(svg('rect', { ...b.input, class: 'bar-in' }));
      if (b.output.height > 0) group.append(svg('rect', { ...b.output, class: 'bar-out' }));
      // An invisible full-height hit area so idle days have a tooltip too.
      group.append(svg('rect', { x: b.input.x, y: 0, width: b.input.width, height: g.baseline, class: 'hit' }));
      root.append(group);
    }
    // The y axis: its unit, the scale top and zero; the x axis: first and last day.
    const yAxis = h('div', { class: 'y-axis', 'aria-hidden': 'true' },
      h('span', { class: 'axis-label y-max' }, g.axis.max ?? ''), h('span', { class: 'axis-label y-zero' }, '0'));
    const xAxis = h('div', { class: 'x-axis axis-label', 'aria-hidden': 'true' }, h('span', {}, g.axis.first ?? ''), h('span', {}, g.axis.last ?? ''));
    const frame = h('div', { class: 'chart-frame' },
      h('div', { class: 'axis-label y-unit', id: 'monitor-chart-unit' }, unit),
      h('div', { class: 'chart-body' }, yAxis, h('div', { class: 'plot' }, root), h('span'), xAxis));
    const legend = h('div', { class: 'legend muted' },
      ...(metric === 'cost'
        ? [h('span', { class: 'swatch bar-in' }), t('cost (USD)')]
        : [h('span', { class: 'swatch bar-in' }), t('input'), ' ', h('span', { class: 'swatch bar-out' }), t('output')]),
      g.empty ? h('span', {}, ` · ${t('No usage in this period.')}`) : null);
    replaceChildren(this.chart, frame, legend);
  }
}
