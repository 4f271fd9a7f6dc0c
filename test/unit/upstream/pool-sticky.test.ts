import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAccountPool } from '../../../src/upstream/pool';
import type { AccountPool, RouteRequest } from '../../../src/upstream/pool-types';
import { account, anthropicRequest, config, failure, fakeClock, OK } from './helpers';

/** Plays one turn like the dispatcher: try candidates in order until one succeeds. */
function turn(pool: AccountPool, req: RouteRequest, failing: Set<string> = new Set()) {
  const plan = pool.plan(req);
  for (const c of plan.candidates) {
    if (failing.has(c.account.id)) {
      pool.report(c, failure(429, { 'retry-after': '600' }), plan);
      continue;
    }
    pool.report(c, OK, plan);
    return { plan, servedBy: c.account.id, candidate: c };
  }
  throw new Error('no candidate succeeded');
}

describe('sticky sessions', () => {
  it('stay on one account across 50 turns', () => {
    const clock = fakeClock();
    const pool = createAccountPool(config([account('a'), account('b'), account('c')]), clock);
    const served = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { plan, servedBy } = turn(pool, anthropicRequest('claude-sonnet-4-5', 'session-1'));
      served.add(servedBy);
      assert.equal(plan.movedFrom, undefined);
      assert.equal(plan.candidates[0].stripReasoning, false);
      clock.advance(20_000);
    }
    assert.equal(served.size, 1);
  });

  it('different sessions spread over the accounts', () => {
    const pool = createAccountPool(config([account('a'), account('b'), account('c')]), fakeClock());
    const firsts = new Set<string>();
    for (let i = 0; i < 6; i++) firsts.add(turn(pool, anthropicRequest('claude-sonnet-4-5', `s${i}`)).servedBy);
    assert.equal(firsts.size, 3);
  });

  it('move exactly once when their account cools, and stay on the new one after it recovers', () => {
    const clock = fakeClock();
    const pool = createAccountPool(config([account('a'), account('b'), account('c')]), clock);
    const req = anthropicRequest('claude-sonnet-4-5', 'session-x');
    const history: string[] = [];
    const moves: Array<string | undefined> = [];
    const failing = new Set<string>();
    for (let i = 0; i < 50; i++) {
      if (i === 20) failing.add(history[0]); // the bound account starts answering 429
      if (i === 25) failing.clear();
      const { plan, servedBy, candidate } = turn(pool, req, failing);
      if (history.length > 0 && servedBy !== history[history.length - 1]) {
        moves.push(plan.movedFrom ?? `failover-within-request:${candidate.stripReasoning}`);
      }
      history.push(servedBy);
      clock.advance(30_000);
    }
    const switches = history.filter((id, i) => i > 0 && id !== history[i - 1]).length;
    assert.equal(switches, 1, `history: ${history.join(',')}`);
    // Turn 20 found its account ready, failed over inside the request: that candidate strips.
    assert.deepEqual(moves, ['failover-within-request:true']);
    assert.equal(new Set(history.slice(20)).size, 1);
  });

  it('a plan made while the bound account cools names movedFrom and flags stripping', () => {
    const clock = fakeClock();
    const pool = createAccountPool(config([account('a'), account('b')]), clock);
    const req = anthropicRequest('claude-sonnet-4-5', 's');
    const first = turn(pool, req).servedBy;
    const plan = pool.plan(req);
    pool.report(plan.candidates[0], failure(429, { 'retry-after': '60' }), plan);
    const moved = pool.plan(req);
    assert.equal(moved.movedFrom, first);
    assert.equal(moved.candidates.length, 1);
    assert.notEqual(moved.candidates[0].account.id, first);
    assert.equal(moved.candidates[0].stripReasoning, true);
    pool.report(moved.candidates[0], OK, moved);
    clock.advance(61_000); // the old account is ready again: the session stays put
    const after = pool.plan(req);
    assert.equal(after.candidates[0].account.id, moved.candidates[0].account.id);
    assert.equal(after.movedFrom, undefined);
    assert.deepEqual(after.candidates.map((c) => c.stripReasoning), [false, true]);
  });

  it("Claude Code's haiku side calls on another account do not move the main conversation", () => {
    const pool = createAccountPool(config([
      account('a', 'anthropic', { models: ['claude-sonnet-*'] }),
      account('b', 'anthropic'),
      account('h', 'anthropic', { models: ['claude-haiku-*'] }),
    ]), fakeClock());
    const main = (i: number) => turn(pool, anthropicRequest('claude-sonnet-4-5', 'cc', { messages: [{ role: 'user', content: `turn ${i}` }] }));
    const first = main(0).servedBy;
    const side = turn(pool, anthropicRequest('claude-haiku-4-5', 'cc', { messages: [{ role: 'user', content: 'title?' }] }));
    assert.ok(side.servedBy === 'h' || side.servedBy === 'b');
    for (let i = 1; i < 5; i++) {
      const t = main(i);
      assert.equal(t.servedBy, first);
      assert.equal(t.plan.movedFrom, undefined);
    }
  });

  it('a model switch mid-conversation prefers the account that wrote the history', () => {
    const pool = createAccountPool(config([account('a'), account('b'), account('c')]), fakeClock());
    const first = turn(pool, anthropicRequest('claude-sonnet-4-5', 'cc')).servedBy;
    const switched = turn(pool, anthropicRequest('claude-opus-4-1', 'cc'));
    assert.equal(switched.servedBy, first);
    assert.equal(switched.candidate.stripReasoning, false);
  });

  it('bindings expire after the idle TTL', () => {
    const clock = fakeClock();
    const pool = createAccountPool(config([account('a'), account('b')]), { now: clock.now, bindingTtlMs: 60_000 });
    const req = anthropicRequest('claude-sonnet-4-5', 's');
    turn(pool, req);
    clock.advance(61_000);
    const plan = pool.plan(req);
    assert.equal(plan.movedFrom, undefined);
    assert.ok(plan.candidates.every((c) => c.stripReasoning === false));
  });

  it('round-robin rotates even within a session, flagging candidates that did not write the history', () => {
    const pool = createAccountPool(config([account('a'), account('b')], { scheduling: 'round-robin' }), fakeClock());
    const req = anthropicRequest('claude-sonnet-4-5', 's');
    const served = [turn(pool, req), turn(pool, req), turn(pool, req)];
    assert.deepEqual(served.map((t) => t.servedBy), ['a', 'b', 'a']);
    assert.equal(served[1].plan.movedFrom, 'a');
    assert.equal(served[1].candidate.stripReasoning, true);
  });
});
