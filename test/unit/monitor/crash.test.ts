import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { createMonitor } from '../../../src/monitor/monitor';
import { parseLog } from '../../../src/monitor/record-log';
import { bodyFor } from './crash-writer';
import { tempDir } from './helpers';

const WRITER = join(__dirname, 'crash-writer.ts');

/**
 * Runs the writer until it reports `flushed >= atLeast` and SIGKILLs it (mode `run`), or until
 * it kills itself mid-append (mode `tear`); returns the last index it reported as flushed.
 */
function runAndKill(dir: string, cycle: number, mode: 'run' | 'tear', atLeast = Infinity): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, String(cycle), mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let last = -1;
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const l of lines) last = Math.max(last, Number(l.split(' ')[1]));
      if (last >= atLeast && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(last) : reject(new Error(`writer exited ${code}: ${err}`))));
  });
}

test('a store reopened after SIGKILL mid-write loads every complete record', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  const mdir = join(dir, 'monitor');
  const liveLog = async () => {
    const segs = (await readdir(mdir)).filter((f) => /^records-\d+\.jsonl$/.test(f)).sort();
    return parseLog(await readFile(join(mdir, segs.at(-1)!)));
  };
  const flushed: number[] = [];
  // Each cycle reopens what the previous killed process left, then is killed itself.
  flushed.push(await runAndKill(dir, 1, 'run', 50));
  flushed.push(await runAndKill(dir, 2, 'tear'));
  const torn = await liveLog();
  assert.ok(torn.completeBytes < torn.totalBytes, 'the second writer died inside a line');
  assert.equal(torn.skipped, 1, 'only the partial line is unreadable');
  flushed.push(await runAndKill(dir, 3, 'run', 7));

  const last = await liveLog();
  assert.ok(last.skipped <= 1, `skipped ${last.skipped} lines`);

  const m = createMonitor({ dataDir: dir, enabled: true, captureBodies: 'all', maxEntries: 40, secrets: () => [], now: Date.now });
  t.after(() => m.close());
  await m.ready();
  const recs = m.list().reverse(); // oldest first
  assert.equal(recs.length, 40, 'the newest maxEntries records');
  let prev: { cycle: number; i: number } | undefined;
  for (const r of recs) {
    const [, c, i] = /^\/c(\d+)\/r(\d+)$/.exec(r.path)!.map(Number) as [number, number, number];
    assert.equal(r.bodies?.request, bodyFor(String(c), i), `intact body of ${r.path}`);
    assert.equal(r.status, 200);
    if (prev) {
      assert.ok(c >= prev.cycle, 'cycles in order');
      if (c === prev.cycle) assert.equal(i, prev.i + 1, `no hole inside a cycle at ${r.path}`);
    }
    prev = { cycle: c, i };
  }
  assert.equal(prev!.cycle, 3);
  assert.ok(prev!.i >= flushed[2]!, `every flushed record of the last process is there (${prev!.i} >= ${flushed[2]})`);

  // Usage: at least everything flushed, at most everything written (one per record).
  const total = m.usage().reduce((s, u) => s + u.requests, 0);
  const minimum = flushed.reduce((s, f) => s + f + 1, 0);
  assert.ok(total >= minimum, `usage ${total} >= flushed ${minimum}`);
  assert.equal(m.usage()[0]!.outputTokens, 2 * total);
});
