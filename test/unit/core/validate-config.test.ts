import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiKeyProblem, isValidProxyKey, validateApiKey } from '../../../src/core/api-key';
import { defaultConfig } from '../../../src/core/config';
import { ConfigError, parseConfig, upstreamProxyUrlProblem, validateConfig } from '../../../src/core/validate-config';
import { createProxyServer } from '../../../src/proxy/server';
import { account, makeConfig } from '../../support/proxy-harness';

test('validateConfig names every broken field; a valid config has no problems', () => {
  assert.deepEqual(validateConfig(defaultConfig()), []);
  const problems = validateConfig({
    proxy: { port: 80, apiKey: 'sk-short', upstreamProxy: 'socks5://u:pw@h:1080' },
    accounts: [{ kind: 'bard' }, { id: 'account-1', kind: 'openai', baseUrl: 'ftp://x' }],
    monitor: { maxEntries: 0 },
  });
  assert.deepEqual(problems.map((p) => p.field), ['proxy.port', 'proxy.apiKey', 'proxy.upstreamProxy', 'accounts[0].kind', 'accounts[1].id', 'accounts[1].baseUrl', 'monitor.maxEntries']);
  assert.ok(problems.every((p) => p.rule.length > 0 && !p.rule.includes('pw')));
});

test('port: files need 1024–65535; embedders may pass 0 (any free port) or a privileged port', () => {
  assert.throws(() => parseConfig({ proxy: { port: 0 } }), (e: unknown) => ConfigError.isInstance(e) && e.problems[0]!.field === 'proxy.port');
  assert.deepEqual(validateConfig(makeConfig({ proxy: { port: 0 } }), { anyPort: true }), []);
  assert.deepEqual(validateConfig(makeConfig({ proxy: { port: 80 } }), { anyPort: true }), []);
  assert.equal(validateConfig(makeConfig({ proxy: { port: 70000 } }), { anyPort: true })[0]?.field, 'proxy.port');
});

test('one key rule: config, key file and key input agree', () => {
  for (const [key, ok] of [['sk-1234567', true], ['sk-123456', false], ['pk-1234567890', false], ['sk-12345 67890', false]] as const) {
    assert.equal(isValidProxyKey(key), ok, key);
    assert.equal(apiKeyProblem(key) === undefined, ok, key);
    assert.equal(validateConfig({ proxy: { apiKey: key } }).some((p) => p.field === 'proxy.apiKey'), !ok, key);
  }
  assert.equal(validateApiKey('  sk-abcdefghij  '), undefined, 'typed input is trimmed');
});

test('one upstream proxy URL rule, never echoing a password', () => {
  assert.equal(upstreamProxyUrlProblem(''), undefined);
  assert.equal(upstreamProxyUrlProblem('http://user:pw@proxy:3128'), undefined);
  assert.match(upstreamProxyUrlProblem('socks5://u:secret-pw@h:1080') ?? '', /"socks5:\/\/u:\[REDACTED\]@h:1080": only http:\/\/ and https:\/\//);
  assert.match(upstreamProxyUrlProblem('not a url') ?? '', /Invalid upstream proxy URL/);
});

test('createProxyServer and update() reject an invalid config with field-named problems; update keeps the old one', async () => {
  assert.throws(
    () => createProxyServer(makeConfig({ accounts: [account('openai', 'not a url')] })),
    (e: unknown) => ConfigError.isInstance(e) && e.problems.some((p) => p.field === 'accounts[0].baseUrl'),
  );
  const good = makeConfig({ accounts: [account('openai', 'http://127.0.0.1:9/v1')] });
  const server = createProxyServer(good);
  try {
    assert.throws(
      () => server.update({ ...good, scheduling: 'random' as never, accounts: [account('openai', 'http://127.0.0.1:9/v1'), account('openai', 'http://127.0.0.1:9/v1')] }),
      (e: unknown) => ConfigError.isInstance(e) && e.problems.map((p) => p.field).join() === 'accounts[1].id,scheduling',
    );
    assert.equal(server.status().accounts, 1, 'the running config is kept');
  } finally {
    await server.dispose();
  }
});
