import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProxyError } from '../../../src/core/errors';
import { createAccountPool, wireDialect } from '../../../src/upstream/pool';
import { toAttemptRecord } from '../../../src/proxy/dispatch/attempt-record';
import { account, anthropicRequest, config, failure, fakeClock, networkFailure, OK } from './helpers';

function rejects(fn: () => unknown): ProxyError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ProxyError);
    return e;
  }
  assert.fail('expected a ProxyError');
}

describe('pool routing', () => {
  it('excludes cooling and disabled accounts from the candidates', () => {
    const clock = fakeClock();
    const pool = createAccountPool(config([account('a'), account('b'), account('c')], { scheduling: 'fill-first' }), clock);
    const plan = pool.plan(anthropicRequest());
    assert.deepEqual(plan.candidates.map((c) => c.account.id), ['a', 'b', 'c']);
    pool.report(plan.candidates[0], failure(429), plan);
    pool.report(plan.candidates[1], failure(401), plan);
    assert.deepEqual(pool.plan(anthropicRequest()).candidates.map((c) => c.account.id), ['c']);
    clock.advance(30_000);
    assert.deepEqual(pool.plan(anthropicRequest()).candidates.map((c) => c.account.id), ['a', 'c']);
  });

  it('cooling is per account × upstream model', () => {
    const pool = createAccountPool(config([account('a')]), fakeClock());
    const plan = pool.plan(anthropicRequest('claude-opus-4-1'));
    pool.report(plan.candidates[0], failure(429), plan);
    assert.equal(pool.plan(anthropicRequest('claude-haiku-4-5')).candidates.length, 1);
    assert.throws(() => pool.plan(anthropicRequest('claude-opus-4-1')), ProxyError);
  });

  it('all cooling: rate_limit naming the count and the soonest reset', () => {
    const clock = fakeClock();
    const pool = createAccountPool(config([account('a'), account('b'), account('c')]), clock);
    const plan = pool.plan(anthropicRequest());
    const hints = { a: '120', b: '45', c: '300' } as Record<string, string>;
    for (const c of plan.candidates) pool.report(c, failure(429, { 'retry-after': hints[c.account.id] }), plan);
    clock.advance(5_000);
    const err = rejects(() => pool.plan(anthropicRequest()));
    assert.equal(err.kind, 'rate_limit');
    assert.equal(err.status, 429);
    assert.equal(err.retryAfterSeconds, 40);
    assert.equal(err.message, 'All 3 accounts serving claude-sonnet-4-5 are cooling down; the soonest is ready in 40s');
  });

  it('cooling plus disabled, and all disabled', () => {
    const pool = createAccountPool(config([account('a'), account('b')], { scheduling: 'fill-first' }), fakeClock());
    const plan = pool.plan(anthropicRequest());
    pool.report(plan.candidates[0], failure(401), plan);
    pool.report(plan.candidates[1], networkFailure(), plan);
    const mixed = rejects(() => pool.plan(anthropicRequest()));
    assert.equal(mixed.kind, 'rate_limit');
    assert.equal(mixed.retryAfterSeconds, 10);
    assert.match(mixed.message, /1 cooling down, 1 disabled/);
    // issue 14: a bare 403 only blocks the model; a dead key (401) disables.
    pool.report(plan.candidates[1], failure(401), plan);
    const dead = rejects(() => pool.plan(anthropicRequest()));
    assert.equal(dead.kind, 'unavailable');
    assert.match(dead.message, /All 2 accounts serving claude-sonnet-4-5 are disabled.*Label a/);
  });

  it('not_found names the model; config-disabled and vscode-lm accounts do not serve', () => {
    const pool = createAccountPool(config([
      account('a', 'openai', { models: ['gpt-4o'] }),
      account('b', 'anthropic', { enabled: false }),
      account('v', 'vscode-lm'),
    ], { modelMapping: { 'my-alias': 'gpt-5' } }), fakeClock());
    const err = rejects(() => pool.plan(anthropicRequest('gpt-5')));
    assert.equal(err.kind, 'not_found');
    assert.equal(err.status, 404);
    assert.match(err.message, /"gpt-5"/);
    // a foreign-family model still finds the stand-in the allow-list permits
    assert.equal(pool.plan(anthropicRequest('claude-opus-4-1')).candidates[0].upstreamModel, 'gpt-4o');
    assert.match(rejects(() => pool.plan(anthropicRequest('my-alias'))).message, /mapped to "gpt-5"/);
    assert.equal(pool.size(), 1);
  });

  it('maps per candidate and picks the wire dialect per kind', () => {
    const pool = createAccountPool(config([account('g', 'gemini'), account('o', 'openai'), account('an', 'anthropic')], { scheduling: 'fill-first' }), fakeClock());
    const plan = pool.plan(anthropicRequest('claude-haiku-4-5'));
    assert.deepEqual(plan.candidates.map((c) => [c.account.id, c.upstreamModel, c.wire, c.substitute]), [
      ['an', 'claude-haiku-4-5', 'anthropic', false],
      ['g', 'gemini-2.5-flash', 'gemini', true],
      ['o', 'gpt-4o-mini', 'openai-chat', true],
    ]);
    const codex = pool.plan({ clientDialect: 'openai-responses', clientModel: 'gpt-5', headers: {}, body: { input: 'hi' } });
    assert.deepEqual(codex.candidates.map((c) => [c.account.id, c.upstreamModel, c.wire]), [
      ['o', 'gpt-5', 'openai-responses'], ['g', 'gemini-2.5-pro', 'gemini'], ['an', 'claude-sonnet-4-5', 'anthropic'],
    ]);
    assert.equal(wireDialect('vscode-lm', 'anthropic'), undefined);
  });

  it('modelMapping applies before the per-account decision', () => {
    const pool = createAccountPool(config([account('g', 'gemini')], { modelMapping: { 'claude-*': 'gemini-2.5-flash-lite', 'claude-opus-*': 'gemini-3-pro' } }), fakeClock());
    assert.equal(pool.plan(anthropicRequest('claude-opus-4-8')).candidates[0].upstreamModel, 'gemini-3-pro');
    assert.equal(pool.plan(anthropicRequest('claude-sonnet-4-5')).candidates[0].upstreamModel, 'gemini-2.5-flash-lite');
  });

  it('a success resets the escalation of that account × model', () => {
    const clock = fakeClock();
    const pool = createAccountPool(config([account('a')]), clock);
    const fail = () => { const p = pool.plan(anthropicRequest()); pool.report(p.candidates[0], failure(429), p); };
    fail(); clock.advance(30_000);
    fail(); assert.equal(rejects(() => pool.plan(anthropicRequest())).retryAfterSeconds, 120);
    clock.advance(120_000);
    const p = pool.plan(anthropicRequest()); pool.report(p.candidates[0], OK, p);
    fail(); assert.equal(rejects(() => pool.plan(anthropicRequest())).retryAfterSeconds, 30);
  });

  it('status, usage, update keeps the state of persisting ids', () => {
    const clock = fakeClock();
    const cfg = config([account('a'), account('b'), account('off', 'gemini', { enabled: false })], { scheduling: 'fill-first' });
    const pool = createAccountPool(cfg, clock);
    const plan = pool.plan(anthropicRequest());
    pool.report(plan.candidates[0], OK, plan);
    pool.recordUsage('a', 1500);
    pool.report(plan.candidates[1], failure(429, { 'retry-after': '90' }), plan);
    const s = Object.fromEntries(pool.status().map((x) => [x.id, x]));
    assert.deepEqual([s.a.state, s.a.requests, s.a.tokens], ['ready', 1, 1500]);
    assert.deepEqual([s.b.state, s.b.coolingUntil, s.b.failures], ['cooling', clock.now() + 90_000, 1]);
    assert.match(s.b.lastError ?? '', /429/);
    assert.deepEqual([s.off.state, s.off.disabledReason], ['disabled', 'Disabled in settings']);

    pool.update({ ...cfg, accounts: [account('b'), account('new')] });
    const after = Object.fromEntries(pool.status().map((x) => [x.id, x]));
    assert.deepEqual(Object.keys(after), ['b', 'new']);
    assert.equal(after.b.state, 'cooling');
    assert.equal(after.new.requests, 0);
  });

  it('update with a new key re-enables a disabled account', () => {
    const cfg = config([account('a')]);
    const pool = createAccountPool(cfg, fakeClock());
    const plan = pool.plan(anthropicRequest());
    pool.report(plan.candidates[0], failure(401), plan);
    pool.update(config([account('a')]));
    assert.equal(pool.status()[0].state, 'disabled', 'same key: still disabled');
    pool.update(config([account('a', 'anthropic', { apiKey: 'fresh' })]));
    assert.equal(pool.status()[0].state, 'ready');
  });

  it('models(): literal allow-list entries, kind defaults, mapping keys; deduped, with owners', () => {
    const pool = createAccountPool(config([
      account('o', 'openai', { models: ['gpt-4o', 'gpt-4o*', 'deepseek-chat'] }),
      account('g', 'gemini'),
      account('g2', 'gemini'),
    ], { modelMapping: { 'claude-sonnet-4-5': 'gemini-2.5-pro', 'claude-*': 'x', 'my-alias': 'gpt-4o' } }), fakeClock());
    assert.deepEqual(pool.models(), [
      { id: 'gpt-4o', ownedBy: 'openai' },
      { id: 'deepseek-chat', ownedBy: 'openai' },
      { id: 'gemini-2.5-pro', ownedBy: 'google' },
      { id: 'gemini-2.5-flash', ownedBy: 'google' },
      { id: 'claude-sonnet-4-5', ownedBy: 'anthropic' },
      { id: 'my-alias', ownedBy: 'antigravity-proxy' },
    ]);
  });

  it('toAttemptRecord for the monitor', () => {
    const pool = createAccountPool(config([account('a')]), fakeClock());
    const c = pool.plan(anthropicRequest()).candidates[0];
    assert.deepEqual(toAttemptRecord(c, failure(529)), {
      accountId: 'a', accountLabel: 'Label a', accountKind: 'anthropic', upstreamModel: 'claude-sonnet-4-5',
      status: 529, reason: 'overloaded: upstream said 529',
    });
    assert.equal(toAttemptRecord(c, OK).status, 200);
  });

  it('report for an account removed by update is ignored', () => {
    const cfg = config([account('a'), account('b')]);
    const pool = createAccountPool(cfg, fakeClock());
    const plan = pool.plan(anthropicRequest());
    pool.update(config([account('b')]));
    const a = plan.candidates.find((c) => c.account.id === 'a')!;
    pool.report(a, failure(401), plan);
    pool.recordUsage('a', 5);
    assert.deepEqual(pool.status().map((s) => s.id), ['b']);
  });
});
