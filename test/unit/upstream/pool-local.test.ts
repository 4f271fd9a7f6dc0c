import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProxyError } from '../../../src/core/errors';
import { candidateWire, createAccountPool } from '../../../src/upstream/pool';
import { resolveLocalModel } from '../../../src/upstream/model-mapping';
import { account, anthropicRequest, config, fakeClock } from './helpers';

describe('vscode-lm accounts', () => {
  it('resolveLocalModel: exact id, else a stand-in of the same family and tier, else the first offered', () => {
    const offered = ['gpt-4o', 'gpt-4o-mini', 'claude-3.5-sonnet', 'o3-mini'];
    assert.deepEqual(resolveLocalModel(offered, 'GPT-4o'), { upstreamModel: 'gpt-4o', substitute: false });
    assert.deepEqual(resolveLocalModel(offered, 'claude-sonnet-4-5'), { upstreamModel: 'claude-3.5-sonnet', substitute: true });
    assert.deepEqual(resolveLocalModel(offered, 'gpt-5-mini'), { upstreamModel: 'gpt-4o-mini', substitute: true });
    assert.deepEqual(resolveLocalModel(offered, 'gemini-2.5-flash'), { upstreamModel: 'gpt-4o-mini', substitute: true });
    assert.deepEqual(resolveLocalModel(offered, 'llama3'), { upstreamModel: 'gpt-4o', substitute: true });
    assert.equal(resolveLocalModel([], 'gpt-4o'), undefined);
  });

  it('without a resolved model list (headless) they are skipped, as before', () => {
    const pool = createAccountPool(config([account('v', 'vscode-lm')]), { now: fakeClock().now });
    assert.equal(pool.size(), 0);
    assert.throws(() => pool.plan(anthropicRequest()), (e: unknown) => e instanceof ProxyError && e.status === 404);
  });

  it('with the host-resolved list: counted, listed, routed in the client dialect; real accounts first for their models', () => {
    const pool = createAccountPool(config([
      account('a', 'anthropic', { models: ['claude-sonnet-4-5'] }),
      account('v', 'vscode-lm', { models: ['gpt-4o', 'claude-3.5-sonnet'] }),
    ]), { now: fakeClock().now });
    assert.equal(pool.size(), 2);
    assert.deepEqual(pool.models().map((m) => m.id), ['claude-sonnet-4-5', 'gpt-4o', 'claude-3.5-sonnet']);
    const plan = pool.plan(anthropicRequest('claude-sonnet-4-5'));
    assert.deepEqual(plan.candidates.map((c) => [c.account.id, c.upstreamModel, c.wire, c.substitute]), [
      ['a', 'claude-sonnet-4-5', 'anthropic', false],
      ['v', 'claude-3.5-sonnet', 'anthropic', true],
    ]);
    const openai = pool.plan({ clientDialect: 'openai-responses', clientModel: 'gpt-4o', headers: {}, body: {} });
    assert.deepEqual(openai.candidates.map((c) => [c.account.id, c.upstreamModel, c.wire]), [
      ['v', 'gpt-4o', 'openai-responses'],
      ['a', 'claude-sonnet-4-5', 'anthropic'], // a stand-in comes after the exact model
    ]);
    assert.equal(candidateWire({ kind: 'vscode-lm' }, 'gemini'), 'gemini');
  });

  it('an empty offer still lets Start succeed (models may appear later); PoolDeps.localModels overrides the config', () => {
    const empty = createAccountPool(config([account('v', 'vscode-lm', { models: [] })]), { now: fakeClock().now });
    assert.equal(empty.size(), 1);
    const live = createAccountPool(config([account('v', 'vscode-lm')]), { now: fakeClock().now, localModels: () => ['gpt-4.1'] });
    assert.deepEqual(live.models().map((m) => m.id), ['gpt-4.1']);
    assert.equal(live.plan(anthropicRequest('claude-opus-4-1')).candidates[0]!.upstreamModel, 'gpt-4.1');
  });

  it('a 403 (no consent yet) disables the account until the next config update; Blocked (429) cools the model', () => {
    const clock = fakeClock();
    const cfg = config([account('v', 'vscode-lm', { models: ['gpt-4o'] })]);
    const pool = createAccountPool(cfg, { now: clock.now });
    const plan = pool.plan(anthropicRequest('gpt-4o'));
    pool.report(plan.candidates[0]!, { ok: false, error: new ProxyError('permission', 'run the command', { status: 403 }) }, plan);
    assert.equal(pool.status()[0]!.state, 'disabled');
    pool.update(cfg);
    assert.equal(pool.status()[0]!.state, 'ready', 'consent is re-examined after the Allow command reloads the config');
    pool.report(plan.candidates[0]!, { ok: false, error: new ProxyError('rate_limit', 'blocked', { status: 429, retryAfterSeconds: 60 }) }, plan);
    assert.equal(pool.status()[0]!.state, 'cooling');
    assert.throws(() => pool.plan(anthropicRequest('gpt-4o')), (e: unknown) => e instanceof ProxyError && e.status === 429);
  });
});
