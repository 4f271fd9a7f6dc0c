import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KEY_PLACEHOLDER, NO_AUTH_KEY, buildSnippets, type SnippetId } from '../../../src/shared/snippets';
import { pickSnippetModels, servedModelIds } from '../../../src/shared/snippets-models';

const byId = (input: Partial<Parameters<typeof buildSnippets>[0]>) =>
  Object.fromEntries(buildSnippets({ host: '127.0.0.1', port: 8045, ...input }).map((s) => [s.id, s.code])) as Record<SnippetId, string>;

test('auth off: no key header in curl, no env_key in Codex, SDKs get a dummy key (never the real one)', () => {
  const s = byId({ auth: false, apiKey: 'sk-0123456789abcdef' });
  assert.doesNotMatch(s.curl, /Authorization/);
  assert.match(s.curl, /-d '\{/);
  assert.doesNotMatch(s.codex, /env_key|ANTIGRAVITY_API_KEY/);
  assert.match(s.codex, /^wire_api = "responses"$/m);
  for (const [id, code] of Object.entries(s)) {
    assert.ok(!code.includes('sk-0123'), `${id} leaks the key while auth is off`);
    assert.ok(!code.includes(KEY_PLACEHOLDER), `${id} asks for a key that is not checked`);
  }
  assert.match(s['openai-python'], new RegExp(`api_key="${NO_AUTH_KEY}"`));
});

test('auth on: the key header and the env key are there', () => {
  const s = byId({ auth: true });
  assert.match(s.curl, new RegExp(`-H "Authorization: Bearer ${KEY_PLACEHOLDER}"`));
  assert.match(s.codex, /^env_key = "ANTIGRAVITY_API_KEY"$/m);
});

test('served models: each client family gets its own kind of model, else the first served one', () => {
  assert.deepEqual(pickSnippetModels(['claude-sonnet-4-5', 'gpt-5-mini', 'gemini-2.5-pro']),
    { openai: 'gpt-5-mini', anthropic: 'claude-sonnet-4-5', gemini: 'gemini-2.5-pro' });
  assert.deepEqual(pickSnippetModels(['qwen3:8b', 'llama3.2']), { openai: 'qwen3:8b', anthropic: 'qwen3:8b', gemini: 'qwen3:8b' });
  assert.deepEqual(pickSnippetModels([' ', '']), {});
  assert.deepEqual(pickSnippetModels([]), {});
});

test('served model ids: enabled accounts only, literal names only, in account order', () => {
  const ids = servedModelIds([
    { enabled: true, models: ['qwen3:8b', 'gpt-*'] },
    { enabled: false, models: ['claude-opus-4-1'] },
    { enabled: true },
    { enabled: true, models: ['glm-4.6', ' '] },
  ]);
  assert.deepEqual(ids, ['qwen3:8b', 'glm-4.6']);
});

test('snippets show the served models, not a hard-coded example', () => {
  const s = byId({ models: pickSnippetModels(servedModelIds([{ enabled: true, models: ['qwen3:8b'] }])) });
  for (const id of ['curl', 'openai-python', 'openai-node', 'kilo-code', 'codex', 'anthropic-sdk', 'google-genai', 'google-generativeai'] as const) {
    assert.match(s[id], /qwen3:8b/, id);
    assert.doesNotMatch(s[id], /gpt-4o-mini|claude-sonnet-4-5|gemini-3-flash/, id);
  }
});
