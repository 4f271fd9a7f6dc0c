/** Zero-config terminals (issue 21): which variables new terminals get, per proxy state and settings. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENV_ACCOUNTS } from '../../../../src/headless/env-overrides';
import { TERMINAL_VARIABLES, terminalEnv } from '../../../../src/host/terminal/terminal-env';

const endpoint = { host: '127.0.0.1', port: 8045 };

test('running, auth off: the base URLs only', () => {
  assert.deepEqual(terminalEnv({ endpoint, enabled: true, authOn: false, apiKey: 'sk-secret-123456' }), {
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:8045',
    OPENAI_BASE_URL: 'http://127.0.0.1:8045/v1',
    GOOGLE_GEMINI_BASE_URL: 'http://127.0.0.1:8045',
  });
});

test('running, auth on: the key as ANTHROPIC_AUTH_TOKEN and ANTIGRAVITY_PROXY_TOKEN (for Codex\'s env_key)', () => {
  assert.deepEqual(terminalEnv({ endpoint, enabled: true, authOn: true, apiKey: 'sk-secret-123456' }), {
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:8045',
    ANTHROPIC_AUTH_TOKEN: 'sk-secret-123456',
    OPENAI_BASE_URL: 'http://127.0.0.1:8045/v1',
    GOOGLE_GEMINI_BASE_URL: 'http://127.0.0.1:8045',
    ANTIGRAVITY_PROXY_TOKEN: 'sk-secret-123456',
  });
});

test('stopped, or turned off by the setting: nothing', () => {
  assert.deepEqual(terminalEnv({ endpoint: undefined, enabled: true, authOn: true, apiKey: 'k' }), {});
  assert.deepEqual(terminalEnv({ endpoint, enabled: false, authOn: true, apiKey: 'k' }), {});
});

test('the variables setting picks; unknown names are ignored; a secret variable still needs auth on', () => {
  assert.deepEqual(terminalEnv({ endpoint, enabled: true, authOn: false, variables: ['OPENAI_BASE_URL', 'ANTHROPIC_AUTH_TOKEN', 'OPENAI_API_KEY'] }), { OPENAI_BASE_URL: 'http://127.0.0.1:8045/v1' });
  assert.deepEqual(terminalEnv({ endpoint, enabled: true, authOn: true, apiKey: 'k', variables: [] }), terminalEnv({ endpoint, enabled: true, authOn: true, apiKey: 'k' }), 'empty = all');
});

test('IPv6 hosts are bracketed', () => {
  assert.equal(terminalEnv({ endpoint: { host: '::1', port: 9 }, enabled: true, authOn: false }).OPENAI_BASE_URL, 'http://[::1]:9/v1');
});

test('never a *_API_KEY name, and none that headless reads as an account', () => {
  const read = new Set(ENV_ACCOUNTS.flatMap((s) => [s.key]));
  for (const name of TERMINAL_VARIABLES) {
    assert.ok(!name.endsWith('_API_KEY'), name);
    assert.ok(!read.has(name), name);
  }
});
