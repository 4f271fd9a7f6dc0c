import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { generateApiKey, maskApiKey, validateApiKey } from '../../../src/core/api-key';

test('generated key is sk- + 32 lowercase hex and passes validation', () => {
  const key = generateApiKey((n) => randomBytes(n));
  assert.match(key, /^sk-[0-9a-f]{32}$/);
  assert.equal(validateApiKey(key), undefined);
  assert.notEqual(generateApiKey((n) => randomBytes(n)), key);
});

test('generation is deterministic for given bytes (zero-padded hex)', () => {
  assert.equal(generateApiKey((n) => new Uint8Array(n).fill(1)), 'sk-' + '01'.repeat(16));
});

test('user keys must start with sk- and have at least 10 characters', () => {
  assert.equal(validateApiKey('sk-1234567'), undefined); // exactly 10
  assert.match(validateApiKey('sk-123456') ?? '', /at least 10/);
  assert.match(validateApiKey('pk-1234567890') ?? '', /sk-/);
  assert.match(validateApiKey('') ?? '', /sk-/);
  assert.match(validateApiKey('sk-12345 67890') ?? '', /spaces/);
  assert.equal(validateApiKey('  sk-abcdefghij  '), undefined, 'surrounding whitespace is trimmed');
});

test('mask shows a recognisable prefix and suffix only', () => {
  const key = 'sk-0123456789abcdef0123456789abcdef';
  const masked = maskApiKey(key);
  assert.equal(masked, 'sk-0123••••••••cdef');
  assert.ok(!masked.includes('89abcdef0123'));
  assert.equal(maskApiKey(''), '');
  assert.equal(maskApiKey('sk-short'), '••••••••');
});
