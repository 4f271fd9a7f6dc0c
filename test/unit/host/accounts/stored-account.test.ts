import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newAccountId, parseStoredAccounts } from '../../../../src/host/accounts/stored-account';

test('stored accounts parse defensively and ids are unique', () => {
  const parsed = parseStoredAccounts([{ id: 'x', kind: 'openai', label: 'L', enabled: true, createdAt: 0 }, { id: 'y', kind: 'bogus', label: 'L', enabled: true }, 'junk']);
  assert.equal(parsed.length, 1);
  assert.deepEqual(parseStoredAccounts(undefined), []);
  const ids = ['a', 'a', 'b'];
  assert.equal(newAccountId(parsed.concat({ ...parsed[0]!, id: 'a' }), () => ids.shift()!), 'b');
});
