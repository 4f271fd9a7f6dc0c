/**
 * issue 14 "disable only what is dead": 401, or a 403 / 400 saying the key is invalid, disables
 * the account, which is then re-probed with backoff through its FREE models list and comes back
 * when that answers 200; any other 403 / 404 blocks only that model on that account, for a while.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FakeVendor, refuseModels, sleep } from '../fakes/vendor';
import { account, startProxy } from '../support/proxy-harness';

const chat = (url: string, model: string) =>
  fetch(`${url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }) });

async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) assert.fail(`timed out waiting for: ${what}`);
    await sleep(25);
  }
}

describe('a per-model 403 / 404 blocks that model on that account only', () => {
  test('403 "no access to model": the next account serves it, the account is not disabled, its other models keep working', async () => {
    const a = await FakeVendor.start(refuseModels({
      'gpt-4o': { status: 403, message: 'Project `proj_Zx81` does not have access to model `gpt-4o`', code: 'model_not_found' },
    }));
    const b = await FakeVendor.start({ kind: 'openai' });
    const proxy = await startProxy({
      scheduling: 'fill-first',
      accounts: [account('openai', `${a.url}/v1`, { id: 'a', priority: 2 }), account('openai', `${b.url}/v1`, { id: 'b', priority: 1 })],
    });
    const st = () => proxy.server.status().accountStates.find((s) => s.id === 'a')!;
    try {
      assert.equal((await chat(proxy.url, 'gpt-4o')).status, 200);
      assert.deepEqual([a.requests.length, b.requests.length], [1, 1], 'failed over to b');
      assert.notEqual(st().state, 'disabled');
      assert.equal(st().disabledReason, undefined);
      const blocked = st().coolingModels?.find((m) => m.model === 'gpt-4o');
      assert.ok(blocked, 'gpt-4o is blocked on a');
      const mins = (blocked.until - Date.now()) / 60_000;
      assert.ok(mins > 9 && mins <= 10, `blocked for ${mins} min (expires)`);
      // Another model on the same account: served by a.
      assert.equal((await chat(proxy.url, 'gpt-4o-mini')).status, 200);
      assert.deepEqual([a.requests.length, b.requests.length], [2, 1]);
      // The blocked model goes straight to b.
      assert.equal((await chat(proxy.url, 'gpt-4o')).status, 200);
      assert.deepEqual([a.requests.length, b.requests.length], [2, 2]);
    } finally {
      await proxy.stop();
      await a.close();
      await b.close();
    }
  });

  test('404 model not found on a lone Anthropic account: the client hears the 404; the account serves other models', async () => {
    const a = await FakeVendor.start(refuseModels({ 'claude-opus-4-1': { status: 404, message: 'model: claude-opus-4-1' } }));
    const proxy = await startProxy({ accounts: [account('anthropic', a.url, { id: 'a' })] });
    const msg = (model: string) => fetch(`${proxy.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ model, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }) });
    try {
      const r = await msg('claude-opus-4-1');
      assert.equal(r.status, 404);
      assert.equal(((await r.json()) as any).error.type, 'not_found_error');
      assert.notEqual(proxy.server.status().accountStates[0]!.state, 'disabled');
      assert.equal((await msg('claude-sonnet-4-5')).status, 200);
    } finally {
      await proxy.stop();
      await a.close();
    }
  });
});

describe('a dead key disables the account; the re-probe brings it back', () => {
  test('401 disables (reason, since, next check); probes use the models list only; back once it answers 200', async () => {
    // The vendor knows only "real-key": the account's key is refused with Anthropic's own 401.
    const a = await FakeVendor.start({ kind: 'anthropic', apiKey: 'real-key' });
    const b = await FakeVendor.start({ kind: 'anthropic' });
    const proxy = await startProxy({
      scheduling: 'fill-first',
      accounts: [account('anthropic', a.url, { id: 'a', priority: 2 }), account('anthropic', b.url, { id: 'b', priority: 1 })],
      monitor: { enabled: true, captureBodies: 'none', maxEntries: 10 },
    }, { probeBackoffMs: [300, 600], dataDir: mkdtempSync(join(tmpdir(), 'agp-reprobe-')) });
    const st = () => proxy.server.status().accountStates.find((s) => s.id === 'a')!;
    const msg = () => fetch(`${proxy.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'tok-x hi' }] }) });
    const probes = () => a.requests.filter((r) => r.method === 'GET' && r.path === '/v1/models');
    try {
      const t0 = Date.now();
      assert.equal((await msg()).status, 200, 'b serves it');
      assert.equal(st().state, 'disabled');
      assert.match(st().disabledReason ?? '', /401.*invalid x-api-key/);
      assert.ok(st().disabledAt! >= t0 && st().disabledAt! <= Date.now());
      const first = st().nextProbeAt!;
      assert.ok(first - st().disabledAt! >= 250 && first - st().disabledAt! <= 350, `first probe after ${first - st().disabledAt!} ms`);
      // The monitor's record says why and when.
      await until('the record', () => (proxy.server.monitor()?.list().length ?? 0) > 0);
      const notes = proxy.server.monitor()!.list()[0]!.notes.join('\n');
      assert.match(notes, /a.* disabled: Upstream rejected the key \(401\).*; next check at \d{4}-\d\d-\d\dT/);
      // The first probe is refused too (the key is still wrong): the next one waits longer.
      await until('a first probe', () => probes().length >= 1);
      await until('the next probe planned', () => (st().nextProbeAt ?? 0) > first);
      assert.equal(st().state, 'disabled');
      assert.ok(st().nextProbeAt! - first >= 500, 'backoff grows');
      assert.equal(probes()[0]!.headers['x-api-key'], 'upstream-key-anthropic', 'probed with the account key');
      // The key becomes valid (e.g. billing restored on the vendor side).
      a.opts.apiKey = ['real-key', 'upstream-key-anthropic'];
      await until('a back to ready', () => st().state === 'ready');
      assert.equal(st().nextProbeAt, undefined);
      assert.equal(a.requests.filter((r) => r.method === 'POST').length, 1, 'no paid call was used to probe');
      assert.equal((await msg()).status, 200);
      assert.equal(a.generateRecords().length, 1, 'a serves again');
    } finally {
      await proxy.server.dispose();
      await a.close();
      await b.close();
    }
  });

  test('Gemini 400 API_KEY_INVALID disables the account; the re-probe brings it back', async () => {
    const g = await FakeVendor.start({ kind: 'gemini', apiKey: 'the-real-key' });
    const proxy = await startProxy({ accounts: [account('gemini', g.url, { id: 'g' })] }, { probeBackoffMs: [200] });
    const gen = () => fetch(`${proxy.url}/v1beta/models/gemini-2.5-flash:generateContent`, { method: 'POST', body: '{"contents":[{"role":"user","parts":[{"text":"tok-g hi"}]}]}' });
    const st = () => proxy.server.status().accountStates[0]!;
    try {
      const r = await gen();
      assert.equal(r.status, 400);
      assert.match(JSON.stringify(await r.json()), /API key not valid/);
      assert.equal(st().state, 'disabled');
      assert.match(st().disabledReason ?? '', /API key not valid/);
      assert.ok(st().nextProbeAt);
      // Disabled: the next request is refused by the pool without reaching the vendor.
      const refused = await gen();
      assert.equal(refused.status, 503);
      assert.match(JSON.stringify(await refused.json()), /disabled/);
      await until('a failed probe', () => g.requests.some((q) => q.method === 'GET' && q.path === '/v1beta/models'));
      g.opts.apiKey = 'upstream-key-gemini';
      await until('g back to ready', () => st().state === 'ready');
      assert.equal((await gen()).status, 200);
      assert.equal(g.requests.filter((q) => q.method === 'POST').length, 2, 'the probes were never generate calls');
    } finally {
      await proxy.stop();
      await g.close();
    }
  });

  test('a key change in the config re-enables at once and cancels the planned probe', async () => {
    const a = await FakeVendor.start({ kind: 'openai', apiKey: 'new-key' });
    const proxy = await startProxy({ accounts: [account('openai', `${a.url}/v1`, { id: 'a' })] }, { probeBackoffMs: [60_000] });
    try {
      assert.equal((await chat(proxy.url, 'gpt-4o')).status, 401);
      assert.equal(proxy.server.status().accountStates[0]!.state, 'disabled');
      proxy.server.update({ ...proxy.config, accounts: [account('openai', `${a.url}/v1`, { id: 'a', apiKey: 'new-key' })] });
      const s = proxy.server.status().accountStates[0]!;
      assert.deepEqual([s.state, s.nextProbeAt, s.disabledAt], ['ready', undefined, undefined]);
      assert.equal((await chat(proxy.url, 'gpt-4o')).status, 200);
    } finally {
      await proxy.stop();
      await a.close();
    }
  });
});
