/** Configure Codex (issue 21): the config.toml merge keeps everything but the statements we own. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codexState, mergeCodexConfig } from '../../../../src/host/clients/codex-merge';
import { tomlStatements } from '../../../../src/host/clients/toml-lines';

const URL = 'http://127.0.0.1:8045/v1';
const merged = (existing: string | undefined, input: Parameters<typeof mergeCodexConfig>[1]) => {
  const r = mergeCodexConfig(existing, input);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r;
};

test('a new file: top-level keys, then our table (golden); auth on names the key variable', () => {
  const r = merged(undefined, { baseUrl: URL, envKey: 'ANTIGRAVITY_PROXY_TOKEN', model: 'gpt-5' });
  assert.equal(r.text, `model_provider = "antigravity"
model = "gpt-5"

[model_providers.antigravity]
name = "Antigravity Proxy"
base_url = "http://127.0.0.1:8045/v1"
wire_api = "responses"
env_key = "ANTIGRAVITY_PROXY_TOKEN"
`);
  assert.equal(r.changed, true);
});

const USER = `# my Codex config
model = "o3" # the one I like
approval_policy = "on-request"

[model_providers.ollama]
name = "Ollama"
base_url = "http://localhost:11434/v1"

[model_providers.antigravity]
name = "Antigravity Proxy"
base_url = "http://127.0.0.1:9999/v1"  # an old port
env_key = "ANTIGRAVITY_PROXY_TOKEN"
request_max_retries = 0   # mine, kept
wire_api = "chat"

[profiles.fast]
model = "gpt-5-mini"
notes = """
[model_providers.antigravity]
model_provider = "not a key"
"""

[mcp_servers.docs]
command = "npx"
args = [
  "-y",
  "[not-a-header]",
]
`;

test('existing user content: other tables, comments, multi-line strings and arrays kept; our statements replaced in place (golden)', () => {
  const r = merged(USER, { baseUrl: URL, model: 'gpt-5' });
  assert.equal(r.text, `# my Codex config
model = "gpt-5"
approval_policy = "on-request"
model_provider = "antigravity"

[model_providers.ollama]
name = "Ollama"
base_url = "http://localhost:11434/v1"

[model_providers.antigravity]
name = "Antigravity Proxy"
base_url = "http://127.0.0.1:8045/v1"
request_max_retries = 0   # mine, kept
wire_api = "responses"

[profiles.fast]
model = "gpt-5-mini"
notes = """
[model_providers.antigravity]
model_provider = "not a key"
"""

[mcp_servers.docs]
command = "npx"
args = [
  "-y",
  "[not-a-header]",
]
`, 'auth off: env_key removed');
  assert.equal(codexState(r.text, { baseUrl: URL }), 'configured');
  assert.equal(codexState(USER, { baseUrl: URL }), 'out of date');
  assert.equal(codexState('model = "o3"\n', { baseUrl: URL }), 'not configured');
  assert.equal(codexState(r.text, { baseUrl: URL, envKey: 'ANTIGRAVITY_PROXY_TOKEN' }), 'out of date', 'auth turned on since');
});

test('re-running is idempotent (auth on and off), without a model the user\'s model stays', () => {
  for (const envKey of ['ANTIGRAVITY_PROXY_TOKEN', undefined]) {
    const once = merged(USER, { baseUrl: URL, ...(envKey ? { envKey } : {}) });
    const twice = merged(once.text, { baseUrl: URL, ...(envKey ? { envKey } : {}) });
    assert.equal(twice.text, once.text);
    assert.equal(twice.changed, false);
    assert.match(once.text, /^model = "o3" # the one I like$/m);
    assert.equal(/env_key/.test(once.text), envKey !== undefined);
  }
});

test('a file with tables only: the top-level keys go before the first table, not into it', () => {
  const r = merged('[features]\nplugins = false\n', { baseUrl: URL });
  assert.equal(r.text, 'model_provider = "antigravity"\n\n[features]\nplugins = false\n\n[model_providers.antigravity]\nname = "Antigravity Proxy"\nbase_url = "http://127.0.0.1:8045/v1"\nwire_api = "responses"\n');
  const st = tomlStatements(r.text.split('\n'));
  assert.deepEqual(st.filter((s) => s.kind === 'pair' && s.key[0] === 'model_provider').map((s) => s.kind === 'pair' && s.table), [[]]);
});

test('CRLF files stay CRLF', () => {
  const r = merged('model = "o3"\r\n', { baseUrl: URL });
  assert.ok(!/[^\r]\n/.test(r.text), JSON.stringify(r.text));
});

test('our provider written as dotted keys or an inline table is refused, not guessed at', () => {
  for (const text of [
    'model_providers.antigravity.base_url = "x"\n',
    '[model_providers]\nantigravity = { base_url = "x" }\n',
    'model_providers = { antigravity = { base_url = "x" } }\n',
  ]) {
    const r = mergeCodexConfig(text, { baseUrl: URL });
    assert.equal(r.ok, false, text);
    assert.match((r as { error: string }).error, /in a form this command does not edit/);
  }
});
