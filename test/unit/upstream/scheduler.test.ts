import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createScheduler, type Slot } from '../../../src/upstream/scheduler';
import { SessionBindings } from '../../../src/upstream/session-bindings';
import { account, T0 } from './helpers';

const slot = (id: string, index: number, extra: Partial<Slot> & { priority?: number; weight?: number } = {}): Slot => ({
  account: account(id, 'anthropic', { priority: extra.priority, weight: extra.weight }),
  upstreamModel: 'm', substitute: extra.substitute ?? false, index,
});
const ids = (slots: Slot[]) => slots.map((s) => s.account.id);

describe('schedulers', () => {
  it('round-robin spreads evenly and rotates the start', () => {
    const rr = createScheduler('round-robin');
    const slots = [slot('a', 0), slot('b', 1), slot('c', 2)];
    const firsts = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const order = rr.order(slots, { rotationKey: 'm' });
      assert.equal(order.length, 3);
      firsts.set(order[0].account.id, (firsts.get(order[0].account.id) ?? 0) + 1);
    }
    assert.deepEqual(Object.fromEntries(firsts), { a: 100, b: 100, c: 100 });
    assert.deepEqual(ids(rr.order(slots, { rotationKey: 'm' })), ['a', 'b', 'c']);
    assert.deepEqual(ids(rr.order(slots, { rotationKey: 'm' })), ['b', 'c', 'a']);
  });

  it('fill-first: priority desc, then weight desc, then config order', () => {
    const ff = createScheduler('fill-first');
    const slots = [slot('a', 0), slot('b', 1, { priority: 5 }), slot('c', 2, { priority: 5, weight: 3 }), slot('d', 3)];
    for (let i = 0; i < 3; i++) assert.deepEqual(ids(ff.order(slots, { rotationKey: 'm' })), ['c', 'b', 'a', 'd']);
  });

  it('stand-ins come after accounts serving the model itself, in every strategy', () => {
    const slots = [slot('sub', 0, { substitute: true, priority: 9 }), slot('native', 1)];
    for (const mode of ['sticky', 'round-robin', 'fill-first'] as const) {
      const s = createScheduler(mode);
      for (let i = 0; i < 2; i++) assert.deepEqual(ids(s.order(slots, { rotationKey: 'm' })), ['native', 'sub'], mode);
    }
  });

  it('sticky puts the bound account first while it is in the list', () => {
    const st = createScheduler('sticky');
    const slots = [slot('a', 0), slot('b', 1), slot('c', 2)];
    for (let i = 0; i < 5; i++) assert.equal(st.order(slots, { rotationKey: 'm', boundAccountId: 'b' })[0].account.id, 'b');
    assert.equal(st.order(slots.filter((s) => s.account.id !== 'b'), { rotationKey: 'm', boundAccountId: 'b' }).length, 2);
  });
});

describe('SessionBindings', () => {
  it('expire after the idle TTL, refreshed by use', () => {
    const b = new SessionBindings(1000, 10);
    b.set('s', 'a', T0);
    assert.equal(b.get('s', T0 + 900), 'a');
    assert.equal(b.get('s', T0 + 1800), 'a', 'the read at +900 refreshed it');
    assert.equal(b.get('s', T0 + 2801), undefined);
  });
  it('are bounded, least recently used evicted first', () => {
    const b = new SessionBindings(60_000, 3);
    b.set('s1', 'a', T0); b.set('s2', 'a', T0); b.set('s3', 'a', T0);
    b.get('s1', T0);
    b.set('s4', 'a', T0);
    assert.equal(b.size(), 3);
    assert.equal(b.get('s2', T0), undefined);
    assert.equal(b.get('s1', T0), 'a');
  });
});
