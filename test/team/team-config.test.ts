/**
 * Team mode configuration (issue 23): `state: { redis, keyPrefix }` in the config file, env
 * `ANTIGRAVITY_REDIS_URL` for headless, `antigravity.state.*` settings in VS Code. Without it
 * nothing of team mode is built (no client loaded, no connection). Runs without Redis.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ConfigError, parseConfig } from '../../src/core/validate-config';
import { configSecrets, defaultConfig } from '../../src/core/config';
import { applyEnvOverrides } from '../../src/headless/env-overrides';
import { needsRestart, readSettings, toProxyConfig } from '../../src/host/settings/settings-to-config';
import { createTeamState } from '../../src/proxy/team-state';
import { silentLogger } from '../../src/core/logger';
import { reconnectDelay } from '../../src/upstream/state/redis-link';

function problems(input: unknown): string[] {
  try {
    parseConfig(input);
    return [];
  } catch (err) {
    if (!ConfigError.isInstance(err)) throw err;
    return err.problems.map((p) => `${p.field}: ${p.rule}`);
  }
}

test('state.redis is a redis:// or rediss:// URL; keyPrefix defaults to "antigravity:"', () => {
  assert.deepEqual(parseConfig({ state: { redis: 'redis://cache:6379/0' } }).state, { redis: 'redis://cache:6379/0', keyPrefix: 'antigravity:' });
  assert.deepEqual(parseConfig({ state: { redis: 'rediss://cache:6380', keyPrefix: 'team-a:' } }).state, { redis: 'rediss://cache:6380', keyPrefix: 'team-a:' });
  assert.equal(parseConfig({}).state, undefined, 'absent: in process');
  assert.equal(parseConfig({ state: { redis: '' } }).state, undefined, 'empty: in process');
  assert.match(problems({ state: { redis: 'http://cache:6379' } })[0]!, /^state\.redis: must be a Redis URL/);
  assert.match(problems({ state: { redis: 42 } })[0]!, /^state\.redis/);
  assert.match(problems({ state: 'redis://x' })[0]!, /^state: must be an object/);
  assert.match(problems({ state: { redis: 'redis://x', keyPrefix: 'has space' } })[0]!, /^state\.keyPrefix/);
});

test('ANTIGRAVITY_REDIS_URL sets state.redis (keeping a configured keyPrefix)', () => {
  const raw = applyEnvOverrides({ state: { keyPrefix: 'mine:' } }, { ANTIGRAVITY_REDIS_URL: 'redis://10.0.0.5:6379/2' });
  assert.deepEqual(parseConfig(raw).state, { redis: 'redis://10.0.0.5:6379/2', keyPrefix: 'mine:' });
  assert.equal(applyEnvOverrides({}, {}).state, undefined);
});

test('a password in the Redis URL is a secret of the config (redacted from logs)', () => {
  const c = { ...defaultConfig(), state: { redis: 'redis://:s3cr3t-pass@cache:6379/0' } };
  assert.ok(configSecrets(c).includes('s3cr3t-pass'));
  assert.ok(!configSecrets({ ...defaultConfig(), state: { redis: 'redis://cache:6379/0' } }).includes(''));
});

test('VS Code: antigravity.state.redis and keyPrefix map to state; empty means none; a change restarts', () => {
  const settings = (values: Record<string, unknown>) => readSettings((k) => values[k]);
  const secrets = { proxyApiKey: '', zaiApiKey: '', accountKeys: new Map<string, string>() };
  const on = toProxyConfig(settings({ 'state.redis': 'redis://team:6379/0', 'state.keyPrefix': 'x:' }), secrets, []);
  assert.deepEqual(on.state, { redis: 'redis://team:6379/0', keyPrefix: 'x:' });
  const off = toProxyConfig(settings({}), secrets, []);
  assert.equal(off.state, undefined);
  assert.ok(needsRestart(off, on));
  assert.ok(!needsRestart(off, toProxyConfig(settings({}), secrets, [])));
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  for (const k of ['antigravity.state.redis', 'antigravity.state.keyPrefix']) {
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(k), `${k} is restricted in untrusted workspaces`);
  }
});

test('without state no team state is built; reconnects back off up to 5 s', () => {
  assert.equal(createTeamState(defaultConfig(), { logger: silentLogger, instanceId: 'x', now: Date.now }), undefined);
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 50].map(reconnectDelay), [100, 200, 400, 800, 1600, 3200, 5000, 5000]);
});
