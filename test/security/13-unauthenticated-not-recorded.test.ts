/**
 * Issue 15 item 13: unauthenticated requests landed in the monitor and the usage error counts
 * (in LAN mode anyone could push the real records out). 401/403/404 before auth record nothing
 * but a counter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeVendor } from '../fakes/vendor';
import { account, startProxy } from '../support/proxy-harness';
import { answerWell } from '../fakes/vendor';
import { raw } from '../hardening/support/util';

test('401 / 403 / 404 before auth leave no record and no usage error', async () => {
  const KEY = 'sk-security-item-13-key';
  const dataDir = mkdtempSync(join(tmpdir(), 'agp-sec13-'));
  const up = await FakeVendor.start((req, res) => answerWell(req, res));
  const p = await startProxy({ proxy: { authMode: 'strict', apiKey: KEY }, accounts: [account('openai', `${up.url}/v1`)], monitor: { enabled: true, captureBodies: 'all', maxEntries: 10 } }, { dataDir });
  try {
    const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    const ok = await raw(p.url, '/v1/chat/completions', { headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body });
    assert.equal(ok.status, 200);
    for (let i = 0; i < 30; i++) {
      await raw(p.url, '/v1/chat/completions', { headers: { 'content-type': 'application/json' }, body });
      await raw(p.url, '/v1/chat/completions', { headers: { 'content-type': 'application/json', authorization: 'Bearer sk-wrong-key-13' }, body });
      await raw(p.url, `/nope-${i}`, { method: 'GET' });
      await raw(p.url, '/v1/models', { method: 'GET', headers: { host: 'evil.example' } });
    }
    const m = p.server.monitor()!;
    await m.flush();
    const records = m.list();
    assert.equal(records.length, 1, `records: ${records.map((r) => r.status).join(', ')}`);
    assert.equal(records[0]!.status, 200, 'the real record was not pushed out');
    const errors = m.usage().reduce((n, r) => n + r.errors, 0);
    assert.equal(errors, 0, 'usage error counts');
    // Nothing but a counter: 30 × (no key, wrong key, unknown path without a key, foreign Host).
    assert.equal(p.server.status().refusedBeforeAuth, 120);
  } finally {
    await p.server.dispose();
    await up.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
