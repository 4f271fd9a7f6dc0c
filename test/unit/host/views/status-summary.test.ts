import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountStatus } from '../../../../src/upstream/pool-types';
import type { StoredAccount } from '../../../../src/host/accounts/stored-account';
import { allCoolingModels, statusDetails } from '../../../../src/host/views/status-summary';

const NOW = 1_000_000;
const acc = (id: string, over: Partial<StoredAccount> = {}): StoredAccount => ({ id, kind: 'openai', label: id, enabled: true, createdAt: 0, ...over });
const live = (id: string, over: Partial<AccountStatus> = {}): AccountStatus => ({ id, label: id, kind: 'openai', enabled: true, state: 'ready', requests: 0, tokens: 0, ...over });
const cool = (...models: string[]) => ({ state: 'cooling' as const, coolingModels: models.map((model) => ({ model, until: NOW + 1000 })) });

test('a model is "all cooling" only when every account that could serve it cools on it', () => {
  const accounts = [acc('a'), acc('b')];
  assert.deepEqual(allCoolingModels(accounts, [live('a', cool('gpt-4o')), live('b')], NOW), [], 'b (no list, same kind) may serve it');
  assert.deepEqual(allCoolingModels(accounts, [live('a', cool('gpt-4o')), live('b', cool('gpt-4o', 'o3'))], NOW), ['gpt-4o'], 'o3: a (no list, same kind) may serve it');
});

test('explicit model lists and kinds decide who serves a model; disabled accounts serve nothing', () => {
  const accounts = [acc('a', { models: ['gpt-4o'] }), acc('b', { models: ['o3'] }), acc('g', { kind: 'gemini' }), acc('d')];
  const states = [live('a', cool('gpt-4o')), live('b'), live('g', { kind: 'gemini' }), live('d', { state: 'disabled' })];
  assert.deepEqual(allCoolingModels(accounts, states, NOW), ['gpt-4o'], 'b lists other models, g is another kind, d is disabled');
  // A cooldown that has run out is not cooling.
  assert.deepEqual(allCoolingModels(accounts, [live('a', { coolingModels: [{ model: 'gpt-4o', until: NOW - 1 }] })], NOW), []);
  // A user-disabled account (stored) is no server either.
  assert.deepEqual(allCoolingModels([acc('a'), acc('b', { enabled: false })], [live('a', cool('m')), live('b')], NOW), ['m']);
});

test('statusDetails counts accounts by state; while stopped nothing cools and every enabled account counts as ready', () => {
  const accounts = [acc('a'), acc('b'), acc('c', { enabled: false }), acc('d')];
  const states = [live('a'), live('b', cool('m')), live('d', { state: 'disabled' })];
  assert.deepEqual(statusDetails(accounts, states, true, NOW, 7), {
    accounts: { total: 4, ready: 1, cooling: 1, disabled: 2 }, allCooling: [], requestsToday: 7,
  });
  assert.deepEqual(statusDetails(accounts, states, false, NOW), { accounts: { total: 4, ready: 3, cooling: 0, disabled: 1 }, allCooling: [] });
});
