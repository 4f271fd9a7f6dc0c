import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCOUNT_PRESETS, defaultAccountName } from '../../../../src/host/accounts/add-account-input';
import { addAccountPlan, modelsToSave, offeredName, runSteps, type AddStep, type StepResult } from '../../../../src/host/accounts/add-account-steps';

const preset = (id: string) => ACCOUNT_PRESETS.find((p) => p.id === id)!;

test('the step order users and tests know; vscode-lm asks vendor and family; a given preset skips the kind', () => {
  assert.deepEqual(addAccountPlan({ askKind: true }), ['kind', 'url', 'key', 'name', 'verify']);
  assert.deepEqual(addAccountPlan({ askKind: true, kind: 'openai', pickModels: true }), ['kind', 'url', 'key', 'name', 'verify', 'models']);
  assert.deepEqual(addAccountPlan({ askKind: true, kind: 'vscode-lm' }), ['kind', 'vendor', 'family', 'name']);
  assert.deepEqual(addAccountPlan({ askKind: false, kind: 'vscode-lm' }), ['vendor', 'family', 'name']);
});

test('runSteps: Back returns to the previous step (never before the first), the plan is re-read each step, cancel ends', async () => {
  const seen: string[] = [];
  let pick = false;
  const answers: Record<string, StepResult[]> = { kind: ['next', 'next'], url: ['next', 'next'], key: ['back', 'next'], name: ['next'], verify: ['next'], models: ['next'] };
  const ok = await runSteps<AddStep>(() => addAccountPlan({ askKind: true, kind: 'openai', pickModels: pick }), async (id, k, n) => {
    seen.push(`${id} ${k}/${n}`);
    if (id === 'verify') pick = true; // verify listed models: the plan grows
    return answers[id]!.shift()!;
  });
  assert.equal(ok, true);
  assert.deepEqual(seen, ['kind 1/5', 'url 2/5', 'key 3/5', 'url 2/5', 'key 3/5', 'name 4/5', 'verify 5/5', 'models 6/6']);
  const backs: string[] = [];
  assert.equal(await runSteps(() => ['a', 'b'], async (id) => { backs.push(id); return backs.length < 3 ? 'back' : 'cancel'; }), false);
  assert.deepEqual(backs, ['a', 'a', 'a'], 'Back on the first step stays there');
});

test('default names: the preset brand at its own URL, else the URL host; never "Other OpenAI-compatible"', () => {
  assert.equal(defaultAccountName(preset('ollama'), 'http://127.0.0.1:11434/v1'), 'Ollama');
  assert.equal(defaultAccountName(preset('ollama'), 'http://127.0.0.1:11434/v1/'), 'Ollama');
  assert.equal(defaultAccountName(preset('openai'), 'https://api.openai.com/v1'), 'OpenAI');
  assert.equal(defaultAccountName(preset('anthropic'), 'https://gateway.example.org/anthropic'), 'gateway.example.org');
  assert.equal(defaultAccountName(preset('openai-compatible'), 'https://api.together.xyz/v1'), 'together.xyz');
  assert.equal(defaultAccountName(preset('openai-compatible'), 'http://127.0.0.1:8000/v1'), '127.0.0.1:8000');
  for (const p of ACCOUNT_PRESETS) assert.notEqual(defaultAccountName(p, p.baseUrl ?? 'http://127.0.0.1:8000/v1'), 'Other OpenAI-compatible');
});

test('the name step keeps a name the user typed and follows the default otherwise', () => {
  assert.equal(offeredName(undefined, undefined, 'Ollama'), 'Ollama');
  assert.equal(offeredName('Ollama', 'Ollama', 'example.com'), 'example.com', 'the default was accepted: it follows the new URL');
  assert.equal(offeredName('My box', 'Ollama', 'example.com'), 'My box');
});

test('models to save from the all-selected pick: all ticked → no list (serve everything), else the ticked ones', () => {
  assert.equal(modelsToSave(['a', 'b'], ['a', 'b']), undefined);
  assert.deepEqual(modelsToSave(['a', 'b', 'c'], ['c']), ['c']);
});
