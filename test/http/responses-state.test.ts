import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { FakeVendor, type RequestView, type Turn } from '../fakes/vendor';
import { account, makeConfig, type ConfigPatch } from '../support/proxy-harness';
import { createProxyServer } from '../../src/proxy/server';
import type { ProxyDeps, ProxyServer } from '../../src/proxy/server-types';
import type { AccountConfig } from '../../src/core/config';

const KEY = 'sk-test-responses-key';

/** Answers "answer to: <last user text>", and a recognisable summary when asked to compact. */
function script(view: RequestView): Turn {
  if (view.lastUserText.includes('Compact the conversation')) {
    const facts = ['Ada', 'blue'].filter((w) => view.allText.includes(w)).join(',');
    return { text: `SUMMARY facts=[${facts}]` };
  }
  return { text: `answer to: ${view.lastUserText}` };
}

async function start(acc: AccountConfig, dataDir: string, deps: ProxyDeps = {}, patch: ConfigPatch = {}): Promise<{ server: ProxyServer; url: string }> {
  const server = createProxyServer(makeConfig({ accounts: [acc], proxy: { apiKey: KEY, authMode: 'strict' }, ...patch }), { dataDir, ...deps });
  await server.start();
  const { host, port } = server.status();
  return { server, url: `http://${host}:${port}` };
}

async function post(url: string, path: string, body: unknown, key = KEY): Promise<{ status: number; json: any; text: string }> {
  const r = await fetch(url + path, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await r.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, json, text };
}

async function call(url: string, method: string, path: string, key = KEY): Promise<{ status: number; json: any }> {
  const r = await fetch(url + path, { method, headers: { authorization: `Bearer ${key}` } });
  return { status: r.status, json: await r.json() };
}

const KINDS = [
  { name: 'openai chat-only', kind: 'openai' as const, extra: { responsesApi: false } },
  { name: 'anthropic', kind: 'anthropic' as const, extra: {} },
  { name: 'gemini', kind: 'gemini' as const, extra: {} },
];

