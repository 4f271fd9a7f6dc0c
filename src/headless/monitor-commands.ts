import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatBytes, formatDateTime, formatMs, formatTokens, textTable } from '../monitor/format';
import { DEFAULT_MAX_ENTRIES, MONITOR_DIR } from '../monitor/monitor';
import { filterRecords } from '../monitor/record-filter';
import { readRecordLog } from '../monitor/record-log';
import type { RequestRecord, UsageRow } from '../monitor/types';
import { readUsageFile } from '../monitor/usage-file';
import { readUsageJournal } from '../monitor/usage-journal';
import { groupUsage, sumUsage, type UsageGroupBy } from '../monitor/usage-view';
import { modelLabel, stripBodies } from '../monitor/view-model';
import { terminalSafe, terminalSafeJson } from '../core/terminal-safe';

/**
 * Headless `monitor` and `usage` commands. Read-only: they may run next to a proxy that is
 * writing the same data directory. Both return the process exit code.
 */
export interface CommandIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Default data directory (the caller's `--data-dir` default). */
  dataDir?: string;
  now?: () => number;
}

interface Parsed {
  flags: Set<string>;
  values: Map<string, string>;
}

/** `--name value`, `--name=value` and boolean `--flag`; throws on unknown options. */
function parseArgs(argv: readonly string[], booleans: readonly string[], valued: readonly string[]): Parsed {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (booleans.includes(name) && eq < 0) flags.add(name);
    else if (valued.includes(name)) {
      const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      values.set(name, v);
    } else throw new Error(`unknown option: ${arg}`);
  }
  return { flags, values };
}

function intOption(p: Parsed, name: string, fallback: number): number {
  const v = p.values.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

function monitorDir(p: Parsed, io: CommandIO): string {
  const dir = p.values.get('--data-dir') ?? io.dataDir;
  if (!dir) throw new Error('no data directory: pass --data-dir');
  return join(dir, MONITOR_DIR);
}

const MONITOR_USAGE = 'usage: monitor [--data-dir D] [--config F | --max-entries N] [--json] [--limit N] [--errors] [--bodies]\n';
const USAGE_USAGE = 'usage: usage [--data-dir D] [--json] [--days N] [--by day|account|model]\n';

/** Recorded fields are client-chosen (model names, error texts): escaped before the terminal. */
function recordCells(r: RequestRecord): string[] {
  return cells([
    formatDateTime(r.time),
    r.errorType && r.status < 400 ? `${r.status}!` : String(r.status),
    r.clientDialect ?? '—',
    modelLabel(r),
    r.accountLabel || '—',
    formatTokens(r.usage?.inputTokens) + (r.usage?.estimated ? '~' : ''),
    formatTokens(r.usage?.outputTokens) + (r.usage?.estimated ? '~' : ''),
    formatMs(r.ttfbMs),
    formatMs(r.durationMs),
    r.errorType ? `${r.errorType}${r.errorMessage ? `: ${r.errorMessage.slice(0, 80)}` : ''}` : r.aborted ? 'client disconnected' : formatBytes(r.responseBytes),
  ]);
}

function cells(row: string[]): string[] {
  return row.map(terminalSafe);
}

/** `--max-entries N`, else `monitor.maxEntries` of `--config F`, else the default. */
function maxEntriesOf(p: Parsed): number {
  if (p.values.has('--max-entries')) return Math.max(1, intOption(p, '--max-entries', DEFAULT_MAX_ENTRIES));
  const file = p.values.get('--config');
  if (file === undefined) return DEFAULT_MAX_ENTRIES;
  let n: unknown;
  try {
    n = (JSON.parse(readFileSync(file, 'utf8')) as { monitor?: { maxEntries?: unknown } })?.monitor?.maxEntries;
  } catch (err) {
    throw new Error(`cannot read --config ${file}: ${(err as Error).message.slice(0, 120)}`);
  }
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : DEFAULT_MAX_ENTRIES;
}

export async function runMonitorCommand(argv: string[], io: CommandIO): Promise<number> {
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout.write(MONITOR_USAGE);
      return 0;
    }
    const p = parseArgs(argv, ['--json', '--errors', '--bodies'], ['--data-dir', '--limit', '--config', '--max-entries']);
    const limit = intOption(p, '--limit', 50);
    // The store keeps the newest maxEntries (its log may hold up to twice that between compactions).
    const records = (await readRecordLog(monitorDir(p, io))).slice(-maxEntriesOf(p));
    const chosen = filterRecords(records, { errorsOnly: p.flags.has('--errors'), limit }).reverse();
    if (p.flags.has('--json')) {
      for (const r of chosen) io.stdout.write(terminalSafeJson(JSON.stringify(p.flags.has('--bodies') ? r : stripBodies(r))) + '\n');
      return 0;
    }
    if (chosen.length === 0) {
      io.stdout.write('No requests recorded.\n');
      return 0;
    }
    const header = ['time', 'status', 'dialect', 'model → upstream', 'account', 'in', 'out', 'ttfb', 'duration', 'detail'];
    io.stdout.write(textTable(header, chosen.map(recordCells), new Set([5, 6, 7, 8])));
    return 0;
  } catch (err) {
    io.stderr.write(`monitor: ${terminalSafe(err instanceof Error ? err.message : String(err))}\n${MONITOR_USAGE}`);
    return 2;
  }
}

