import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../../src/core/config';
import {
  globMatch, resolveAccountModel, resolveModelMapping, tierOf, zaiModelFor,
} from '../../../src/upstream/model-mapping';
import { PROVIDERS } from '../../../src/upstream/providers/registry';

const zaiModels = defaultConfig().zai.models;

describe('resolveModelMapping', () => {
  const rules = {
    '*': 'catch-all',
    'claude-*': 'gemini-2.5-pro',
    'claude-*-haiku-*': 'gemini-2.5-flash',
    'claude-3-5-haiku-20241022': 'exact-target',
    'gpt-4*': 'first',
    'gpt-*o': 'second',
  };
  it('exact beats every wildcard', () => {
    assert.equal(resolveModelMapping(rules, 'claude-3-5-haiku-20241022'), 'exact-target');
    // same literal length, wildcard listed first: still the exact rule
    assert.equal(resolveModelMapping({ 'gpt-4o*': 'wild', 'gpt-4o': 'exact' }, 'gpt-4o'), 'exact');
  });
  it('the most literal characters win', () => {
    assert.equal(resolveModelMapping(rules, 'claude-3-haiku-2024'), 'gemini-2.5-flash');
    assert.equal(resolveModelMapping(rules, 'claude-opus-4'), 'gemini-2.5-pro');
    assert.equal(resolveModelMapping(rules, 'llama3'), 'catch-all');
  });
  it('ties go to the rule listed first', () => assert.equal(resolveModelMapping(rules, 'gpt-4o'), 'first'));
  it('case-insensitive, no match → undefined', () => {
    assert.equal(resolveModelMapping({ 'Claude-*': 'x' }, 'claude-opus'), 'x');
    assert.equal(resolveModelMapping({ 'claude-*': 'x' }, 'gemini-2.5-pro'), undefined);
  });
  it('glob: * matches nothing too, regex characters are literal', () => {
    assert.ok(globMatch('gpt-4o*', 'gpt-4o'));
    assert.ok(!globMatch('gpt-4.1', 'gpt-401'));
  });
});

describe('resolveAccountModel', () => {
  it('native models pass through', () => {
    assert.deepEqual(resolveAccountModel({ kind: 'gemini' }, 'gemini-2.5-flash', zaiModels), { upstreamModel: 'gemini-2.5-flash', substitute: false });
    assert.deepEqual(resolveAccountModel({ kind: 'openai' }, 'o3-mini', zaiModels), { upstreamModel: 'o3-mini', substitute: false });
    assert.deepEqual(resolveAccountModel({ kind: 'anthropic' }, 'claude-opus-4-1', zaiModels), { upstreamModel: 'claude-opus-4-1', substitute: false });
    assert.deepEqual(resolveAccountModel({ kind: 'zai' }, 'glm-4.6', zaiModels), { upstreamModel: 'glm-4.6', substitute: false });
  });
  it('unknown families pass through (OpenRouter, Ollama)', () => {
    assert.equal(resolveAccountModel({ kind: 'openai' }, 'llama3.1:8b', zaiModels)?.upstreamModel, 'llama3.1:8b');
    assert.equal(resolveAccountModel({ kind: 'openai' }, 'anthropic/claude-sonnet-4', zaiModels)?.upstreamModel, 'anthropic/claude-sonnet-4');
  });
  it('Claude Code on a Gemini-only or OpenAI-only pool: documented defaults', () => {
    assert.deepEqual(resolveAccountModel({ kind: 'gemini' }, 'claude-haiku-4-5-20251001', zaiModels), { upstreamModel: 'gemini-2.5-flash', substitute: true });
    assert.equal(resolveAccountModel({ kind: 'gemini' }, 'claude-opus-4-8', zaiModels)?.upstreamModel, 'gemini-2.5-pro');
    assert.equal(resolveAccountModel({ kind: 'gemini' }, 'claude-sonnet-4-5', zaiModels)?.upstreamModel, PROVIDERS.gemini.defaultModels(zaiModels)!.sonnet);
    assert.equal(resolveAccountModel({ kind: 'openai' }, 'claude-sonnet-4-5', zaiModels)?.upstreamModel, 'gpt-4o');
    assert.equal(resolveAccountModel({ kind: 'openai' }, 'claude-3-5-haiku-latest', zaiModels)?.upstreamModel, 'gpt-4o-mini');
    assert.equal(resolveAccountModel({ kind: 'anthropic' }, 'gpt-5', zaiModels)?.upstreamModel, 'claude-sonnet-4-5');
    assert.equal(resolveAccountModel({ kind: 'zai' }, 'claude-opus-4-8', zaiModels)?.upstreamModel, zaiModels.opus);
  });
  it('allow-lists with wildcards decide; a stand-in must be allowed too', () => {
    const acc = { kind: 'openai' as const, models: ['gpt-4o*', 'deepseek-chat'] };
    assert.deepEqual(resolveAccountModel(acc, 'gpt-4o-mini', zaiModels), { upstreamModel: 'gpt-4o-mini', substitute: false });
    assert.equal(resolveAccountModel(acc, 'gpt-5', zaiModels), undefined, 'own family, not listed');
    assert.equal(resolveAccountModel(acc, 'llama3', zaiModels), undefined, 'unknown family, not listed');
    assert.equal(resolveAccountModel(acc, 'claude-sonnet-4-5', zaiModels)?.upstreamModel, 'gpt-4o', 'default allowed by gpt-4o*');
    const deepseek = { kind: 'openai' as const, models: ['deepseek-chat'] };
    assert.deepEqual(resolveAccountModel(deepseek, 'claude-sonnet-4-5', zaiModels), { upstreamModel: 'deepseek-chat', substitute: true });
    assert.equal(resolveAccountModel({ kind: 'gemini', models: ['gemini-*'] }, 'claude-haiku-4-5', zaiModels)?.upstreamModel, 'gemini-2.5-flash');
    assert.equal(resolveAccountModel({ kind: 'gemini', models: [] }, 'gemini-3-pro', zaiModels)?.upstreamModel, 'gemini-3-pro', 'empty = any');
  });
  it('vscode-lm is not routed yet', () => assert.equal(resolveAccountModel({ kind: 'vscode-lm' }, 'gpt-4o', zaiModels), undefined));
});

describe('tiers and z.ai', () => {
  it('tierOf', () => {
    assert.equal(tierOf('claude-opus-4-1'), 'opus');
    assert.equal(tierOf('claude-3-5-haiku'), 'haiku');
    assert.equal(tierOf('gemini-2.5-flash-lite'), 'haiku');
    assert.equal(tierOf('gpt-5'), 'sonnet');
  });
  it('zaiModelFor: families → configured GLM models, glm-* passthrough', () => {
    const models = { opus: 'glm-opus', sonnet: 'glm-sonnet', haiku: 'glm-haiku' };
    assert.equal(zaiModelFor('claude-opus-4-8', models), 'glm-opus');
    assert.equal(zaiModelFor('claude-sonnet-4-5-20250929', models), 'glm-sonnet');
    assert.equal(zaiModelFor('claude-haiku-4-5', models), 'glm-haiku');
    assert.equal(zaiModelFor('glm-4.5-air', models), 'glm-4.5-air');
  });
});
