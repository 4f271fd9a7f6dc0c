/**
 * Issue 15 item 5: `GET //` (only slashes) crashed the error boundary before the Host and auth
 * guards ran: a text/plain 500 and a stack trace per request. Now path normalisation never
 * yields an empty path, the guards answer first, and unknown paths are a 404 after them.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import { errorProblem, raw } from '../hardening/support/util';
import { canonicalPath } from '../../src/proxy/routes/route-table';
import type { Logger } from '../../src/core/logger';

const KEY = 'sk-security-item-05-key';

describe('item 5: paths of only slashes', () => {
  const errors: string[] = [];
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (m) => errors.push(m) };
  let off: RunningProxy;
  let strict: RunningProxy;
  before(async () => {
    const accounts = [account('openai', 'http://127.0.0.1:9/v1')];
    off = await startProxy({ proxy: { authMode: 'off' }, accounts }, { logger });
    strict = await startProxy({ proxy: { authMode: 'strict', apiKey: KEY }, accounts }, { logger });
  });
  after(async () => {
    await off.stop();
    await strict.stop();
  });

  test('normalisation never produces an empty path', () => {
    for (const p of ['/', '//', '///', '/'.repeat(500), '//healthz//', '/v1//chat//completions/']) {
      const c = canonicalPath(p);
      assert.ok(c.startsWith('/') && c.length >= 1, `${JSON.stringify(p)} → ${JSON.stringify(c)}`);
    }
    assert.equal(canonicalPath('//'), '/');
    assert.equal(canonicalPath('//healthz//'), '/healthz');
  });

  test('GET // and friends: no 500, no stack trace, nothing logged as an internal error', async () => {
    for (const path of ['//', '///', '/'.repeat(300)]) {
      for (const method of ['GET', 'POST', 'HEAD']) {
        const r = await raw(off.url, path, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
        assert.ok(r.status < 500, `${method} ${path.slice(0, 5)}: ${r.status} ${r.text.slice(0, 120)}`);
        if (r.status >= 400 && method !== 'HEAD') assert.equal(errorProblem('openai', r), undefined);
      }
    }
    assert.deepEqual(errors, []);
  });

  test('the Host guard and auth answer before anything else on such paths', async () => {
    const evil = await raw(off.url, '//', { method: 'GET', headers: { host: 'evil.example' } });
    assert.equal(evil.status, 403, evil.text);
    assert.equal(errorProblem('openai', evil), undefined);
    const noKey = await raw(strict.url, '//', { method: 'GET' });
    assert.equal(noKey.status, 401, noKey.text);
    assert.equal(errorProblem('openai', noKey), undefined);
    const unknown = await raw(strict.url, '//nope//', { method: 'GET' });
    assert.equal(unknown.status, 401, 'auth comes before the 404');
  });

  test('unknown paths are a JSON 404 after the guards', async () => {
    for (const path of ['//nope', '/nope//', '//v1//nope']) {
      const r = await raw(strict.url, path, { method: 'GET', headers: { authorization: `Bearer ${KEY}` } });
      assert.equal(r.status, 404, `${path}: ${r.text}`);
      assert.equal(errorProblem('openai', r), undefined);
    }
    assert.deepEqual(errors, []);
  });
});
