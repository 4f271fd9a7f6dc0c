import assert from 'node:assert/strict';
import { test } from 'node:test';
import { englishOnly, formatMessage } from '../../../src/shared/translate';

test('one {0} formatter for host, UI and webview: placeholders filled, missing ones kept', () => {
  assert.equal(formatMessage('{1} before {0}', ['a', 2]), '2 before a');
  assert.equal(formatMessage('{0} of {2}', [1]), '1 of {2}');
  assert.equal(formatMessage('flag {0}', [false]), 'flag false');
  assert.equal(englishOnly('Port {0}', 8045), 'Port 8045');
});
