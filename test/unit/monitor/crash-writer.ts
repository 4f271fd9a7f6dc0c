// Child process of crash.test.ts: writes records in batches until killed.
// argv: <dataDir> <cycle> <mode>. Prints `flushed <i>` once every record up to i is on disk.
// mode `run`: loop until the parent sends SIGKILL.
// mode `tear`: after a few batches, watch the log while a batch (about 1 MB, written in
// several syscalls) is being appended and SIGKILL itself the moment the file ends inside a
// line — a deterministic "killed mid-write".
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { createMonitor } from '../../../src/monitor/monitor';

const [dir, cycle, mode] = process.argv.slice(2) as [string, string, 'run' | 'tear'];
export const BODY_PAD = 120_000;
export const BATCH = 8;

export function bodyFor(cycle: string, i: number): string {
  return JSON.stringify({ cycle, i, pad: String(i % 10).repeat(BODY_PAD) });
}

/** True when the live segment currently ends inside a line. */
function torn(): boolean {
  const mdir = join(dir, 'monitor');
  const seg = readdirSync(mdir).filter((f) => /^records-\d+\.jsonl$/.test(f)).sort().at(-1);
  if (!seg) return false;
  let fd: number;
  try {
    fd = openSync(join(mdir, seg), 'r');
  } catch {
    return false; // replaced by a compaction meanwhile
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}

async function main(): Promise<void> {
  const m = createMonitor({ dataDir: dir, enabled: true, captureBodies: 'all', maxEntries: 40, secrets: () => [], now: Date.now, usageFlushMs: 5 });
  await m.ready();
  for (let i = 0, round = 0; ; round++) {
    // Records finishing in one tick share one append.
    for (let k = 0; k < BATCH; k++, i++) {
      const b = m.begin({ method: 'POST', path: `/c${cycle}/r${i}`, clientModel: 'm', accountId: 'a', accountLabel: 'A' });
      b.requestBody(bodyFor(cycle, i));
      b.addUsage({ inputTokens: 1, outputTokens: 2 });
      b.finish({ status: 200 });
    }
    if (mode === 'tear' && round > 40) process.exit(3); // never caught a torn line: fail the test
    if (mode === 'tear' && round >= 2) {
      let done = false;
      const flushing = m.flush().then(() => (done = true));
      while (!done) {
        if (torn()) process.kill(process.pid, 'SIGKILL');
        await new Promise((r) => setImmediate(r));
      }
      await flushing;
    } else {
      await m.flush();
    }
    process.stdout.write(`flushed ${i - 1}\n`);
  }
}

if (dir) void main();
