import { writeSync } from 'node:fs';
import { open, readFile, readdir, truncate, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './private-files';
import type { RequestRecord } from './types';

/**
 * The record log: JSON lines in one live segment file `records-<n>.jsonl`.
 *
 * Crash safety: records are only ever appended (one line each), so a killed process leaves at
 * most one partial trailing line, which loading skips (and the writer truncates away before
 * appending again). Compaction writes the newest records to segment n+1 through a temp file
 * and an atomic rename; segment n+1 supersedes everything before it, so leftovers of an
 * interrupted compaction (an older segment, a temp file) are ignored and deleted.
 */
const SEGMENT = /^records-(\d+)\.jsonl$/;

function segmentName(n: number): string {
  return `records-${String(n).padStart(6, '0')}.jsonl`;
}

function isRecord(v: unknown): v is RequestRecord {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.id === 'string' &&
    typeof o.seq === 'number' &&
    typeof o.time === 'number' &&
    typeof o.status === 'number' &&
    typeof o.path === 'string' &&
    Array.isArray(o.attempts) &&
    Array.isArray(o.notes)
  );
}

export interface ParsedLog {
  records: RequestRecord[];
  /** Byte length of the complete lines (a partial trailing line is excluded). */
  completeBytes: number;
  totalBytes: number;
  lines: number;
  skipped: number;
}

/** Parses a segment: complete lines only; malformed lines are skipped, never fatal. */
export function parseLog(buf: Buffer): ParsedLog {
  const lastNl = buf.lastIndexOf(0x0a);
  const completeBytes = lastNl + 1;
  const text = buf.subarray(0, completeBytes).toString('utf8');
  const records: RequestRecord[] = [];
  let skipped = 0;
  let lines = 0;
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    lines++;
    try {
      const v: unknown = JSON.parse(line);
      if (isRecord(v)) records.push(v);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  if (completeBytes < buf.length) skipped++;
  return { records, completeBytes, totalBytes: buf.length, lines, skipped };
}

async function segments(dir: string): Promise<{ live?: number; stale: string[] }> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return { stale: [] };
  }
  const nums = names.flatMap((n) => {
    const m = SEGMENT.exec(n);
    return m ? [Number(m[1])] : [];
  });
  const live = nums.length ? Math.max(...nums) : undefined;
  // Temp files of interrupted atomic writes (compaction, usage.json) are garbage.
  const stale = names.filter((n) => (SEGMENT.test(n) && Number(SEGMENT.exec(n)![1]) !== live) || n.endsWith('.tmp'));
  return { live, stale };
}

/** Read-only load (for the CLI, which may run next to a writing proxy). */
export async function readRecordLog(dir: string): Promise<RequestRecord[]> {
  const { live } = await segments(dir);
  if (live === undefined) return [];
  try {
    return parseLog(await readFile(join(dir, segmentName(live)))).records;
  } catch {
    return [];
  }
}

/** Batches up to this size are appended with one synchronous write (see RecordLog.append). */
const SYNC_APPEND_MAX_BYTES = 64 * 1024;

/** The single writer of a record log. Not concurrency-safe: callers serialise (see MonitorStore). */
export class RecordLog {
  private handle: FileHandle | undefined;
  lines = 0;
  bytes = 0;

  private constructor(
    private readonly dir: string,
    private segment: number,
  ) {}

  /** Opens (creating the directory, owner-only, with its data dir), cleans up leftovers and a partial trailing line. */
  static async open(dir: string): Promise<{ log: RecordLog; records: RequestRecord[]; skipped: number }> {
    await ensurePrivateDir(dir, dirname(dir));
    const { live, stale } = await segments(dir);
    for (const name of stale) await unlink(join(dir, name)).catch(() => {});
    const log = new RecordLog(dir, live ?? 1);
    if (live === undefined) return { log, records: [], skipped: 0 };
    const path = join(dir, segmentName(live));
    const parsed = parseLog(await readFile(path));
    if (parsed.completeBytes < parsed.totalBytes) await truncate(path, parsed.completeBytes);
    log.lines = parsed.lines;
    log.bytes = parsed.completeBytes;
    return { log, records: parsed.records, skipped: parsed.skipped };
  }

  get path(): string {
    return join(this.dir, segmentName(this.segment));
  }

  async append(records: readonly RequestRecord[]): Promise<void> {
    if (records.length === 0) return;
    const text = records.map((r) => JSON.stringify(r) + '\n').join('');
    this.handle ??= await open(this.path, 'a', PRIVATE_FILE_MODE);
    // One write per batch; each line is whole before the next begins. A small batch (what
    // finished within one tick, without bodies) is written synchronously into the page cache:
    // cheaper than the promise API's copy, thread-pool hop and promise chain, which cost ~5% of
    // the proxy's CPU at hundreds of requests per second (issue 22). A large one (captured
    // bodies) goes through the promise API, so the event loop is not held for it.
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length <= SYNC_APPEND_MAX_BYTES) {
      let off = 0;
      while (off < bytes.length) off += writeSync(this.handle.fd, bytes, off, bytes.length - off);
    } else {
      await this.handle.appendFile(bytes);
    }
    this.lines += records.length;
    this.bytes += bytes.length;
  }

  /** Compaction: `records` become the whole log, atomically, in a new segment. */
  async rewrite(records: readonly RequestRecord[]): Promise<void> {
    const text = records.map((r) => JSON.stringify(r) + '\n').join('');
    const old = this.path;
    await this.closeHandle();
    this.segment++;
    await writeFileAtomic(this.path, text);
    await unlink(old).catch(() => {});
    this.lines = records.length;
    this.bytes = Buffer.byteLength(text);
  }

  async close(): Promise<void> {
    await this.closeHandle();
  }

  private async closeHandle(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    if (h) await h.close().catch(() => {});
  }
}
