import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasUsableAccount, newAccountId, parseStoredAccounts } from '../../../../src/host/accounts/stored-account';

test('stored accounts parse defensively and ids are unique', () => {
  const parsed = parseStoredAccounts([{ id: 'x', kind: 'openai', label: 'L', enabled: true, createdAt: 0 }, { id: 'y', kind: 'bogus', label: 'L', enabled: true }, 'junk']);
  assert.equal(parsed.length, 1);
  assert.deepEqual(parseStoredAccounts(undefined), []);
  const ids = ['a', 'a', 'b'];
  assert.equal(newAccountId(parsed.concat({ ...parsed[0]!, id: 'a' }), () => ids.shift()!), 'b');
});

test('a stored demo account (issue 16) loads like every other kind', () => {
  const parsed = parseStoredAccounts([{ id: 'demo', kind: 'demo', label: 'Demo (built-in)', enabled: true, createdAt: 0 }]);
  assert.deepEqual(parsed.map((a) => a.kind), ['demo']);
});

test('hasUsableAccount mirrors the core: an enabled account, or active z.ai dispatch', () => {
  const off = { enabled: false, dispatchMode: 'off' as const, apiKey: '' };
  assert.equal(hasUsableAccount([], off), false);
  assert.equal(hasUsableAccount([{ enabled: false }], off), false);
  assert.equal(hasUsableAccount([{ enabled: false }, { enabled: true }], off), true);
  assert.equal(hasUsableAccount([], { enabled: true, dispatchMode: 'exclusive', apiKey: 'zk-123456789' }), true);
  assert.equal(hasUsableAccount([], { enabled: true, dispatchMode: 'exclusive', apiKey: '' }), false, 'no key');
  assert.equal(hasUsableAccount([], { enabled: true, dispatchMode: 'off', apiKey: 'zk-123456789' }), false, 'dispatch off');
  assert.equal(hasUsableAccount([], { enabled: false, dispatchMode: 'pooled', apiKey: 'zk-123456789' }), false, 'z.ai disabled');
});
