/**
 * Geometry of the Monitor tab's daily usage chart (pure): stacked bars (input below, output on
 * top) in a fixed viewBox the webview scales with CSS. The webview draws it with SVG DOM calls;
 * no markup strings, so nothing from a record is ever parsed as HTML.
 */
import { formatTokens, formatUsd } from '../monitor/format';
import type { UsageChart } from '../monitor/usage-view';

export interface ChartRect { x: number; y: number; width: number; height: number }

export interface ChartBar {
  day: string;
  input: ChartRect;
  output: ChartRect;
  /** Tooltip text. */
  title: string;
}

export interface ChartGeometry {
  width: number;
  height: number;
  /** Baseline y (bars stand on it). */
  baseline: number;
  bars: ChartBar[];
  /** Axis labels: the scale at the top left, first and last day under the bars. */
  labels: Array<{ x: number; y: number; text: string; anchor: 'start' | 'middle' | 'end' }>;
  /**
   * The same labels for an HTML axis (the webview draws text outside the scaled SVG, so it
   * keeps its CSS size at any panel width): the top of the y scale and the first/last day.
   */
  axis: { max?: string; first?: string; last?: string };
  empty: boolean;
}

export interface ChartLayout {
  width: number;
  height: number;
  /** Space for the labels under the bars and the scale above them. */
  bottom: number;
  top: number;
  gap: number;
}

/** What the bars show: tokens (input + output stacked) or billed dollars (issue 20). */
export type ChartMetric = 'tokens' | 'cost';

export const DEFAULT_LAYOUT: ChartLayout = { width: 600, height: 140, bottom: 18, top: 14, gap: 2 };

/** `format(day, input, output, requests)` builds the tooltip (localised by the caller). */
export function chartGeometry(
  chart: UsageChart,
  format: (day: string, input: string, output: string, requests: number) => string,
  layout: ChartLayout = DEFAULT_LAYOUT,
  metric: ChartMetric = 'tokens',
): ChartGeometry {
  // Cost: one bar per day (the `input` rect; `output` is empty), scaled to the costliest day.
  if (metric === 'cost') {
    const cost = chart.cost ?? [];
    chart = { ...chart, input: chart.days.map((_, i) => cost[i] ?? 0), output: chart.days.map(() => 0), max: chart.maxCost ?? 0 };
  }
  const fmt = metric === 'cost' ? formatUsd : formatTokens;
  const n = Math.max(1, chart.days.length);
  const plotH = Math.max(1, layout.height - layout.top - layout.bottom);
  const baseline = layout.top + plotH;
  const slot = layout.width / n;
  const gap = slot > layout.gap * 3 ? layout.gap : 0;
  const barW = Math.max(0.5, slot - gap);
  const scale = chart.max > 0 ? plotH / chart.max : 0;
  const round = (v: number) => Math.round(v * 100) / 100;
  const bars = chart.days.map((day, i) => {
    const inp = chart.input[i] ?? 0;
    const out = chart.output[i] ?? 0;
    const x = round(i * slot + gap / 2);
    const hIn = round(inp * scale);
    const hOut = round(out * scale);
    return {
      day,
      input: { x, y: round(baseline - hIn), width: round(barW), height: hIn },
      output: { x, y: round(baseline - hIn - hOut), width: round(barW), height: hOut },
      title: format(day, fmt(inp), fmt(out), chart.requests[i] ?? 0),
    };
  });
  const labels: ChartGeometry['labels'] = [];
  if (chart.days.length > 0) {
    labels.push({ x: 0, y: layout.height - 4, text: chart.days[0]!, anchor: 'start' });
    if (chart.days.length > 1) labels.push({ x: layout.width, y: layout.height - 4, text: chart.days.at(-1)!, anchor: 'end' });
  }
  if (chart.max > 0) labels.push({ x: 0, y: layout.top - 3, text: fmt(chart.max), anchor: 'start' });
  const axis: ChartGeometry['axis'] = {};
  if (chart.max > 0) axis.max = fmt(chart.max);
  if (chart.days.length > 0) axis.first = chart.days[0]!;
  if (chart.days.length > 1) axis.last = chart.days.at(-1)!;
  return { width: layout.width, height: layout.height, baseline, bars, labels, axis, empty: chart.max === 0 };
}
