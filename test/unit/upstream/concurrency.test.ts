import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { AccountGates } from '../../../src/upstream/concurrency';

describe('AccountGates', () => {
  test('no caps: admitted at once, counted', async () => {
    const g = new AccountGates();
    const a = await g.acquire('x', {}, 1000);
    const b = await g.acquire('x', {}, 1000);
    assert.ok(a.ok && b.ok);
    assert.equal(g.inFlight('x'), 2);
    if (a.ok) a.release();
    if (a.ok) a.release(); // idempotent
    assert.equal(g.inFlight('x'), 1);
  });

  test('maxConcurrent: FIFO, no overtaking, waits measured', async () => {
    let now = 0;
    const g = new AccountGates(() => now);
    const first = await g.acquire('x', { maxConcurrent: 1 }, 10_000);
    assert.ok(first.ok);
    const order: number[] = [];
    const waiting = [1, 2, 3].map((n) => g.acquire('x', { maxConcurrent: 1 }, 10_000).then((a) => (order.push(n), a)));
    assert.equal(g.queued('x'), 3);
    now = 250;
    if (first.ok) first.release();
    const a1 = await waiting[0]!;
    assert.ok(a1.ok);
    assert.equal(a1.waitedMs, 250);
    assert.equal(g.inFlight('x'), 1);
    assert.equal(g.queued('x'), 2);
    if (a1.ok) a1.release();
    const a2 = await waiting[1]!;
    if (a2.ok) a2.release();
    const a3 = await waiting[2]!;
    if (a3.ok) a3.release();
    assert.deepEqual(order, [1, 2, 3]);
    assert.equal(g.inFlight('x'), 0);
  });

  test('the queue wait runs out → refused, and leaves the queue', async () => {
    const g = new AccountGates();
    const held = await g.acquire('x', { maxConcurrent: 1 }, 1000);
    const refused = await g.acquire('x', { maxConcurrent: 1 }, 30);
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.equal(refused.reason, 'timeout');
      assert.ok(refused.retryAfterMs >= 1000);
    }
    assert.equal(g.queued('x'), 0);
    if (held.ok) held.release();
  });

  test('an aborted client leaves the queue', async () => {
    const g = new AccountGates();
    const held = await g.acquire('x', { maxConcurrent: 1 }, 1000);
    const ac = new AbortController();
    const p = g.acquire('x', { maxConcurrent: 1 }, 10_000, ac.signal);
    ac.abort();
    const r = await p;
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.reason, 'aborted');
    assert.equal(g.queued('x'), 0);
    if (held.ok) held.release();
  });

  test('requestsPerMinute: the next start waits for the rolling minute', async () => {
    let now = 1_000_000;
    const g = new AccountGates(() => now);
    const a = await g.acquire('x', { requestsPerMinute: 2 }, 1000);
    const b = await g.acquire('x', { requestsPerMinute: 2 }, 1000);
    assert.ok(a.ok && b.ok);
    if (a.ok) a.release();
    if (b.ok) b.release();
    const c = await g.acquire('x', { requestsPerMinute: 2 }, 0);
    assert.equal(c.ok, false);
    if (!c.ok) assert.ok(c.retryAfterMs > 59_000);
    now += 60_001;
    const d = await g.acquire('x', { requestsPerMinute: 2 }, 0);
    assert.ok(d.ok);
  });
});
