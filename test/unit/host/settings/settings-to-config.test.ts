import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../../../src/core/config';
import type { StoredAccount } from '../../../../src/host/accounts/stored-account';
import { assertValidSettings, isExposedWithoutAuth, needsRestart, readSettings, SettingsError, toProxyConfig, upstreamProxyProblem } from '../../../../src/host/settings/settings-to-config';

const reader = (values: Record<string, unknown>) => (key: string) => values[key];

test('unset settings give the DESIGN §1 defaults', () => {
  const s = readSettings(reader({}));
  const d = defaultConfig();
  assert.equal(s.port, 8045);
  assert.equal(s.allowLanAccess, false);
  assert.equal(s.authMode, 'auto');
  assert.equal(s.autoStart, false);
  assert.equal(s.requestTimeoutSeconds, 600);
  assert.equal(s.scheduling, 'sticky');
  assert.deepEqual(s.modelMapping, {});
  assert.equal(s.upstreamProxy, '');
  assert.deepEqual(s.zai, { enabled: false, baseUrl: d.zai.baseUrl, dispatchMode: 'off', models: d.zai.models });
  assert.deepEqual(s.monitor, d.monitor);
});

test('invalid values fall back instead of reaching the core', () => {
  const s = readSettings(reader({
    'proxy.port': 80, 'proxy.authMode': 'maybe', 'proxy.scheduling': 'random', 'proxy.requestTimeoutSeconds': 1.5,
    'proxy.modelMapping': { 'claude-*': 'gemini-3-flash', bad: 42, '': 'x' }, 'monitor.captureBodies': 'some',
    'monitor.maxEntries': -1, 'zai.dispatchMode': 7, 'zai.baseUrl': '  ',
  }));
  assert.equal(s.port, 8045);
  assert.equal(s.authMode, 'auto');
  assert.equal(s.scheduling, 'sticky');
  assert.equal(s.requestTimeoutSeconds, 600);
  assert.deepEqual(s.modelMapping, { 'claude-*': 'gemini-3-flash' });
  assert.equal(s.monitor.captureBodies, 'errors');
  assert.equal(s.monitor.maxEntries, 1000);
  assert.equal(s.zai.dispatchMode, 'off');
  assert.equal(s.zai.baseUrl, 'https://api.z.ai/api/anthropic');
});

test('settings + secrets + accounts map to the core config shape', () => {
  const s = readSettings(reader({
    'proxy.port': 9000, 'proxy.allowLanAccess': true, 'proxy.authMode': 'strict', 'proxy.scheduling': 'fill-first',
    'proxy.upstreamProxy': ' http://proxy:3128 ', 'zai.enabled': true, 'zai.dispatchMode': 'fallback',
    'monitor.captureBodies': 'all', 'proxy.allowedOrigins': [' http://localhost:3000 ', 7, ''],
  }));
  const accounts: StoredAccount[] = [
    { id: 'a1', kind: 'openai', label: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', enabled: true, createdAt: 1, models: ['llama3'] },
    { id: 'a2', kind: 'gemini', label: 'Gemini', enabled: false, createdAt: 2, priority: 3 },
    { id: 'a3', kind: 'vscode-lm', label: 'Copilot', enabled: true, createdAt: 3, vendor: 'copilot' },
  ];
  const config = toProxyConfig(s, { proxyApiKey: 'sk-proxykey123', zaiApiKey: 'zai-key', accountKeys: new Map([['a2', 'AIza-key']]) }, accounts);
  assert.deepEqual(config.proxy, {
    port: 9000, allowLanAccess: true, authMode: 'strict', apiKey: 'sk-proxykey123', requestTimeoutSeconds: 600, drainTimeoutSeconds: 10, upstreamProxy: 'http://proxy:3128',
    allowedOrigins: ['http://localhost:3000'], firstByteTimeoutSeconds: 120, idleTimeoutSeconds: 90, queueTimeoutSeconds: 30,
  });
  assert.deepEqual(config.accounts, [
    { id: 'a1', kind: 'openai', label: 'Ollama', enabled: true, baseUrl: 'http://127.0.0.1:11434/v1', models: ['llama3'] },
    { id: 'a2', kind: 'gemini', label: 'Gemini', enabled: false, apiKey: 'AIza-key', priority: 3 },
    { id: 'a3', kind: 'vscode-lm', label: 'Copilot', enabled: true, vendor: 'copilot' },
  ]);
  assert.equal(config.scheduling, 'fill-first');
  assert.equal(config.zai.apiKey, 'zai-key');
  assert.equal(config.zai.dispatchMode, 'fallback');
  assert.equal(config.monitor.captureBodies, 'all');
  assert.deepEqual(Object.keys(config).sort(), Object.keys(defaultConfig()).sort(), 'same shape as the headless config file');
});

test('only port and LAN access need a restart', () => {
  const base = defaultConfig();
  const clone = () => structuredClone(base);
  const port = clone(); port.proxy.port = 9000;
  const lan = clone(); lan.proxy.allowLanAccess = true;
  const auth = clone(); auth.proxy.authMode = 'strict'; auth.proxy.apiKey = 'sk-other-key';
  const mapping = clone(); mapping.modelMapping = { a: 'b' }; mapping.scheduling = 'round-robin';
  assert.equal(needsRestart(base, port), true);
  assert.equal(needsRestart(base, lan), true);
  assert.equal(needsRestart(base, auth), false);
  assert.equal(needsRestart(base, mapping), false);
});

test('LAN with auth off is flagged; auto with LAN checks the key', () => {
  assert.equal(isExposedWithoutAuth({ allowLanAccess: true, authMode: 'off' }), true);
  assert.equal(isExposedWithoutAuth({ allowLanAccess: true, authMode: 'auto' }), false);
  assert.equal(isExposedWithoutAuth({ allowLanAccess: false, authMode: 'off' }), false);
});

test('upstreamProxy: empty or an http(s) URL with a host; credentials in settings are refused', () => {
  assert.equal(upstreamProxyProblem(''), undefined);
  assert.equal(upstreamProxyProblem('http://proxy.corp:3128'), undefined);
  assert.equal(upstreamProxyProblem('https://10.0.0.1:8443/'), undefined);
  assert.match(upstreamProxyProblem('proxy:3128') ?? '', /http:\/\/ or https:\/\//);
  assert.match(upstreamProxyProblem('not a url') ?? '', /must be a URL/);
  assert.match(upstreamProxyProblem('socks5://h:1080') ?? '', /http:\/\/ or https:\/\//);
  assert.match(upstreamProxyProblem('http://user:pass@proxy:3128') ?? '', /user name or password/);
  assert.match(upstreamProxyProblem('http://user@proxy:3128') ?? '', /user name or password/);
  const bad = readSettings(reader({ 'proxy.upstreamProxy': 'http://u:p@h:1' }));
  assert.throws(() => assertValidSettings(bad), (e: unknown) => e instanceof SettingsError && e.setting === 'antigravity.proxy.upstreamProxy' && !e.message.includes('u:p'));
  assert.doesNotThrow(() => assertValidSettings(readSettings(reader({}))));
});
