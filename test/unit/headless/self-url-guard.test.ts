/**
 * Issue 21: a VS Code terminal carries ANTHROPIC_BASE_URL / OPENAI_BASE_URL / GOOGLE_GEMINI_BASE_URL
 * of the running proxy. An env account (its *_API_KEY from the user) whose base URL is this proxy's
 * own listening address is ignored with one line, for every spelling of "this machine".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../../src/core/validate-config';
import { dropSelfLoops, pointsAtSelf } from '../../../src/headless/demo-mode';
import { applyEnvOverrides } from '../../../src/headless/env-overrides';
import { terminalEnv } from '../../../src/host/terminal/terminal-env';

const fromEnv = (env: Record<string, string>, raw: Record<string, unknown> = {}) => parseConfig(applyEnvOverrides(raw, env));

test('pointsAtSelf: every loopback spelling, the bind host, and (bound to all interfaces) this machine\'s addresses', () => {
  for (const url of ['http://127.0.0.1:8045', 'http://127.0.0.2:8045/v1', 'http://LOCALHOST:8045', 'http://[::1]:8045', 'http://0.0.0.0:8045']) {
    assert.equal(pointsAtSelf(url, 8045), true, url);
  }
  const lan = { host: '0.0.0.0', localAddresses: ['127.0.0.1', '192.168.1.20', 'fe80::1'] };
  assert.equal(pointsAtSelf('http://192.168.1.20:8045/v1', 8045, lan), true);
  assert.equal(pointsAtSelf('http://[fe80::1]:8045', 8045, lan), true);
  assert.equal(pointsAtSelf('http://192.168.1.21:8045', 8045, lan), false, 'another machine on the LAN');
  assert.equal(pointsAtSelf('http://192.168.1.20:8046', 8045, lan), false, 'another port');
  // Bound to loopback only: the LAN address does not reach this proxy.
  assert.equal(pointsAtSelf('http://192.168.1.20:8045', 8045, { host: '127.0.0.1', localAddresses: lan.localAddresses }), false);
  assert.equal(pointsAtSelf('http://10.0.0.5:8045', 8045, { host: '10.0.0.5' }), true, 'the bind host itself');
});

test('a terminal set up by the extension plus the user\'s own keys: the env accounts pointing at this proxy are ignored, one line each', () => {
  // What TerminalEnvSync puts into a new terminal for a proxy on 9123 (auth on) …
  const terminal = terminalEnv({ endpoint: { host: '127.0.0.1', port: 9123 }, enabled: true, authOn: true, apiKey: 'sk-proxy-key-123' });
  // … and keys the user exported themselves; headless started in that terminal on the same port.
  const env = { ...terminal, ANTHROPIC_API_KEY: 'sk-ant-user', OPENAI_API_KEY: 'sk-openai-user', GEMINI_API_KEY: 'AIza-user', ANTIGRAVITY_PORT: '9123' } as Record<string, string>;
  const config = fromEnv(env);
  const notes: string[] = [];
  dropSelfLoops(config, (l) => notes.push(l), ['127.0.0.1']);
  // GEMINI_BASE_URL is not set by the terminal (Gemini CLI reads GOOGLE_GEMINI_BASE_URL): that account is the real vendor.
  assert.deepEqual(config.accounts.map((a) => a.id), ['env-gemini']);
  assert.equal(notes.length, 2);
  assert.match(notes.join('\n'), /Ignoring ANTHROPIC_API_KEY: ANTHROPIC_BASE_URL \(http:\/\/127\.0\.0\.1:9123\) points at this proxy itself/);
  assert.match(notes.join('\n'), /Ignoring OPENAI_API_KEY: OPENAI_BASE_URL \(http:\/\/127\.0\.0\.1:9123\/v1\) points at this proxy itself/);
  for (const secret of ['sk-ant-user', 'sk-openai-user', 'sk-proxy-key-123']) assert.ok(!notes.join('\n').includes(secret));
  // The terminal's key variable is no account and no *_API_KEY.
  assert.ok(Object.keys(terminal).every((k) => !k.endsWith('_API_KEY')));
});

test('with LAN access on, a base URL naming this machine\'s LAN address on our port is ignored too', () => {
  const config = fromEnv({ OPENAI_API_KEY: 'sk-o', OPENAI_BASE_URL: 'http://192.168.7.9:9124/v1', ANTIGRAVITY_PORT: '9124', ANTIGRAVITY_ALLOW_LAN: 'true', ANTIGRAVITY_API_KEY: 'sk-lan-proxy-key' });
  const notes: string[] = [];
  dropSelfLoops(config, (l) => notes.push(l), ['127.0.0.1', '192.168.7.9']);
  assert.deepEqual(config.accounts, []);
  assert.equal(notes.length, 1);
});

test('a different port is another proxy (a chain, not a loop): kept', () => {
  const config = fromEnv({ OPENAI_API_KEY: 'sk-o', OPENAI_BASE_URL: 'http://127.0.0.1:8045/v1', ANTIGRAVITY_PORT: '9125' });
  dropSelfLoops(config, () => assert.fail('no note'), ['127.0.0.1']);
  assert.deepEqual(config.accounts.map((a) => a.id), ['env-openai']);
});
