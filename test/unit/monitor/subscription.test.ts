import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestRecord } from '../../../src/monitor/types';
import { ManualScheduler, openMonitor } from './helpers';

test('subscribers get finished records in batches, one timer per batch', (t) => {
  const timers = new ManualScheduler();
  const m = openMonitor(t, { schedule: timers.schedule, flushIntervalMs: 1000 });
  const batches: RequestRecord[][] = [];
  const unsubscribe = m.subscribe((b) => batches.push(b));
  for (let i = 0; i < 3; i++) m.begin({ method: 'GET', path: `/a${i}` }).finish();
  assert.equal(batches.length, 0, 'nothing before the timer fires');
  assert.equal(timers.pending, 1, 'one timer for the whole batch');
  assert.equal(timers.tasks[0]!.ms, 1000);
  timers.runAll();
  assert.deepEqual(batches.map((b) => b.map((r) => r.path)), [['/a0', '/a1', '/a2']]);

  m.begin({ method: 'GET', path: '/b' }).finish();
  timers.runAll();
  assert.deepEqual(batches.map((b) => b.length), [3, 1]);

  unsubscribe();
  m.begin({ method: 'GET', path: '/c' }).finish();
  assert.equal(timers.pending, 0, 'no listeners, no timer');
  timers.runAll();
  assert.equal(batches.length, 2);
});

test('clear() drops the pending batch and notifies reset listeners; a throwing listener is isolated', (t) => {
  const timers = new ManualScheduler();
  const warnings: string[] = [];
  const m = openMonitor(t, { schedule: timers.schedule, logger: { warn: (w) => warnings.push(w) } });
  const got: string[] = [];
  m.subscribe(() => {
    throw new Error('boom');
  });
  m.subscribe((b) => got.push(...b.map((r) => r.path)));
  let resets = 0;
  m.onReset(() => resets++);
  m.begin({ method: 'GET', path: '/gone' }).finish();
  m.clear();
  timers.runAll();
  assert.deepEqual(got, []);
  assert.equal(resets, 1);
  m.begin({ method: 'GET', path: '/kept' }).finish();
  timers.runAll();
  assert.deepEqual(got, ['/kept']);
  assert.match(warnings.join(), /boom/);
});

test('default timer: a real short interval delivers', async (t) => {
  const m = openMonitor(t, { schedule: undefined, flushIntervalMs: 5 });
  const got = new Promise<RequestRecord[]>((resolve) => m.subscribe(resolve));
  // The batcher's timer is unref'd (it must not keep a process alive): hold the loop open meanwhile.
  const hold = setTimeout(() => {}, 5_000);
  m.begin({ method: 'GET', path: '/real' }).finish();
  try {
    assert.equal((await got)[0]!.path, '/real');
  } finally {
    clearTimeout(hold);
  }
});
