import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, type ProxyConfig, type ZaiDispatchMode } from '../../../src/core/config';
import { ProxyError } from '../../../src/core/errors';
import { createAccountPool } from '../../../src/upstream/pool';
import { zaiRole } from '../../../src/upstream/zai-dispatch';
import { account, anthropicRequest, config, failure, fakeClock, OK } from './helpers';

function withZai(mode: ZaiDispatchMode, accounts = [account('a'), account('b')], patch: Partial<ProxyConfig['zai']> = {}): ProxyConfig {
  return config(accounts, {
    scheduling: 'fill-first',
    zai: { ...defaultConfig().zai, enabled: true, apiKey: 'zai-key', dispatchMode: mode, models: { opus: 'glm-opus', sonnet: 'glm-sonnet', haiku: 'glm-haiku' }, ...patch },
  });
}
const ids = (pool: ReturnType<typeof createAccountPool>, model = 'claude-sonnet-4-5') =>
  pool.plan(anthropicRequest(model)).candidates.map((c) => `${c.account.id}:${c.upstreamModel}`);
const openaiChat = { clientDialect: 'openai-chat' as const, clientModel: 'claude-sonnet-4-5', headers: {}, body: {} };

describe('z.ai dispatch', () => {
  it('off: never used; size counts only accounts', () => {
    const pool = createAccountPool(withZai('off'), fakeClock());
    assert.deepEqual(ids(pool), ['a:claude-sonnet-4-5', 'b:claude-sonnet-4-5']);
    assert.equal(pool.size(), 2);
    assert.equal(pool.status().length, 2);
  });

  it('inactive without a key or when not enabled', () => {
    assert.equal(zaiRole(withZai('pooled', [], { apiKey: '' }).zai, 'anthropic'), 'none');
    assert.equal(zaiRole(withZai('pooled', [], { enabled: false }).zai, 'anthropic'), 'none');
    assert.equal(createAccountPool(withZai('exclusive', [], { apiKey: '' }), fakeClock()).size(), 0);
  });

  it('exclusive: anthropic-dialect requests go to z.ai only, with GLM mapping; works with no account', () => {
    const pool = createAccountPool(withZai('exclusive', []), fakeClock());
    assert.equal(pool.size(), 1);
    assert.deepEqual(ids(pool, 'claude-opus-4-8'), ['zai:glm-opus']);
    assert.deepEqual(ids(pool, 'claude-haiku-4-5'), ['zai:glm-haiku']);
    assert.deepEqual(ids(pool, 'glm-4.6'), ['zai:glm-4.6']);
    const c = pool.plan(anthropicRequest()).candidates[0];
    assert.deepEqual([c.account.kind, c.account.label, c.account.apiKey, c.wire], ['zai', 'z.ai', 'zai-key', 'anthropic']);
    assert.throws(() => pool.plan(openaiChat), (e: unknown) => e instanceof ProxyError && e.kind === 'not_found');
  });

  it('exclusive with accounts: the accounts still serve other dialects', () => {
    const pool = createAccountPool(withZai('exclusive'), fakeClock());
    assert.deepEqual(ids(pool), ['zai:glm-sonnet']);
    assert.deepEqual(pool.plan(openaiChat).candidates.map((c) => c.account.id), ['a', 'b']);
  });

  it('pooled: z.ai is one more slot in the rotation', () => {
    const pool = createAccountPool({ ...withZai('pooled'), scheduling: 'round-robin' }, fakeClock());
    const firsts = new Map<string, number>();
    for (let i = 0; i < 30; i++) {
      const first = pool.plan(anthropicRequest()).candidates[0].account.id;
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    assert.deepEqual(Object.fromEntries(firsts), { a: 10, b: 10, zai: 10 });
    assert.equal(pool.size(), 3);
  });

  it('fallback: z.ai last, and alone when every other account cools; then all-cooling counts it', () => {
    const clock = fakeClock();
    const pool = createAccountPool(withZai('fallback'), clock);
    assert.deepEqual(ids(pool), ['a:claude-sonnet-4-5', 'b:claude-sonnet-4-5', 'zai:glm-sonnet']);
    const plan = pool.plan(anthropicRequest());
    pool.report(plan.candidates[0], failure(429, { 'retry-after': '60' }), plan);
    pool.report(plan.candidates[1], failure(529), plan);
    assert.deepEqual(ids(pool), ['zai:glm-sonnet']);
    const z = pool.plan(anthropicRequest());
    pool.report(z.candidates[0], failure(429, { 'retry-after': '120' }), z);
    assert.throws(() => pool.plan(anthropicRequest()), (e: unknown) =>
      e instanceof ProxyError && e.kind === 'rate_limit' && e.retryAfterSeconds === 10 && /All 3 accounts/.test(e.message));
  });

  it('fallback: serves a model no account serves', () => {
    const pool = createAccountPool(withZai('fallback', [account('o', 'openai', { models: ['gpt-4o'] })]), fakeClock());
    assert.deepEqual(ids(pool, 'gpt-5'), ['zai:glm-sonnet']);
  });

  it('z.ai state shows in status(); a 401 disables it; a new key re-enables it', () => {
    const cfg = withZai('exclusive', []);
    const pool = createAccountPool(cfg, fakeClock());
    const plan = pool.plan(anthropicRequest());
    pool.report(plan.candidates[0], failure(401), plan);
    assert.equal(pool.status()[0].state, 'disabled');
    assert.throws(() => pool.plan(anthropicRequest()), (e: unknown) => e instanceof ProxyError && e.kind === 'unavailable');
    pool.update(withZai('exclusive', [], { apiKey: 'new-key' }));
    const again = pool.plan(anthropicRequest());
    assert.equal(again.candidates[0].account.apiKey, 'new-key');
    pool.report(again.candidates[0], OK, again);
    assert.deepEqual([pool.status()[0].state, pool.status()[0].requests], ['ready', 1]);
  });

  it('models() lists the GLM models when dispatch is active', () => {
    const pool = createAccountPool(withZai('pooled', []), fakeClock());
    assert.deepEqual(pool.models(), [
      { id: 'glm-opus', ownedBy: 'z.ai' }, { id: 'glm-sonnet', ownedBy: 'z.ai' }, { id: 'glm-haiku', ownedBy: 'z.ai' },
    ]);
  });
});
