import assert from 'node:assert/strict';
import { appendFile, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { createMonitor } from '../../../src/monitor/monitor';
import type { Monitor, MonitorOptions } from '../../../src/monitor/types';
import { ManualScheduler, tempDir } from './helpers';

function open(dir: string, extra: Partial<MonitorOptions> = {}): Monitor {
  return createMonitor({ dataDir: dir, enabled: true, captureBodies: 'none', maxEntries: 10, secrets: () => [], now: Date.now, schedule: new ManualScheduler().schedule, ...extra });
}

function add(m: Monitor, n: number, from = 0): void {
  for (let i = from; i < from + n; i++) {
    const b = m.begin({ method: 'POST', path: `/r${i}`, clientModel: 'm', accountId: 'a', accountLabel: 'A' });
    b.addUsage({ inputTokens: i, outputTokens: 1 });
    b.finish({ status: i % 5 === 0 ? 500 : 200 });
  }
}

const paths = (m: Monitor) => m.list().map((r) => r.path).reverse();
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => `/r${a + i}`);

test('records and usage survive a reopen', async (t) => {
  const dir = await tempDir(t);
  const m1 = open(dir);
  await m1.ready();
  add(m1, 7);
  await m1.close();

  const m2 = open(dir);
  await m2.ready();
  assert.deepEqual(paths(m2), range(0, 7));
  assert.deepEqual(m2.list().map((r) => r.seq).reverse(), [1, 2, 3, 4, 5, 6, 7]);
  add(m2, 1, 7);
  assert.equal(m2.list()[0]!.seq, 8, 'seq continues');
  const u = m2.usage();
  assert.equal(u.length, 1);
  assert.equal(u[0]!.requests, 8);
  assert.equal(u[0]!.errors, 2);
  assert.equal(u[0]!.inputTokens, 28);
  await m2.close();
});

test('disk stays bounded: compaction keeps the newest maxEntries', async (t) => {
  const dir = await tempDir(t);
  const m = open(dir, { maxEntries: 10 });
  await m.ready();
  for (let i = 0; i < 100; i += 3) {
    add(m, 3, i);
    await m.flush();
  }
  const files = await readdir(join(dir, 'monitor'));
  const segments = files.filter((f) => f.endsWith('.jsonl'));
  assert.equal(segments.length, 1, `one live segment: ${files.join(',')}`);
  assert.ok(!files.some((f) => f.endsWith('.tmp')));
  const lines = (await readFile(join(dir, 'monitor', segments[0]!), 'utf8')).trim().split('\n');
  assert.ok(lines.length <= 20, `at most 2 × maxEntries lines, got ${lines.length}`);
  await m.close();

  const again = open(dir, { maxEntries: 10 });
  await again.ready();
  assert.deepEqual(paths(again), range(92, 102));
  assert.equal(again.usage()[0]!.requests, 102, 'usage totals outlive the records');
  await again.close();
});

test('a partial trailing line and garbage lines are skipped; appending afterwards stays clean', async (t) => {
  const dir = await tempDir(t);
  const m1 = open(dir);
  await m1.ready();
  add(m1, 3);
  await m1.close();
  const seg = join(dir, 'monitor', (await readdir(join(dir, 'monitor'))).find((f) => f.endsWith('.jsonl'))!);
  const lines = (await readFile(seg, 'utf8')).split('\n');
  await writeFile(seg, [lines[0], 'not json', '{"id":"x"}', lines[1], lines[2]].join('\n') + '\n');
  await appendFile(seg, lines[2]!.slice(0, 40)); // killed mid-write

  const warnings: string[] = [];
  const m2 = open(dir, { logger: { warn: (w) => warnings.push(w) } });
  await m2.ready();
  assert.deepEqual(paths(m2), range(0, 3));
  assert.match(warnings.join(), /skipped 3/);
  add(m2, 2, 3);
  await m2.close();

  const m3 = open(dir);
  await m3.ready();
  assert.deepEqual(paths(m3), range(0, 5));
  await m3.close();
});

test('clear() empties the persisted list; usage only on request', async (t) => {
  const dir = await tempDir(t);
  const m = open(dir);
  await m.ready();
  add(m, 4);
  let resets = 0;
  m.onReset(() => resets++);
  m.clear();
  assert.equal(resets, 1);
  assert.equal(m.list().length, 0);
  assert.equal(m.usage()[0]!.requests, 4);
  add(m, 1, 4);
  await m.close();

  const m2 = open(dir);
  await m2.ready();
  assert.deepEqual(paths(m2), ['/r4']);
  assert.equal(m2.usage()[0]!.requests, 5);
  m2.clear({ usage: true });
  await m2.close();

  const m3 = open(dir);
  await m3.ready();
  assert.equal(m3.list().length, 0);
  assert.deepEqual(m3.usage(), []);
  await m3.close();
});

test('usage lost with the process is rebuilt from the record log', async (t) => {
  const dir = await tempDir(t);
  const m = open(dir);
  await m.ready();
  add(m, 4);
  await m.close();
  await unlink(join(dir, 'monitor', 'usage.json'));
  const m2 = open(dir);
  await m2.ready();
  assert.equal(m2.usage()[0]!.requests, 4);
  assert.equal(m2.usage()[0]!.inputTokens, 0 + 1 + 2 + 3);
  await m2.close();
  // The rebuilt totals were written back: a second reopen does not count them twice.
  const m3 = open(dir);
  await m3.ready();
  assert.equal(m3.usage()[0]!.requests, 4);
  await m3.close();
});

test('records finished before the store loaded are kept, after the loaded ones', async (t) => {
  const dir = await tempDir(t);
  const m1 = open(dir);
  add(m1, 2);
  await m1.close();
  const m2 = open(dir);
  add(m2, 1, 2); // before ready()
  await m2.ready();
  assert.deepEqual(paths(m2), range(0, 3));
  assert.deepEqual(m2.list().map((r) => r.seq), [3, 2, 1]);
  await m2.close();
  const m3 = open(dir);
  await m3.ready();
  assert.deepEqual(paths(m3), range(0, 3));
  await m3.close();
});

test('an unwritable data dir degrades to memory with one warning', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'monitor'), 'a file where the directory should be');
  const warnings: string[] = [];
  const m = open(dir, { logger: { warn: (w) => warnings.push(w) } });
  add(m, 2);
  await m.ready();
  await m.flush();
  assert.deepEqual(paths(m), range(0, 2));
  assert.equal(warnings.length, 1);
  await m.close();
});
