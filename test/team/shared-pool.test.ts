/**
 * The pool's side of team mode (issue 23), without Redis: two pools joined by an in-memory
 * shared layer (the SharedPoolState contract) learn each other's cooldowns, disabled flags and
 * session bindings; the account gates take a shared slot after the local one and fall back to
 * the local caps when the shared store cannot answer.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAccountPool } from '../../src/upstream/pool';
import { AccountGates } from '../../src/upstream/concurrency';
import type { PoolStateSink, SharedPoolState, SharedSlots } from '../../src/upstream/state/shared-state';
import { account, anthropicRequest, config, failure, fakeClock, OK } from '../unit/upstream/helpers';

const noSlots: SharedSlots = { acquire: async () => 'local' };

/** Members of one in-memory "Redis": changes go to every other member at once; bindings are one map. */
function bus() {
  const sinks: PoolStateSink[] = [];
  const bindings = new Map<string, string>();
  return (): SharedPoolState => {
    let mine: PoolStateSink | undefined;
    const others = () => sinks.filter((s) => s !== mine);
    return {
      slots: noSlots,
      attach(s) {
        mine = s;
        sinks.push(s);
      },
      cooled: (a, m, u) => others().forEach((s) => s.cooled(a, m, u)),
      disabled: (a, st, at) => others().forEach((s) => s.disabled(a, st, at)),
      enabled: (a) => others().forEach((s) => s.enabled(a)),
      bound: (k, a) => void bindings.set(k, a),
      boundTo: (k) => bindings.get(k),
    };
  };
}

describe('pools sharing state', () => {
  const accounts = () => config([account('a'), account('b')], { scheduling: 'fill-first' });

  it('a cooldown reported to one pool removes the account from the other\'s plans', () => {
    const clock = fakeClock();
    const join = bus();
    const one = createAccountPool(accounts(), { now: clock.now, shared: join() });
    const two = createAccountPool(accounts(), { now: clock.now, shared: join() });
    const plan = one.plan(anthropicRequest());
    one.report(plan.candidates[0]!, failure(429, { 'retry-after': '30' }), plan);
    assert.deepEqual(two.plan(anthropicRequest()).candidates.map((c) => c.account.id), ['b']);
    assert.equal(two.status().find((s) => s.id === 'a')?.state, 'cooling');
    clock.advance(31_000);
    assert.deepEqual(two.plan(anthropicRequest()).candidates.map((c) => c.account.id), ['a', 'b'], 'the shared cooldown ends on time');
  });

  it('a key rejected on one pool is disabled on the other (status only), and a revival is shared', () => {
    const clock = fakeClock();
    const join = bus();
    const one = createAccountPool(accounts(), { now: clock.now, shared: join(), probe: async () => false });
    const two = createAccountPool(accounts(), { now: clock.now, shared: join(), probe: async () => false });
    try {
      const plan = one.plan(anthropicRequest());
      one.report(plan.candidates[0]!, failure(401), plan);
      const a = two.status().find((s) => s.id === 'a')!;
      assert.equal(a.state, 'disabled');
      assert.match(a.disabledReason!, /rejected the key \(401\)/);
      assert.ok(a.nextProbeAt !== undefined, 'the other instance re-probes it too');
      // A new key on one instance clears the verdict everywhere.
      one.update(config([account('a', 'anthropic', { apiKey: 'key-new' }), account('b')], { scheduling: 'fill-first' }));
      assert.equal(two.status().find((s) => s.id === 'a')?.state, 'ready');
    } finally {
      one.close?.();
      two.close?.();
    }
  });

  it('a session bound by one pool is routed to the same account by the other', () => {
    const clock = fakeClock();
    const join = bus();
    const one = createAccountPool(config([account('a'), account('b')]), { now: clock.now, shared: join() });
    const two = createAccountPool(config([account('a'), account('b')]), { now: clock.now, shared: join() });
    // One pool places sessions round-robin: s0 on a, s1 on b.
    for (const s of ['s0', 's1']) {
      const p = one.plan(anthropicRequest('claude-sonnet-4-5', s));
      one.report(p.candidates[0]!, OK, p);
    }
    const onTwo = two.plan(anthropicRequest('claude-sonnet-4-5', 's1'));
    assert.equal(onTwo.candidates[0]!.account.id, 'b', 'the other pool (its rotation at a) keeps s1 on b');
    assert.equal(onTwo.candidates[0]!.stripReasoning, false);
  });
});

describe('account gates with shared slots', () => {
  it('take a shared slot after the local one; both are released together', async () => {
    let held = 0;
    const slots: SharedSlots = { acquire: async () => (held++, { release: () => void held-- }) };
    const gates = new AccountGates();
    gates.share(slots);
    const ad = await gates.acquire('a', { maxConcurrent: 2 }, 1000);
    assert.ok(ad.ok);
    assert.equal(held, 1);
    assert.equal(gates.inFlight('a'), 1);
    ad.release();
    assert.equal(held, 0);
    assert.equal(gates.inFlight('a'), 0);
  });

  it('refuse when no shared slot frees up in time (the local place is given back)', async () => {
    const gates = new AccountGates();
    gates.share({ acquire: async () => 'timeout' });
    const ad = await gates.acquire('a', { maxConcurrent: 1 }, 50);
    assert.equal(ad.ok, false);
    assert.equal(gates.inFlight('a'), 0);
  });

  it('admit on the local caps when the shared store cannot answer, and skip it for uncapped accounts', async () => {
    let asked = 0;
    const gates = new AccountGates();
    gates.share({ acquire: async () => (asked++, 'local') });
    const capped = await gates.acquire('a', { maxConcurrent: 1 }, 50);
    assert.ok(capped.ok);
    const uncapped = await gates.acquire('b', {}, 50);
    assert.ok(uncapped.ok);
    assert.equal(asked, 1, 'only maxConcurrent asks the shared store');
    capped.release();
    uncapped.release();
  });
});
