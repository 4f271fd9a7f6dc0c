import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig, type ProxyConfig } from '../../../src/core/config';
import {
  claudeCodeCompactWindow, gateWindow, LearnedLimits, limitsFromGemini, limitsFromOpenAI, modelLimits,
} from '../../../src/upstream/model-catalog';
import { validateConfig } from '../../../src/core/validate-config';

function cfg(patch: Partial<ProxyConfig>): ProxyConfig {
  return { ...defaultConfig(), ...patch };
}

test('built-in catalog, then discovered values, then config overrides (exact beats wildcard)', () => {
  const learned = new LearnedLimits();
  const c = cfg({ models: { 'gpt-4o*': { contextWindow: 64_000 }, 'gpt-4o-mini': { maxOutputTokens: 1000 } } });
  assert.deepEqual(modelLimits(cfg({}), 'claude-sonnet-4-5'), { contextWindow: 200_000, maxOutputTokens: 64_000 });
  assert.deepEqual(modelLimits(c, 'gpt-4o-mini'), { contextWindow: 64_000, maxOutputTokens: 1000 });
  assert.equal(modelLimits(cfg({}), 'unknown-model'), undefined);
  const [id, lim] = limitsFromGemini({ name: 'models/my-gem', inputTokenLimit: 32_768, outputTokenLimit: 8192 })!;
  learned.learn(id, lim);
  assert.deepEqual(modelLimits(cfg({}), 'my-gem', learned), { contextWindow: 32_768, maxOutputTokens: 8192 });
  assert.equal(modelLimits(cfg({}), 'my-gem'), undefined, 'per server, not process-wide');
  assert.equal(modelLimits(cfg({ models: { 'my-*': { contextWindow: 1000 } } }), 'my-gem', learned)?.contextWindow, 1000, 'config beats discovered');
  const [oid, olim] = limitsFromOpenAI({ id: 'qwen-local', context_length: 32_000 })!;
  learned.learn(oid, olim);
  assert.equal(modelLimits(cfg({}), 'qwen-local', learned)?.contextWindow, 32_000);
  learned.learn('bad', { contextWindow: -1 });
  assert.equal(modelLimits(cfg({}), 'bad', learned), undefined);
});

test('gate: the largest window among serving accounts; unknown when any is unknown', () => {
  const accounts: ProxyConfig['accounts'] = [
    { id: 'a', kind: 'openai', label: 'a', enabled: true, models: ['gpt-4o'] },
    { id: 'b', kind: 'gemini', label: 'b', enabled: true },
  ];
  assert.equal(gateWindow(cfg({ accounts }), 'gpt-4o'), 128_000);
  assert.equal(gateWindow(cfg({ accounts, modelMapping: { 'claude-*': 'gemini-2.5-pro' } }), 'claude-opus-4-8'), 1_048_576);
  const lm: ProxyConfig['accounts'] = [{ id: 'c', kind: 'vscode-lm', label: 'c', enabled: true }];
  assert.equal(gateWindow(cfg({ accounts: lm }), 'gpt-4o'), undefined);
  // VS Code reports maxInputTokens through its provider.
  const local = { models: () => ['copilot-gpt-4o'], limits: () => ({ contextWindow: 64_000 }) };
  assert.equal(gateWindow(cfg({ accounts: lm }), 'gpt-4o', undefined, local), 64_000);
});

test('Configure Claude Code: a compaction window only when the served model is smaller than Claude', () => {
  const openai: ProxyConfig['accounts'] = [{ id: 'a', kind: 'openai', label: 'a', enabled: true, models: ['gpt-4o'] }];
  assert.equal(claudeCodeCompactWindow(cfg({ accounts: openai }), 'claude-sonnet-4-5'), 128_000);
  const anthropic: ProxyConfig['accounts'] = [{ id: 'b', kind: 'anthropic', label: 'b', enabled: true }];
  assert.equal(claudeCodeCompactWindow(cfg({ accounts: anthropic }), 'claude-sonnet-4-5'), undefined);
});

test('config: models and compactionModel are validated, naming the field', () => {
  assert.deepEqual(validateConfig({ models: { 'x-*': { contextWindow: 1000, maxOutputTokens: 10 } }, compactionModel: 'gemini-2.5-flash' }), []);
  const p = validateConfig({ models: { x: { contextWindow: 0 } }, compactionModel: 3 });
  assert.deepEqual(p.map((x) => x.field).sort(), ['compactionModel', 'models.x.contextWindow']);
});