for (const k of KINDS) {
  describe(`Responses state over ${k.name}`, () => {
    let vendor: FakeVendor;
    let dir: string;
    let proxy: { server: ProxyServer; url: string };
    before(async () => {
      vendor = await FakeVendor.start({ kind: k.kind, script });
      dir = mkdtempSync(join(tmpdir(), 'agp-resp-'));
      proxy = await start(account(k.kind, vendor.accountBaseUrl, k.extra), dir);
    });
    after(async () => {
      await proxy.server.dispose();
      await vendor.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('previous_response_id rebuilds the whole history, across a proxy restart (openai SDK)', async () => {
      const client = () => new OpenAI({ apiKey: KEY, baseURL: `${proxy.url}/v1`, maxRetries: 0 });
      const r1 = await client().responses.create({ model: 'm-1', input: 'My name is Ada.' });
      assert.match(r1.output_text, /answer to: My name is Ada\./);
      const r2 = await client().responses.create({ model: 'm-1', input: 'My colour is blue.', previous_response_id: r1.id, stream: false });
      let seen = vendor.requests.at(-1)!.view!;
      assert.ok(seen.allText.includes('My name is Ada.') && seen.allText.includes('answer to: My name is Ada.'), 'turn 1 and its answer reach the upstream');
      assert.ok(!JSON.stringify(vendor.requests.at(-1)!.json).includes('previous_response_id'), 'the id itself never goes to a stateless upstream');

      // Restart: a new server on the same data dir still knows both responses.
      await proxy.server.dispose();
      proxy = await start(account(k.kind, vendor.accountBaseUrl, k.extra), dir);
      const stream = await client().responses.create({ model: 'm-1', input: 'What do you know?', previous_response_id: r2.id, stream: true });
      let done: any;
      for await (const ev of stream) if (ev.type === 'response.completed') done = ev.response;
      assert.ok(done?.id);
      seen = vendor.requests.at(-1)!.view!;
      for (const t of ['My name is Ada.', 'answer to: My name is Ada.', 'My colour is blue.', 'answer to: My colour is blue.', 'What do you know?']) {
        assert.ok(seen.allText.includes(t), `history holds "${t}"`);
      }
      // The streamed response was stored too.
      const got = await call(proxy.url, 'GET', `/v1/responses/${done.id}`);
      assert.equal(got.status, 200);
      assert.equal(got.json.previous_response_id, r2.id);
      assert.match(JSON.stringify(got.json.output), /answer to: What do you know\?/);
    });

    test('compaction: /v1/responses/compact answers one compaction item written by the routed model', async () => {
      const input = [
        { role: 'user', content: [{ type: 'input_text', text: 'My name is Ada.' }] },
        { role: 'assistant', content: [{ type: 'output_text', text: 'Hello Ada.' }] },
        { role: 'user', content: [{ type: 'input_text', text: 'I like blue.' }] },
      ];
      const r = await post(proxy.url, '/v1/responses/compact', { model: 'm-1', input, instructions: 'You are a coding agent.' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.output.length, 1);
      const item = r.json.output[0];
      assert.equal(item.type, 'compaction');
      assert.equal(typeof item.encrypted_content, 'string');
      assert.ok(!item.encrypted_content.includes('SUMMARY'), 'opaque to the client');
      // Sent back as the history of the next turn, the summary reaches the upstream.
      const next = await post(proxy.url, '/v1/responses', { model: 'm-1', store: false, input: [item, { role: 'user', content: 'Go on.' }] });
      assert.equal(next.status, 200, next.text);
      assert.ok(vendor.requests.at(-1)!.view!.allText.includes('SUMMARY facts=[Ada,blue]'), vendor.requests.at(-1)!.view!.allText);
    });

    test('compaction_trigger (Codex compaction v2) streams exactly one compaction item', async () => {
      const r = await post(proxy.url, '/v1/responses', {
        model: 'm-1', stream: true, store: false,
        input: [{ role: 'user', content: 'My name is Ada.' }, { role: 'assistant', content: 'Hi.' }, { type: 'compaction_trigger' }],
      });
      assert.equal(r.status, 200, r.text);
      const events = r.text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));
      const done = events.filter((e) => e.type === 'response.output_item.done');
      assert.equal(done.length, 1);
      assert.equal(done[0].item.type, 'compaction');
      assert.equal(events.at(-1).type, 'response.completed');
      assert.ok(!JSON.stringify(vendor.requests.at(-1)!.json).includes('compaction_trigger'));
    });
  });
}

describe('Responses store endpoints', () => {
  let vendor: FakeVendor;
  let dir: string;
  let proxy: { server: ProxyServer; url: string };
  let clock = Date.now();
  before(async () => {
    vendor = await FakeVendor.start({ kind: 'anthropic', script });
    dir = mkdtempSync(join(tmpdir(), 'agp-resp-'));
    proxy = await start(account('anthropic', vendor.accountBaseUrl), dir, { now: () => clock, responseStore: { maxResponses: 3, maxAgeMs: 60_000 } });
  });
  after(async () => {
    await proxy.server.dispose();
    await vendor.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an unknown previous_response_id is a 404 naming the id, and no upstream call', async () => {
    const before = vendor.requests.length;
    const r = await post(proxy.url, '/v1/responses', { model: 'm', input: 'hi', previous_response_id: 'resp_nope' });
    assert.equal(r.status, 404);
    assert.equal(r.json.error.message, "Previous response with id 'resp_nope' not found.");
    assert.equal(r.json.error.param, 'previous_response_id');
    assert.equal(r.json.error.type, 'invalid_request_error');
    assert.equal(vendor.requests.length, before);
  });

  test('GET, input_items and DELETE; store:false is not kept; files are owner-only', async () => {
    const r = await post(proxy.url, '/v1/responses', { model: 'm', input: 'Remember 42.' });
    assert.equal(r.status, 200);
    const got = await call(proxy.url, 'GET', `/v1/responses/${r.json.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.json.id, r.json.id);
    assert.deepEqual(got.json.output, r.json.output);
    const items = await call(proxy.url, 'GET', `/v1/responses/${r.json.id}/input_items`);
    assert.equal(items.json.object, 'list');
    assert.equal(items.json.data.length, 1);
    assert.equal(items.json.data[0].content[0].text, 'Remember 42.');
    assert.ok(items.json.data[0].id);

    // One namespace directory per proxy key.
    const ns = readdirSync(join(dir, 'responses'));
    assert.equal(ns.length, 1);
    if (process.platform !== 'win32') {
      assert.equal(statSync(join(dir, 'responses')).mode & 0o777, 0o700);
      assert.equal(statSync(join(dir, 'responses', ns[0]!)).mode & 0o777, 0o700);
      for (const f of readdirSync(join(dir, 'responses', ns[0]!))) assert.equal(statSync(join(dir, 'responses', ns[0]!, f)).mode & 0o777, 0o600);
    }

    const del = await call(proxy.url, 'DELETE', `/v1/responses/${r.json.id}`);
    assert.deepEqual(del.json, { id: r.json.id, object: 'response', deleted: true });
    assert.equal((await call(proxy.url, 'GET', `/v1/responses/${r.json.id}`)).status, 404);
    assert.equal((await call(proxy.url, 'DELETE', `/v1/responses/${r.json.id}`)).status, 404);

    const unstored = await post(proxy.url, '/v1/responses', { model: 'm', input: 'x', store: false });
    assert.equal(unstored.status, 200);
    const miss = await call(proxy.url, 'GET', `/v1/responses/${unstored.json.id}`);
    assert.equal(miss.status, 404);
    assert.match(miss.json.error.message, new RegExp(unstored.json.id));
  });

  test('bounded: the oldest beyond maxResponses go, and none older than maxAge is served', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      clock += 1000;
      ids.push((await post(proxy.url, '/v1/responses', { model: 'm', input: `n${i}` })).json.id);
    }
    assert.equal((await call(proxy.url, 'GET', `/v1/responses/${ids[0]}`)).status, 404, 'the 4th of 3 pushed the oldest out');
    for (const id of ids.slice(1)) assert.equal((await call(proxy.url, 'GET', `/v1/responses/${id}`)).status, 200);
    const ns = readdirSync(join(dir, 'responses'))[0]!;
    assert.equal(readdirSync(join(dir, 'responses', ns)).length, 3, 'evicted files are deleted');
    clock += 61_000;
    assert.equal((await call(proxy.url, 'GET', `/v1/responses/${ids[3]}`)).status, 404, 'expired');
    const r = await post(proxy.url, '/v1/responses', { model: 'm', input: 'again', previous_response_id: ids[3] });
    assert.equal(r.status, 404);
  });
});

describe('compactionModel', () => {
  test('the configured model writes the summary, whatever model the client named', async () => {
    const vendor = await FakeVendor.start({ kind: 'anthropic', script });
    const dir = mkdtempSync(join(tmpdir(), 'agp-resp-'));
    const proxy = await start(account('anthropic', vendor.accountBaseUrl), dir, {}, { compactionModel: 'claude-haiku-4-5' });
    try {
      const r = await post(proxy.url, '/v1/responses/compact', { model: 'claude-opus-4-1', input: [{ role: 'user', content: 'My name is Ada.' }] });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.output.length, 1);
      assert.equal(vendor.requests.at(-1)!.json.model, 'claude-haiku-4-5');
    } finally {
      await proxy.server.dispose();
      await vendor.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an upstream error during compaction is the client\'s error in the OpenAI shape', async () => {
    const vendor = await FakeVendor.start({ kind: 'gemini', script: () => ({ error: { status: 400, message: 'bad request from vendor' } }) });
    const dir = mkdtempSync(join(tmpdir(), 'agp-resp-'));
    const proxy = await start(account('gemini', vendor.accountBaseUrl), dir);
    try {
      const r = await post(proxy.url, '/v1/responses/compact', { model: 'm', input: [{ role: 'user', content: 'x' }] });
      assert.equal(r.status, 400, r.text);
      assert.equal(typeof r.json.error.message, 'string');
    } finally {
      await proxy.server.dispose();
      await vendor.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Responses state per proxy key', () => {
  test('with auth off, a response stored under one key is not visible under another', async () => {
    const vendor = await FakeVendor.start({ kind: 'gemini', script });
    const dir = mkdtempSync(join(tmpdir(), 'agp-resp-'));
    const proxy = await start(account('gemini', vendor.accountBaseUrl), dir, {}, { proxy: { apiKey: '', authMode: 'off' } });
    try {
      const r = await post(proxy.url, '/v1/responses', { model: 'm', input: 'hi' }, 'sk-key-one');
      assert.equal((await call(proxy.url, 'GET', `/v1/responses/${r.json.id}`, 'sk-key-one')).status, 200);
      assert.equal((await call(proxy.url, 'GET', `/v1/responses/${r.json.id}`, 'sk-key-two')).status, 404);
      const other = await post(proxy.url, '/v1/responses', { model: 'm', input: 'x', previous_response_id: r.json.id }, 'sk-key-two');
      assert.equal(other.status, 404);
    } finally {
      await proxy.server.dispose();
      await vendor.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Responses state with a native Responses upstream', () => {
  test('an id the proxy does not know is passed on to an openai account that stores responses itself', async () => {
    const vendor = await FakeVendor.start({ kind: 'openai', script });
    const dir = mkdtempSync(join(tmpdir(), 'agp-resp-'));
    const proxy = await start(account('openai', vendor.accountBaseUrl, { responsesApi: true }), dir);
    try {
      const r = await post(proxy.url, '/v1/responses', { model: 'm', input: 'hi', previous_response_id: 'resp_upstream_1' });
      assert.equal(r.status, 200, r.text);
      assert.equal(vendor.requests.at(-1)!.json.previous_response_id, 'resp_upstream_1');
      assert.equal(vendor.requests.at(-1)!.path, '/v1/responses');
    } finally {
      await proxy.server.dispose();
      await vendor.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
