import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Owner } from '../../../src/host/owner';

test('releases in reverse order of acquisition, awaiting each release', async () => {
  const order: string[] = [];
  const owner = new Owner();
  owner.own({ dispose: () => order.push('monitor') });
  owner.own({ dispose: async () => { await new Promise((r) => setTimeout(r, 5)); order.push('service'); } });
  owner.ownCallback(() => order.push('listener'));
  await owner.dispose();
  assert.deepEqual(order, ['listener', 'service', 'monitor']);
});

test('a failing release is reported and the others still run', async () => {
  const order: string[] = [];
  const errors: unknown[] = [];
  const owner = new Owner();
  owner.own({ dispose: () => order.push('first') });
  owner.own({ dispose: () => { throw new Error('boom'); } });
  owner.own({ dispose: async () => { throw new Error('async boom'); } });
  owner.own({ dispose: () => order.push('last') });
  await owner.dispose((e) => errors.push(e));
  assert.deepEqual(order, ['last', 'first']);
  assert.deepEqual(errors.map((e) => (e as Error).message), ['async boom', 'boom']);
});

test('releasing twice releases once; an item owned after release is released at once', async () => {
  let count = 0;
  const owner = new Owner();
  owner.own({ dispose: () => count++ });
  await Promise.all([owner.dispose(), owner.dispose()]);
  await owner.dispose();
  assert.equal(count, 1);
  let late = false;
  const item = owner.own({ dispose: () => { late = true; } });
  assert.ok(item);
  await new Promise((r) => setImmediate(r));
  assert.equal(late, true);
});
