import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractMessage, upstreamError } from '../../../../src/upstream/client/upstream-error';

test('the vendor message is found in each of the three error shapes, a JSON array, or plain text', () => {
  assert.equal(extractMessage('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'), 'Overloaded');
  assert.equal(extractMessage('{"error":{"message":"Invalid key","type":"invalid_request_error"}}'), 'Invalid key');
  assert.equal(extractMessage('[{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}]'), 'Quota exceeded');
  assert.equal(extractMessage('upstream connect error'), 'upstream connect error');
  assert.equal(extractMessage('<html><body>502 Bad Gateway</body></html>'), '502 Bad Gateway');
  assert.equal(extractMessage(''), undefined);
});

test('status is kept, keys are redacted, 4xx of the request does not rotate, account faults do', () => {
  const h = new Headers({ 'retry-after': '12' });
  const e = upstreamError(429, h, '{"error":{"message":"slow down, key sk-secret-123456"}}', ['sk-secret-123456'], 'acct');
  assert.equal(e.status, 429);
  assert.equal(e.retryAfterSeconds, 12);
  assert.ok(e.retryable);
  assert.doesNotMatch(e.message, /sk-secret/);
  assert.equal(upstreamError(400, new Headers(), '{"error":{"message":"bad field"}}', [], 'a').retryable, false);
  assert.equal(upstreamError(400, new Headers(), '{"error":{"message":"prompt is too long: maximum context length"}}', [], 'a').retryable, false);
  assert.equal(upstreamError(401, new Headers(), '{}', [], 'a').retryable, true);
  assert.equal(upstreamError(529, new Headers(), '{}', [], 'a').retryable, true);
});
