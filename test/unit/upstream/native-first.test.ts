import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccountPool } from '../../../src/upstream/pool';
import { account, config, fakeClock } from './helpers';

const chat = (model: string) => ({ clientDialect: 'openai-chat' as const, clientModel: model, headers: {}, body: { model, messages: [] } });

test('native first: owner, then passthrough, then translated, then stand-ins; the scheduler within a tier', () => {
  const pool = createAccountPool(config([
    account('router', 'openai', { models: ['*'], priority: 9 }),
    account('gem', 'gemini', { models: ['*'], priority: 8 }),
    account('gem-default', 'gemini', { priority: 7 }),
    account('ant-1', 'anthropic', { priority: 1 }),
    account('ant-2', 'anthropic', { priority: 2 }),
  ], { scheduling: 'fill-first' }), fakeClock());
  const ids = pool.plan(chat('claude-sonnet-4-5')).candidates.map((c) => c.account.id);
  assert.deepEqual(ids, ['ant-2', 'ant-1', 'router', 'gem', 'gem-default']);
});

test('native first under round-robin: the owners rotate among themselves, always ahead', () => {
  const pool = createAccountPool(config([
    account('router', 'openai', { models: ['*'] }),
    account('ant-1', 'anthropic'),
    account('ant-2', 'anthropic'),
  ], { scheduling: 'round-robin' }), fakeClock());
  const firsts = [0, 1, 2, 3].map(() => pool.plan(chat('claude-sonnet-4-5')).candidates.map((c) => c.account.id));
  assert.deepEqual(firsts.map((l) => l[0]), ['ant-1', 'ant-2', 'ant-1', 'ant-2']);
  assert.ok(firsts.every((l) => l[2] === 'router'));
});

test('z.ai pooled keeps rotating with the owners; fallback stays last', () => {
  const zai = { enabled: true, apiKey: 'zai-key', baseUrl: 'https://api.z.ai/api/anthropic', models: { opus: 'glm-4.7', sonnet: 'glm-4.7', haiku: 'glm-4.5-air' } };
  const req = { clientDialect: 'anthropic' as const, clientModel: 'claude-sonnet-4-5', headers: {}, body: { messages: [] } };
  const pooled = createAccountPool(config([account('ant-1', 'anthropic')], { scheduling: 'round-robin', zai: { ...zai, dispatchMode: 'pooled' } }), fakeClock());
  const firsts = [0, 1].map(() => pooled.plan(req).candidates[0]!.account.id);
  assert.deepEqual(firsts.sort(), ['ant-1', 'zai']);
  const fallback = createAccountPool(config([account('ant-1', 'anthropic')], { zai: { ...zai, dispatchMode: 'fallback' } }), fakeClock());
  assert.deepEqual(fallback.plan(req).candidates.map((c) => c.account.id), ['ant-1', 'zai']);
});
