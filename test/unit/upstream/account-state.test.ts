import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProxyError } from '../../../src/core/errors';
import { AccountStates, classifyFailure, RATE_LIMIT_BACKOFF_MS, TRANSIENT_BACKOFF_MS } from '../../../src/upstream/account-state';
import { T0 } from './helpers';

const err = (status: number, kind: ConstructorParameters<typeof ProxyError>[0] = 'rate_limit') => new ProxyError(kind, 'x', { status });

describe('classifyFailure', () => {
  it('narrows on status and kind', () => {
    assert.equal(classifyFailure(err(401, 'authentication')), 'auth');
    // issue 14: a 403 disables only when it says the key is dead; otherwise it blocks the model.
    assert.equal(classifyFailure(err(403, 'permission')), 'model');
    assert.equal(classifyFailure(err(403, 'permission'), '{"error":{"message":"Your API key is invalid."}}'), 'auth');
    assert.equal(classifyFailure(err(404, 'not_found')), 'model');
    assert.equal(classifyFailure(err(400, 'invalid_request'), '{"error":{"code":400,"details":[{"reason": "API_KEY_INVALID"}]}}'), 'auth');
    assert.equal(classifyFailure(err(500, 'api_error')), 'ambiguous');
    assert.equal(classifyFailure(err(503, 'unavailable')), 'transient');
    assert.equal(classifyFailure(err(429)), 'rate_limit');
    assert.equal(classifyFailure(err(529, 'overloaded')), 'transient');
    assert.equal(classifyFailure(new ProxyError('bad_gateway', 'ECONNRESET')), 'transient');
    assert.equal(classifyFailure(new ProxyError('timeout', 'slow')), 'transient');
    assert.equal(classifyFailure(err(400, 'invalid_request')), 'request');
  });
});

describe('AccountStates', () => {
  it('429 without a hint escalates 30 s, 2 min, 10 min, … and a success resets it', () => {
    const s = new AccountStates();
    let now = T0;
    for (const expected of [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 3_600_000]) {
      s.recordFailure('a', 'm', { kind: 'anthropic', error: err(429) }, now);
      assert.equal(s.coolingUntil('a', 'm', now), now + expected);
      assert.equal(s.isReady('a', 'm', now), false);
      now += expected;
      assert.equal(s.isReady('a', 'm', now), true, 'ready exactly when the cooldown ends');
    }
    assert.deepEqual(RATE_LIMIT_BACKOFF_MS.slice(0, 3), [30_000, 120_000, 600_000]);
    s.recordSuccess('a', 'm');
    s.recordFailure('a', 'm', { kind: 'anthropic', error: err(429) }, now);
    assert.equal(s.coolingUntil('a', 'm', now), now + 30_000, 'escalation restarted');
  });

  it('a hint wins over the escalation; the model next door stays ready', () => {
    const s = new AccountStates();
    s.recordFailure('a', 'm', { kind: 'anthropic', error: err(429), headers: new Headers({ 'retry-after': '5' }) }, T0);
    assert.equal(s.coolingUntil('a', 'm', T0), T0 + 5000);
    assert.equal(s.isReady('a', 'other-model', T0), true);
  });

  it('Retry-After: 0 still cools for a second', () => {
    const s = new AccountStates();
    s.recordFailure('a', 'm', { kind: 'anthropic', error: err(429), headers: new Headers({ 'retry-after': '0' }) }, T0);
    assert.equal(s.coolingUntil('a', 'm', T0), T0 + 1000);
  });

  it('5xx / 529 / network: short escalating cooldown capped at 30 s', () => {
    const s = new AccountStates();
    const seen: number[] = [];
    for (const e of [err(500, 'api_error'), err(529, 'overloaded'), new ProxyError('bad_gateway', 'reset'), err(503, 'unavailable')]) {
      s.recordFailure('a', 'm', { kind: 'anthropic', error: e }, T0);
      seen.push(s.coolingUntil('a', 'm', T0) - T0);
    }
    assert.deepEqual(seen, [...TRANSIENT_BACKOFF_MS, 30_000]);
  });

  it('5xx ignores Anthropic rate-limit reset headers (they ride on every response)', () => {
    const s = new AccountStates();
    const headers = new Headers({ 'anthropic-ratelimit-requests-reset': new Date(T0 + 3_600_000).toISOString() });
    s.recordFailure('a', 'm', { kind: 'anthropic', error: err(529, 'overloaded'), headers }, T0);
    assert.equal(s.coolingUntil('a', 'm', T0), T0 + 10_000);
  });

  it('401 / a dead-key 403 disable the whole account with the reason; a 400 changes nothing but lastError', () => {
    const s = new AccountStates();
    s.recordFailure('a', 'm', { kind: 'anthropic', error: new ProxyError('invalid_request', 'prompt is too long', { status: 400 }) }, T0);
    assert.equal(s.isReady('a', 'm', T0), true);
    assert.match(s.get('a').lastError ?? '', /prompt is too long/);
    s.recordFailure('a', 'm', { kind: 'anthropic', error: new ProxyError('authentication', 'invalid x-api-key', { status: 401 }) }, T0);
    assert.equal(s.isDisabled('a'), true);
    assert.equal(s.isReady('a', 'any-other-model', T0 + 1e9), false);
    assert.match(s.get('a').disabledReason ?? '', /401.*invalid x-api-key/);
    s.recordFailure('b', 'm', { kind: 'anthropic', error: new ProxyError('permission', 'forbidden', { status: 403 }) }, T0);
    assert.equal(s.isDisabled('b'), false, 'a bare 403 blocks the model only (issue 14)');
    assert.equal(s.isReady('b', 'm', T0), false);
    assert.equal(s.isReady('b', 'other', T0), true);
    s.recordFailure('b', 'm', { kind: 'anthropic', error: new ProxyError('permission', 'Your credit balance is too low', { status: 403 }) }, T0);
    assert.equal(s.isDisabled('b'), true);
    s.enable('a');
    assert.equal(s.isDisabled('a'), false);
  });

  it('counts requests, failures and tokens', () => {
    const s = new AccountStates();
    s.recordSuccess('a', 'm');
    s.recordSuccess('a', 'm');
    s.recordFailure('a', 'm', { kind: 'anthropic', error: err(429) }, T0);
    s.recordUsage('a', 120);
    s.recordUsage('a', -5);
    assert.deepEqual([s.get('a').requests, s.get('a').failures, s.get('a').tokens], [2, 1, 120]);
  });
});
