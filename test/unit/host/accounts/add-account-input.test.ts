import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ACCOUNT_PRESETS, modelsRequest, parseModelList, parseModelsResponse, validateAccountKey, validateBaseUrl, validateLabel,
} from '../../../../src/host/accounts/add-account-input';
import type { StoredAccount } from '../../../../src/host/accounts/stored-account';

test('presets cover the issue list', () => {
  const labels = ACCOUNT_PRESETS.map((p) => p.label).join('|');
  for (const name of ['Gemini', 'Anthropic', 'z.ai', 'OpenAI', 'OpenRouter', 'DeepSeek', 'Ollama', 'LM Studio', 'VS Code']) assert.ok(labels.includes(name), name);
  for (const p of ACCOUNT_PRESETS) if (p.baseUrl) assert.equal(validateBaseUrl(p.baseUrl), undefined, p.id);
  assert.ok(ACCOUNT_PRESETS.find((p) => p.id === 'ollama')!.keyOptional);
  assert.ok(!ACCOUNT_PRESETS.find((p) => p.id === 'openai')!.keyOptional);
});

test('base URL validation', () => {
  assert.equal(validateBaseUrl('https://api.example.com/v1'), undefined);
  assert.equal(validateBaseUrl('http://127.0.0.1:11434/v1'), undefined);
  assert.ok(validateBaseUrl('api.example.com'));
  assert.ok(validateBaseUrl('ftp://x.y'));
  assert.ok(validateBaseUrl('https://user:pw@x.y'));
  assert.ok(validateBaseUrl('https://x.y/v1?key=abc'));
});

test('account key and label validation', () => {
  assert.equal(validateAccountKey('', true), undefined);
  assert.ok(validateAccountKey('', false));
  assert.ok(validateAccountKey('short', false));
  assert.ok(validateAccountKey('has space inside', false));
  assert.equal(validateAccountKey('AIzaSyA-valid-key', false), undefined);
  const existing = [{ id: '1', kind: 'openai', label: 'Ollama', enabled: true, createdAt: 0 }] as StoredAccount[];
  assert.ok(validateLabel('ollama', existing));
  assert.ok(validateLabel('  ', existing));
  assert.equal(validateLabel('LM Studio', existing), undefined);
});

test('models request per kind', () => {
  assert.deepEqual(modelsRequest('openai', 'http://127.0.0.1:11434/v1/', ''), { url: 'http://127.0.0.1:11434/v1/models', headers: {}, redirect: 'manual' });
  assert.deepEqual(modelsRequest('openai', 'https://openrouter.ai/api/v1', 'k'), { url: 'https://openrouter.ai/api/v1/models', headers: { authorization: 'Bearer k' }, redirect: 'manual' });
  assert.equal(modelsRequest('gemini', 'https://generativelanguage.googleapis.com', 'g')!.headers['x-goog-api-key'], 'g');
  assert.match(modelsRequest('gemini', 'https://generativelanguage.googleapis.com', 'g')!.url, /\/v1beta\/models/);
  assert.equal(modelsRequest('zai', 'https://api.z.ai/api/anthropic', 'z')!.url, 'https://api.z.ai/api/anthropic/v1/models?limit=1000');
  assert.equal(modelsRequest('vscode-lm', '', ''), undefined);
});

test('model lists of every dialect parse', () => {
  assert.deepEqual(parseModelsResponse({ data: [{ id: 'b' }, { id: 'a' }, { id: 'a' }, { nope: 1 }] }), ['a', 'b']);
  assert.deepEqual(parseModelsResponse({ models: [{ name: 'models/gemini-3-flash' }] }), ['gemini-3-flash']);
  assert.deepEqual(parseModelsResponse(null), []);
  assert.deepEqual(parseModelList('a, b  c,,a'), ['a', 'b', 'c']);
});

test('Add Account… never offers the demo kind (headless / first run only), and it lists no models', () => {
  assert.ok(ACCOUNT_PRESETS.length > 0);
  assert.ok(ACCOUNT_PRESETS.every((p) => p.kind !== 'demo'));
  assert.equal(modelsRequest('demo', '', ''), undefined);
});
