import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KEY_PLACEHOLDER, baseUrls, buildSnippets, type SnippetId } from '../../../src/shared/snippets';

const byId = (key?: string) => {
  const list = buildSnippets({ host: '127.0.0.1', port: 8045, ...(key ? { apiKey: key } : {}) });
  return Object.fromEntries(list.map((s) => [s.id, s.code])) as Record<SnippetId, string>;
};

test('every client has a snippet, in the documented order', () => {
  const documented: SnippetId[] = [
    'curl', 'openai-python', 'openai-node', 'anthropic-sdk', 'claude-code',
    'kilo-code', 'codex', 'gemini-cli', 'google-generativeai', 'google-genai',
  ];
  assert.deepEqual(buildSnippets({ host: '127.0.0.1', port: 8045 }).map((s) => s.id), documented);
});

test('OpenAI-style clients get /v1; Anthropic, Claude Code, Gemini get the bare origin', () => {
  const s = byId();
  assert.match(s.curl, /http:\/\/127\.0\.0\.1:8045\/v1\/chat\/completions/);
  assert.match(s['openai-python'], /base_url="http:\/\/127\.0\.0\.1:8045\/v1"/);
  assert.match(s['openai-node'], /baseURL: "http:\/\/127\.0\.0\.1:8045\/v1"/);
  assert.match(s['kilo-code'], /Base URL:\s+http:\/\/127\.0\.0\.1:8045\/v1$/m);
  assert.match(s.codex, /base_url = "http:\/\/127\.0\.0\.1:8045\/v1"/);
  assert.match(s["anthropic-sdk"], /base_url="http:\/\/127\.0\.0\.1:8045",/);
  assert.match(s['claude-code'], /^export ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:8045$/m);
  assert.match(s['gemini-cli'], /^export GOOGLE_GEMINI_BASE_URL=http:\/\/127\.0\.0\.1:8045$/m);
  assert.match(s['google-genai'], /httpOptions: \{ baseUrl: "http:\/\/127\.0\.0\.1:8045" \}/);
  assert.match(s['google-generativeai'], /"api_endpoint": "http:\/\/127\.0\.0\.1:8045"/);
  for (const id of ['anthropic-sdk', 'claude-code', 'gemini-cli', 'google-genai', 'google-generativeai'] as const) {
    assert.doesNotMatch(s[id], /8045\/v1/, `${id} must not carry /v1`);
  }
});

test('Codex uses the Responses wire API and an env key', () => {
  const codex = byId().codex;
  assert.match(codex, /^wire_api = "responses"$/m);
  assert.match(codex, /^env_key = "ANTIGRAVITY_API_KEY"$/m);
  assert.match(codex, /^model_provider = "antigravity"$/m);
  assert.match(codex, /^\[model_providers\.antigravity\]$/m);
});

test('Claude Code uses ANTHROPIC_AUTH_TOKEN (Bearer), Gemini CLI GEMINI_API_KEY', () => {
  const s = byId();
  assert.match(s['claude-code'], new RegExp(`^export ANTHROPIC_AUTH_TOKEN=${KEY_PLACEHOLDER}$`, 'm'));
  assert.match(s['gemini-cli'], new RegExp(`^export GEMINI_API_KEY=${KEY_PLACEHOLDER}$`, 'm'));
});

test('the key is a placeholder unless given; when given it appears in every snippet', () => {
  const key = 'sk-0123456789abcdef0123456789abcdef';
  for (const code of Object.values(byId())) {
    assert.ok(code.includes(KEY_PLACEHOLDER));
    assert.ok(!code.includes('sk-0123'));
  }
  for (const [id, code] of Object.entries(byId(key))) {
    assert.ok(code.includes(key), id);
    assert.ok(!code.includes(KEY_PLACEHOLDER), id);
  }
});

test('the curl body is valid JSON and the port is honoured', () => {
  const curl = buildSnippets({ host: '127.0.0.1', port: 9123 }).find((s) => s.id === 'curl')!.code;
  const body = /-d '(.*)'$/m.exec(curl)![1]!;
  assert.equal(JSON.parse(body).messages[0].role, 'user');
  assert.match(curl, /:9123\/v1\//);
});

test('string literals are escaped, so odd keys cannot break the code', () => {
  const s = buildSnippets({ host: '127.0.0.1', port: 8045, apiKey: 'sk-a"b\\c' });
  const py = s.find((x) => x.id === 'openai-python')!.code;
  assert.ok(py.includes('api_key="sk-a\\"b\\\\c"'));
});

test('IPv6 hosts are bracketed', () => {
  assert.equal(baseUrls('::1', 8045).openai, 'http://[::1]:8045/v1');
  assert.equal(baseUrls('localhost', 1).origin, 'http://localhost:1');
});
