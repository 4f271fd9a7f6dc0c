/**
 * Issue 15 item 6: `modelMapping` and the allow-list could be bypassed on passthrough by
 * escaping the key (`"mod\u0065l"`) next to a decoy `metadata.model`: the byte-level rewrite
 * changed the decoy, the upstream billed the unmapped model, the monitor recorded the mapped one.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor, json, anthropicResponse } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import { raw } from '../hardening/support/util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('item 6: the model decision is made on the parsed top-level member', () => {
  let up: FakeVendor;
  let p: RunningProxy;
  const dataDir = mkdtempSync(join(tmpdir(), 'agp-sec06-'));
  before(async () => {
    up = await FakeVendor.start((req, res) => json(res, 200, anthropicResponse('ok', req.json?.model)));
    p = await startProxy({
      proxy: { authMode: 'off' },
      modelMapping: { 'claude-opus-4-1': 'claude-haiku-4-5' },
      accounts: [account('anthropic', up.url, { models: ['claude-haiku-*'] })],
      monitor: { enabled: true, captureBodies: 'none', maxEntries: 10 },
    }, { dataDir });
  });
  after(async () => {
    await p.server.dispose();
    await up.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('an escaped "model" key next to a decoy is still mapped: the upstream gets the mapped model', async () => {
    const variants = [
      '{"metadata":{"model":"claude-opus-4-1"},"mod\\u0065l":"claude-opus-4-1","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}',
      '{"mod\\u0065l":"claude-opus-4-1","system":"\\"model\\":\\"claude-opus-4-1\\"","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}',
      '{"messages":[{"role":"user","content":"hi","model":"claude-opus-4-1"}],"\\u006dodel":"claude-opus-4-1","max_tokens":5}',
    ];
    for (const body of variants) {
      up.requests.length = 0;
      const r = await raw(p.url, '/v1/messages', { headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body });
      assert.equal(r.status, 200, r.text);
      assert.equal(up.requests.length, 1);
      assert.equal(up.last().json.model, 'claude-haiku-4-5', `upstream billed ${up.last().json.model} for ${body.slice(0, 60)}`);
      // A parser that does not decode escaped keys reads the same model: the key goes out plainly.
      assert.ok(!up.last().body.includes('\\u'), up.last().body);
    }
    // The monitor records what the upstream actually got.
    const m = p.server.monitor()!;
    await m.flush();
    assert.deepEqual(m.list().map((r) => r.upstreamModel), variants.map(() => 'claude-haiku-4-5'));
  });
});
