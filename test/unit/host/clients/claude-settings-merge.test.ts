import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeChanges, mergeClaudeSettings } from '../../../../src/host/clients/claude-settings-merge';

const env = { ANTHROPIC_BASE_URL: 'http://127.0.0.1:8045', ANTHROPIC_AUTH_TOKEN: 'sk-0123456789abcdef' };

test('creates the file content when there is none', () => {
  const r = mergeClaudeSettings(undefined, env);
  assert.ok(r.ok);
  assert.deepEqual(JSON.parse(r.text), { env });
  assert.equal(r.changes.length, 2);
});

test('keeps every other key, in env and outside', () => {
  const existing = JSON.stringify({ permissions: { allow: ['Bash(ls)'] }, env: { FOO: 'bar', ANTHROPIC_BASE_URL: 'http://old:1' }, model: 'opus' });
  const r = mergeClaudeSettings(existing, { ...env, ANTHROPIC_MODEL: 'claude-sonnet-4-5' });
  assert.ok(r.ok);
  const out = JSON.parse(r.text);
  assert.deepEqual(out.permissions, { allow: ['Bash(ls)'] });
  assert.equal(out.model, 'opus');
  assert.equal(out.env.FOO, 'bar');
  assert.equal(out.env.ANTHROPIC_BASE_URL, 'http://127.0.0.1:8045');
  assert.equal(out.env.ANTHROPIC_MODEL, 'claude-sonnet-4-5');
  assert.deepEqual(r.changes.find((c) => c.key === 'ANTHROPIC_BASE_URL'), { key: 'ANTHROPIC_BASE_URL', before: 'http://old:1', after: 'http://127.0.0.1:8045' });
});

test('no change when already configured; invalid files are refused, not clobbered', () => {
  const same = mergeClaudeSettings(JSON.stringify({ env }), env);
  assert.ok(same.ok && same.changes.length === 0);
  const bad = mergeClaudeSettings('{ "env": { // comment', env);
  assert.equal(bad.ok, false);
  assert.equal(mergeClaudeSettings('[1]', env).ok, false);
  assert.equal(mergeClaudeSettings('{"env": "x"}', env).ok, false);
});

test('the confirmation text masks the token', () => {
  const r = mergeClaudeSettings(undefined, env);
  assert.ok(r.ok);
  const lines = describeChanges(r.changes, () => 'sk-01••••');
  assert.deepEqual(lines, ['ANTHROPIC_BASE_URL = http://127.0.0.1:8045', 'ANTHROPIC_AUTH_TOKEN = sk-01••••']);
});
