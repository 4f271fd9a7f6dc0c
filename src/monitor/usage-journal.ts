import { closeSync, openSync, writeSync } from 'node:fs';
import { readFile, readdir, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE } from './private-files';
import type { UsageEntry } from './usage-entry';

export { usageEntryOf, type UsageEntry } from './usage-entry';

/**
 * The usage journal: one JSON line per answered request, appended synchronously (one
 * `write(2)` into the page cache: it survives a SIGKILL) the moment the request's record is
 * complete. usage.json is only a checkpoint of the totals through a seq; the totals are that
 * checkpoint plus every journal entry after it, so each request is counted exactly once,
 * whatever was killed when ("usage counters are durable per answered request; batch only what
 * can be rebuilt").
 *
 * Segments `usage-journal-<n>.jsonl`: a checkpoint first switches appends to segment n+1
 * (synchronously, in the same tick as it snapshots the totals), and deletes segments ≤ n only
 * after the checkpoint is on disk. A crash in between leaves old segments whose entries are
 * all ≤ the checkpoint's seq, which the replay skips.
 */
const SEGMENT = /^usage-journal-(\d+)\.jsonl$/;

function segmentName(n: number): string {
  return `usage-journal-${String(n).padStart(6, '0')}.jsonl`;
}

function isEntry(v: unknown): v is UsageEntry {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return ['s', 't', 'i', 'o', 'c', 'r'].every((k) => typeof o[k] === 'number' && Number.isFinite(o[k]))
    && typeof o.a === 'string' && typeof o.l === 'string' && typeof o.m === 'string';
}

/** Complete lines only (a killed writer leaves at most one partial last line); bad lines are skipped. */
function parseEntries(buf: Buffer): { entries: UsageEntry[]; completeBytes: number } {
  const completeBytes = buf.lastIndexOf(0x0a) + 1;
  const entries: UsageEntry[] = [];
  for (const line of buf.subarray(0, completeBytes).toString('utf8').split('\n')) {
    if (!line) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (isEntry(v)) entries.push(v);
    } catch {
      // a torn or foreign line: skipped
    }
  }
  return { entries, completeBytes };
}

async function segmentNumbers(dir: string): Promise<number[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.flatMap((n) => {
    const m = SEGMENT.exec(n);
    return m ? [Number(m[1])] : [];
  }).sort((a, b) => a - b);
}

/** Every entry of every segment, oldest segment first (read-only: for the CLI next to a running proxy). */
export async function readUsageJournal(dir: string): Promise<UsageEntry[]> {
  const out: UsageEntry[] = [];
  for (const n of await segmentNumbers(dir)) {
    const buf = await readFile(join(dir, segmentName(n))).catch(() => undefined);
    if (buf) out.push(...parseEntries(buf).entries);
  }
  return out;
}

/** The single writer of the journal (MonitorStore). */
export class UsageJournal {
  private fd: number | undefined;

  private constructor(
    private readonly dir: string,
    private segment: number,
  ) {}

  /** Reads every segment (cutting a torn last line of the newest) and continues in a new one. */
  static async open(dir: string): Promise<{ journal: UsageJournal; entries: UsageEntry[] }> {
    const nums = await segmentNumbers(dir);
    const entries: UsageEntry[] = [];
    for (const n of nums) {
      const path = join(dir, segmentName(n));
      const buf = await readFile(path);
      const parsed = parseEntries(buf);
      // A torn line would glue onto the next append: cut it (only ever the newest segment).
      if (parsed.completeBytes < buf.length) await truncate(path, parsed.completeBytes);
      entries.push(...parsed.entries);
    }
    return { journal: new UsageJournal(dir, (nums.at(-1) ?? 0) + 1), entries };
  }

  /** Appends one entry now (synchronous: durable against a process kill when this returns). */
  append(entry: UsageEntry): void {
    this.fd ??= openSync(join(this.dir, segmentName(this.segment)), 'a', PRIVATE_FILE_MODE);
    writeSync(this.fd, JSON.stringify(entry) + '\n');
  }

  /** Switches appends to a new segment; returns the last segment a checkpoint taken now covers. */
  rotate(): number {
    this.closeFd();
    return this.segment++;
  }

  /** Deletes the segments up to `through` (their entries are in a checkpoint on disk). */
  async drop(through: number): Promise<void> {
    for (const n of await segmentNumbers(this.dir)) {
      if (n <= through) await unlink(join(this.dir, segmentName(n))).catch(() => {});
    }
  }

  close(): void {
    this.closeFd();
  }

  private closeFd(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already closed: nothing to release
      }
    }
  }
}
