/**
 * Pure pieces of the Monitor tab's host side (no `vscode`): filter conversion, localised rows
 * and details, the usage view. `t` is vscode.l10n.t in the extension and identity in tests.
 */
import type { Dialect } from '../../core/dialect';
import { detailOf, toRow, type MonitorRow, type RecordDetail } from '../../monitor/view-model';
import { groupUsage, sumUsage, usageCells, usageChart, type UsageGroupBy } from '../../monitor/usage-view';
import { formatTokens } from '../../monitor/format';
import type { RecordFilter, RequestRecord, UsageRow } from '../../monitor/types';
import type { MonitorQuery, UsageDays, UsageView } from '../../shared/monitor-protocol';

import type { Translate } from '../../shared/translate';

const DIALECTS: readonly Dialect[] = ['openai-chat', 'openai-responses', 'anthropic', 'gemini'];

export function queryToFilter(q: MonitorQuery): RecordFilter {
  const f: RecordFilter = {};
  if (q.errorsOnly) f.errorsOnly = true;
  if ((DIALECTS as readonly string[]).includes(q.dialect)) f.dialect = q.dialect as Dialect;
  if (q.accountId) f.accountId = q.accountId;
  if (q.model) f.model = q.model;
  if (q.text.trim()) f.text = q.text;
  return f;
}

export function localRow(r: RequestRecord, t: Translate): MonitorRow {
  const row = toRow(r);
  if (row.status.endsWith(' (aborted)')) row.status = `${r.status} (${t('aborted')})`;
  return row;
}

function tokensText(r: RequestRecord, t: Translate): string | undefined {
  const u = r.usage;
  if (!u) return undefined;
  const text = t('in {0} (cached {1}) · out {2} (reasoning {3})',
    formatTokens(u.inputTokens), formatTokens(u.cachedTokens), formatTokens(u.outputTokens), formatTokens(u.reasoningTokens));
  return u.estimated ? `${text} · ${t('estimated')}` : text;
}

/** detailOf() with labels and yes/no values translated (labels are in WEBVIEW_STRINGS). */
export function localDetail(r: RequestRecord, t: Translate): RecordDetail {
  const d = detailOf(r);
  return {
    ...d,
    fields: d.fields.map((f) => ({
      label: t(f.label),
      value: f.label === 'Tokens' ? tokensText(r, t) ?? f.value : f.value === 'yes' ? t('yes') : f.value === 'no' ? t('no') : f.value,
    })),
  };
}

export function buildUsageView(rows: readonly UsageRow[], days: UsageDays, groupBy: UsageGroupBy, now: number, t: Translate): UsageView {
  return {
    days,
    groupBy,
    groups: groupUsage(rows, groupBy).map((g) => ({
      key: g.key,
      label: g.label === '(no account)' || g.label === '(unknown)' ? t(g.label) : g.label,
      cells: usageCells(g),
    })),
    totals: usageCells(sumUsage(rows)),
    chart: usageChart(rows, days, now),
  };
}

/** YYYY-MM-DD of `now` (local), for default export file names. */
export function exportFileName(what: 'records' | 'usage', now: number): string {
  const d = new Date(now);
  const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return `antigravity-${what === 'records' ? 'requests' : 'usage'}-${day}.csv`;
}