/**
 * The totals as the proxy rebuilds them on start (monitor-store.ts): the usage.json
 * checkpoint, the journal after it, then records logged past both.
 */
export async function loadUsageRows(dir: string, now: number, days: number): Promise<UsageRow[]> {
  const [usage, entries, records] = await Promise.all([readUsageFile(dir), readUsageJournal(dir), readRecordLog(dir)]);
  const checkpoint = usage.throughSeq;
  for (const e of entries) if (e.s > checkpoint) usage.addEntry(e);
  const journaled = usage.throughSeq;
  for (const r of records) if (r.seq > journaled) usage.add(r);
  return usage.query(days > 0 ? { days } : {}, now);
}

export async function runUsageCommand(argv: string[], io: CommandIO): Promise<number> {
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout.write(USAGE_USAGE);
      return 0;
    }
    const p = parseArgs(argv, ['--json'], ['--data-dir', '--days', '--by']);
    const days = intOption(p, '--days', 30);
    const by = p.values.get('--by') as UsageGroupBy | undefined;
    if (by !== undefined && !['day', 'account', 'model'].includes(by)) throw new Error('--by must be day, account or model');
    const rows = await loadUsageRows(monitorDir(p, io), (io.now ?? Date.now)(), days);
    if (p.flags.has('--json')) {
      const out = by ? groupUsage(rows, by) : rows;
      for (const r of out) io.stdout.write(terminalSafeJson(JSON.stringify(r)) + '\n');
      return 0;
    }
    if (rows.length === 0) {
      io.stdout.write('No usage recorded.\n');
      return 0;
    }
    const nums = (s: { requests: number; errors: number; inputTokens: number; outputTokens: number; cachedTokens: number; reasoningTokens: number }) => [
      String(s.requests),
      String(s.errors),
      formatTokens(s.inputTokens),
      formatTokens(s.outputTokens),
      formatTokens(s.cachedTokens),
      formatTokens(s.reasoningTokens),
    ];
    const total = sumUsage(rows);
    const header = by ? [by, 'requests', 'errors', 'input', 'output', 'cached', 'reasoning'] : ['day', 'account', 'model', 'requests', 'errors', 'input', 'output', 'cached', 'reasoning'];
    const body = by
      ? groupUsage(rows, by).map((g) => [g.label, ...nums(g)])
      : rows.map((r) => [r.day, r.accountLabel || r.accountId || '(no account)', r.model || '(unknown)', ...nums(r)]);
    const lead = by ? ['total'] : ['total', '', ''];
    const right = new Set(header.map((_, i) => i).filter((i) => i >= lead.length));
    io.stdout.write(textTable(header, [...body.map(cells), [...lead, ...nums(total)]], right));
    return 0;
  } catch (err) {
    io.stderr.write(`usage: ${terminalSafe(err instanceof Error ? err.message : String(err))}\n${USAGE_USAGE}`);
    return 2;
  }
}
