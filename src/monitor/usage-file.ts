import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import type { UsageRow } from './types';
import { UsageTotals } from './usage-totals';

export const USAGE_FILE = 'usage.json';

interface UsageFileV1 {
  version: 1;
  /** Highest record seq already counted: records after it in the log are added on load. */
  throughSeq: number;
  rows: UsageRow[];
}

function isRow(r: unknown): r is UsageRow {
  if (!r || typeof r !== 'object') return false;
  const o = r as Record<string, unknown>;
  return (
    typeof o.day === 'string' &&
    typeof o.accountId === 'string' &&
    typeof o.model === 'string' &&
    ['requests', 'errors', 'inputTokens', 'outputTokens', 'cachedTokens', 'reasoningTokens'].every(
      (k) => typeof o[k] === 'number' && Number.isFinite(o[k]),
    )
  );
}

/** Missing or unreadable file → empty totals (the file is only ever replaced atomically). */
export async function readUsageFile(dir: string): Promise<UsageTotals> {
  let text: string;
  try {
    text = await readFile(join(dir, USAGE_FILE), 'utf8');
  } catch {
    return new UsageTotals();
  }
  try {
    const data = JSON.parse(text) as Partial<UsageFileV1>;
    const rows = Array.isArray(data.rows) ? data.rows.filter(isRow) : [];
    for (const r of rows) if (typeof r.accountLabel !== 'string') r.accountLabel = '';
    return UsageTotals.fromRows(rows, typeof data.throughSeq === 'number' ? data.throughSeq : 0);
  } catch {
    return new UsageTotals();
  }
}

export async function writeUsageFile(dir: string, usage: UsageTotals): Promise<void> {
  const data: UsageFileV1 = { version: 1, throughSeq: usage.throughSeq, rows: usage.rowsForSave() };
  await writeFileAtomic(join(dir, USAGE_FILE), JSON.stringify(data));
}
