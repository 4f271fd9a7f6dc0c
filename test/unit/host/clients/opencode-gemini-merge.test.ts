/** Configure opencode / Kilo Code / Gemini CLI (issue 21): JSON(C) and dotenv merges keep the user's content. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { geminiState, mergeGeminiEnv, mergeGeminiSettings, GEMINI_NO_AUTH_KEY } from '../../../../src/host/clients/gemini-merge';
import { mergeOpencodeConfig, opencodeState } from '../../../../src/host/clients/opencode-merge';

const URL = 'http://127.0.0.1:8045/v1';
const MODELS = [
  { id: 'gemini-3-flash', contextWindow: 1_048_576, maxOutputTokens: 65_536 },
  { id: 'claude-sonnet-4-5', contextWindow: 200_000, maxOutputTokens: 64_000 },
  { id: 'local-only', contextWindow: 32_000 },
];
const ok = <T extends { ok: boolean }>(r: T) => { assert.ok(r.ok, JSON.stringify(r)); return r as Extract<T, { ok: true }>; };

test('opencode: a new file gets $schema, the provider with the served models and their limits (golden)', () => {
  const r = ok(mergeOpencodeConfig(undefined, { baseUrl: URL, apiKey: 'sk-proxy-1234567890', models: MODELS, model: 'gemini-3-flash', schema: 'https://opencode.ai/config.json' }));
  assert.deepEqual(JSON.parse(r.text), {
    $schema: 'https://opencode.ai/config.json',
    provider: {
      antigravity: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Antigravity Proxy',
        options: { baseURL: URL, apiKey: 'sk-proxy-1234567890' },
        models: {
          'claude-sonnet-4-5': { name: 'claude-sonnet-4-5', tool_call: true, limit: { context: 200000, output: 64000 } },
          'gemini-3-flash': { name: 'gemini-3-flash', tool_call: true, limit: { context: 1048576, output: 65536 } },
          // Only the window known: no guessed output limit.
          'local-only': { name: 'local-only', tool_call: true },
        },
      },
    },
    model: 'antigravity/gemini-3-flash',
  });
});

const USER = `{
  // my opencode config
  "$schema": "https://opencode.ai/config.json",
  "theme": "tokyonight",
  "provider": {
    "ollama": { "npm": "@ai-sdk/openai-compatible", "options": { "baseURL": "http://localhost:11434/v1" } },
    "antigravity": {
      "options": { "baseURL": "http://127.0.0.1:9999/v1", "apiKey": "sk-old-key-123456", "timeout": 600000 },
      "models": { "stale": { "name": "stale" } }
    }
  },
  "model": "ollama/qwen3",
}
`;

test('opencode/Kilo: comments, other providers, our provider\'s other options and the user\'s model are kept; auth off removes the key', () => {
  const r = ok(mergeOpencodeConfig(USER, { baseUrl: URL, models: MODELS.slice(0, 1), schema: 'https://kilo.ai/config.json' }));
  assert.match(r.text, /^ {2}\/\/ my opencode config$/m);
  assert.match(r.text, /"theme": "tokyonight"/);
  assert.match(r.text, /"model": "ollama\/qwen3"/, 'no model chosen: theirs stays');
  assert.match(r.text, /"ollama": \{ "npm": "@ai-sdk\/openai-compatible", "options": \{ "baseURL": "http:\/\/localhost:11434\/v1" \} \}/);
  assert.match(r.text, /"timeout": 600000/);
  assert.ok(!r.text.includes('sk-old-key'), 'auth off: the old key is removed');
  assert.ok(!r.text.includes('stale'), 'the model list is the served one');
  assert.ok(!r.text.includes('kilo.ai'), '$schema only for a new file');
  assert.equal(opencodeState(r.text, { baseUrl: URL }), 'configured');
  assert.equal(opencodeState(USER, { baseUrl: URL }), 'out of date');
  assert.equal(opencodeState('{"theme":"x"}', { baseUrl: URL }), 'not configured');
  const again = ok(mergeOpencodeConfig(r.text, { baseUrl: URL, models: MODELS.slice(0, 1), schema: 'https://kilo.ai/config.json' }));
  assert.equal(again.text, r.text, 'idempotent');
  assert.equal(again.changed, false);
  const authOn = ok(mergeOpencodeConfig(r.text, { baseUrl: URL, apiKey: 'sk-proxy-1234567890', models: MODELS.slice(0, 1), schema: '' }));
  assert.equal(opencodeState(authOn.text, { baseUrl: URL, apiKey: 'sk-proxy-1234567890' }), 'configured');
  assert.equal(opencodeState(authOn.text, { baseUrl: URL }), 'out of date');
});

test('opencode: a file that is not JSON, or a "provider" that is not an object, is refused', () => {
  assert.match((mergeOpencodeConfig('{ "a": ', { baseUrl: URL, models: [], schema: '' }) as { error: string }).error, /not valid JSON/);
  assert.match((mergeOpencodeConfig('{ "provider": "x" }', { baseUrl: URL, models: [], schema: '' }) as { error: string }).error, /"provider" in the file is not an object/);
  assert.match((mergeOpencodeConfig('[1]', { baseUrl: URL, models: [], schema: '' }) as { error: string }).error, /not contain a JSON object/);
});

test('Gemini CLI: settings.json selects API-key auth and keeps the rest; .env gets the base URL and key (golden)', () => {
  const settings = '{\n  "general": { "vimMode": true },\n  "security": { "auth": { "selectedType": "oauth-personal" }, "folderTrust": { "enabled": true } }\n}\n';
  const s = ok(mergeGeminiSettings(settings, { baseUrl: 'http://127.0.0.1:8045', apiKey: 'sk-proxy-1234567890' }));
  assert.deepEqual(JSON.parse(s.text), { general: { vimMode: true }, security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: true } } });
  const env = ok(mergeGeminiEnv('# mine\nGOOGLE_CLOUD_PROJECT=p1\nexport GEMINI_API_KEY=AIza-real\n', { baseUrl: 'http://127.0.0.1:8045', apiKey: 'sk-proxy-1234567890' }));
  assert.equal(env.text, '# mine\nGOOGLE_CLOUD_PROJECT=p1\nGEMINI_API_KEY=sk-proxy-1234567890\nGOOGLE_GEMINI_BASE_URL=http://127.0.0.1:8045\n');
  assert.equal(geminiState(s.text, env.text, { baseUrl: 'http://127.0.0.1:8045', apiKey: 'sk-proxy-1234567890' }), 'configured');
  assert.equal(geminiState(settings, env.text, { baseUrl: 'http://127.0.0.1:8045', apiKey: 'sk-proxy-1234567890' }), 'out of date');
  assert.equal(geminiState(s.text, undefined, { baseUrl: 'http://127.0.0.1:8045' }), 'not configured');
  // Idempotent; auth off writes the placeholder Gemini CLI needs.
  assert.equal(ok(mergeGeminiEnv(env.text, { baseUrl: 'http://127.0.0.1:8045', apiKey: 'sk-proxy-1234567890' })).changed, false);
  assert.equal(ok(mergeGeminiSettings(s.text, { baseUrl: '' })).changed, false);
  const off = ok(mergeGeminiEnv(undefined, { baseUrl: 'http://127.0.0.1:8045' }));
  assert.equal(off.text, `GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:8045\nGEMINI_API_KEY=${GEMINI_NO_AUTH_KEY}\n`);
});
