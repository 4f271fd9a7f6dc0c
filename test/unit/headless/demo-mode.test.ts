/** Headless demo mode and the env self-loop guard (issue 16). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../../src/core/validate-config';
import { applyDemoMode, DEMO_AUTO_NOTE, DEMO_FLAG_NOTE, dropSelfLoops, pointsAtSelf } from '../../../src/headless/demo-mode';
import { applyEnvOverrides } from '../../../src/headless/env-overrides';

const fromEnv = (env: Record<string, string>, raw: Record<string, unknown> = {}) => parseConfig(applyEnvOverrides(raw, env));

test('pointsAtSelf: loopback host on the proxy port only', () => {
  assert.equal(pointsAtSelf('http://127.0.0.1:8045', 8045), true);
  assert.equal(pointsAtSelf('http://localhost:8045/v1', 8045), true);
  assert.equal(pointsAtSelf('http://[::1]:8045', 8045), true);
  assert.equal(pointsAtSelf('http://127.0.0.1:8046', 8045), false);
  assert.equal(pointsAtSelf('https://api.anthropic.com', 8045), false);
  assert.equal(pointsAtSelf('http://localhost', 80), true);
  assert.equal(pointsAtSelf(undefined, 8045), false);
  assert.equal(pointsAtSelf('not a url', 8045), false);
});

test('an env account whose base URL is this proxy is dropped with a note; others stay', () => {
  const config = fromEnv({ ANTHROPIC_API_KEY: 'sk-ant-x', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9123', OPENAI_API_KEY: 'sk-o', ANTIGRAVITY_PORT: '9123' });
  const notes: string[] = [];
  dropSelfLoops(config, (l) => notes.push(l));
  assert.deepEqual(config.accounts.map((a) => a.id), ['env-openai']);
  assert.equal(notes.length, 1);
  assert.match(notes[0]!, /^Ignoring ANTHROPIC_API_KEY: ANTHROPIC_BASE_URL \(http:\/\/127\.0\.0\.1:9123\) points at this proxy itself/);
  assert.ok(!notes[0]!.includes('sk-ant-x'), 'the key is never printed');
});

test('a config-file account is not touched by the self-loop guard', () => {
  const config = fromEnv({}, { accounts: [{ id: 'mine', kind: 'anthropic', apiKey: 'k', baseUrl: 'http://127.0.0.1:8045' }] });
  dropSelfLoops(config, () => assert.fail('no note'));
  assert.equal(config.accounts.length, 1);
});

test('no --config and no account: the demo account, with the note saying how to leave', () => {
  const config = fromEnv({});
  assert.equal(applyDemoMode(config, { flag: false, configPath: undefined }), DEMO_AUTO_NOTE);
  assert.deepEqual(config.accounts.map((a) => [a.id, a.kind]), [['demo', 'demo']]);
  assert.match(DEMO_AUTO_NOTE, /Demo mode[\s\S]*antigravity-proxy\.json[\s\S]*OPENAI_API_KEY/);
});

test('an env account or --config keeps demo mode off (the fixed no-account error stays)', () => {
  const withEnv = fromEnv({ OPENAI_API_KEY: 'k' });
  assert.equal(applyDemoMode(withEnv, { flag: false, configPath: undefined }), undefined);
  assert.deepEqual(withEnv.accounts.map((a) => a.id), ['env-openai']);
  const empty = fromEnv({});
  assert.equal(applyDemoMode(empty, { flag: false, configPath: 'cfg.json' }), undefined);
  assert.equal(empty.accounts.length, 0);
  const zai = fromEnv({}, { zai: { enabled: true, apiKey: 'z', dispatchMode: 'exclusive' } });
  assert.equal(applyDemoMode(zai, { flag: false, configPath: undefined }), undefined, 'the z.ai dispatcher can serve');
});

test('--demo: only the demo account, z.ai dispatch off, proxy settings kept', () => {
  const config = fromEnv({ OPENAI_API_KEY: 'k', ANTIGRAVITY_PORT: '9555' }, { zai: { enabled: true, apiKey: 'z', dispatchMode: 'exclusive' } });
  assert.equal(applyDemoMode(config, { flag: true, configPath: 'cfg.json' }), DEMO_FLAG_NOTE);
  assert.deepEqual(config.accounts.map((a) => a.kind), ['demo']);
  assert.equal(config.zai.dispatchMode, 'off');
  assert.equal(config.proxy.port, 9555);
});
