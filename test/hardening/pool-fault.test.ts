/**
 * issue 14 "whose fault": only the vendor's capacity signals cool an account; a proxy bug never
 * touches the pool and answers 500 once; a request the client got wrong is answered in its
 * dialect without rotating or cooling; a vendor 500 cools under a guard (two accounts failing
 * the same way stop the cooling; one request never cools the last ready account).
 */
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, test } from 'node:test';
import type { Logger } from '../../src/core/logger';
import { NOOP_BUILDER } from '../../src/monitor';
import type { ClientCall, DispatchServices } from '../../src/proxy/dispatch/client-call';
import { dispatch } from '../../src/proxy/dispatch/dispatch';
import type { RoutedExchange } from '../../src/proxy/exchange';
import { newTrace } from '../../src/proxy/routes';
import { createAccountPool } from '../../src/upstream/pool';
import { answerError, answerWell, FakeVendor, type Handler } from '../fakes/vendor';
import { account, makeConfig, startProxy } from '../support/proxy-harness';

function captureLogger() {
  const lines: Array<{ level: keyof Logger; text: string }> = [];
  const log = (level: keyof Logger) => (text: string) => void lines.push({ level, text });
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  return { logger, lines, at: (level: keyof Logger) => lines.filter((l) => l.level === level).map((l) => l.text) };
}

const chat = (url: string, extra: Record<string, unknown> = {}) =>
  fetch(`${url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], ...extra }) });

/** `n` OpenAI accounts in fill-first order a, b, c …, each with its own fake vendor. */
async function accounts(handlers: Handler[]) {
  const vendors = await Promise.all(handlers.map((h) => FakeVendor.start(h)));
  const ids = vendors.map((_, i) => String.fromCharCode(97 + i));
  const log = captureLogger();
  const proxy = await startProxy({
    scheduling: 'fill-first',
    accounts: vendors.map((v, i) => account('openai', `${v.url}/v1`, { id: ids[i]!, label: `acct ${ids[i]}`, priority: 10 - i })),
  }, { logger: log.logger });
  const state = (id: string) => proxy.server.status().accountStates.find((s) => s.id === id)!;
  return {
    vendors, proxy, log, state,
    states: () => ids.map((id) => state(id).state),
    close: async () => {
      await proxy.stop();
      await Promise.all(vendors.map((v) => v.close()));
    },
  };
}

const vendor500: Handler = (r, res) => answerError(r, res, 500, 'The server had an error while processing your request.');

describe('a proxy bug never touches the pool', () => {
  test('an exception while building the upstream request: 500 once, no rotation, no cooldown, logged with its stack', async () => {
    const vendor = await FakeVendor.start({ kind: 'anthropic' });
    const cfg = makeConfig({
      scheduling: 'fill-first',
      accounts: ['a', 'b', 'c'].map((id, i) => account('anthropic', vendor.url, { id, label: `acct ${id}`, priority: 10 - i })),
    });
    const pool = createAccountPool(cfg, { now: Date.now });
    const log = captureLogger();
    const svc: DispatchServices = {
      pool: () => pool, config: () => cfg, logger: log.logger, dispatcher: () => undefined, secrets: () => [],
      keepAliveMs: 10_000, localProvider: () => undefined,
    };
    // A tool schema far deeper than the body reader lets through (built in memory, past the
    // reader): translating it for the Anthropic wire overflows the stack.
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 200_000; i++) schema = { type: 'object', properties: { a: schema } };
    const body = { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'f', parameters: schema } }] };
    const call: ClientCall = { dialect: 'openai-chat', action: 'generate', clientModel: 'claude-sonnet-4-5', stream: false, geminiSse: false, body, raw: Buffer.from('{}'), headers: {} };
    const ex = {
      method: 'POST', path: '/v1/chat/completions', url: '/v1/chat/completions', headers: {}, clientAddress: undefined, startedAt: Date.now(),
      res: {} as ServerResponse, signal: new AbortController().signal, trace: newTrace(NOOP_BUILDER), call,
    } as RoutedExchange;
    try {
      await assert.rejects(dispatch(ex, svc), (e: { status?: number; message?: string }) => e.status === 500 && e.message === 'Internal proxy error.');
      assert.equal(ex.trace.attempts.length, 1, 'tried once, not on every account');
      assert.equal(vendor.requests.length, 0);
      for (const s of pool.status()) assert.deepEqual([s.id, s.state, s.failures ?? 0, s.lastError], [s.id, 'ready', 0, undefined]);
      const errors = log.at('error');
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, /RangeError: Maximum call stack size exceeded/);
      assert.match(errors[0]!, /\n\s+at /, 'with its stack');
      // The next request goes to the first account, as before the bug.
      const next = pool.plan({ clientDialect: 'openai-chat', clientModel: 'claude-sonnet-4-5', headers: {}, body: { model: 'claude-sonnet-4-5', messages: [] } });
      assert.deepEqual(next.candidates.map((c) => c.account.id), ['a', 'b', 'c']);
    } finally {
      await vendor.close();
    }
  });
});

describe('the client\'s fault is answered in its dialect and never cools', () => {
  test('our translation refusing the request (n=2 to an Anthropic account): 400 in OpenAI shape, no upstream call', async () => {
    const vendor = await FakeVendor.start({ kind: 'anthropic' });
    const proxy = await startProxy({ accounts: [account('anthropic', vendor.url, { id: 'a' }), account('anthropic', vendor.url, { id: 'b' })] });
    try {
      const r = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'claude-sonnet-4-5', n: 2, messages: [{ role: 'user', content: 'hi' }] }) });
      assert.equal(r.status, 400);
      assert.equal(((await r.json()) as any).error.type, 'invalid_request_error');
      assert.equal(vendor.requests.length, 0);
      for (const s of proxy.server.status().accountStates) assert.deepEqual([s.state, s.failures ?? 0], ['ready', 0]);
    } finally {
      await proxy.stop();
      await vendor.close();
    }
  });

  test('a vendor 400 for the request: answered once, the account neither cooled nor disabled', async () => {
    const p = await accounts([(r, res) => answerError(r, res, 400, "Invalid value for 'temperature': must be at most 2."), vendor500]);
    try {
      const r = await chat(p.proxy.url, { temperature: 9 });
      assert.equal(r.status, 400);
      assert.match(((await r.json()) as any).error.message, /temperature/);
      assert.equal(p.vendors[1]!.requests.length, 0, 'not rotated');
      assert.deepEqual(p.states(), ['ready', 'ready']);
    } finally {
      await p.close();
    }
  });
});

describe('client values that are not what they should be', () => {
  test('objects where strings belong (a `toString` key that is not a function) never reach String(): 400 or served, never 500', async () => {
    const vendor = await FakeVendor.start({ kind: 'anthropic' });
    const proxy = await startProxy({ accounts: [account('anthropic', vendor.url, { id: 'a' })] });
    const post = (path: string, body: unknown) => fetch(proxy.url + path, { method: 'POST', body: JSON.stringify(body) });
    const evil = { toString: 1, valueOf: 1 };
    try {
      const model = await post('/v1/chat/completions', { model: evil, messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(model.status, 400);
      // Translated for the Anthropic wire: the odd tool / block types are dropped with a note.
      const tool = await post('/v1/chat/completions', { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }], tools: [{ type: evil }] });
      assert.equal(tool.status, 200, await tool.text());
      const responses = await post('/v1/responses', { model: 'claude-sonnet-4-5', input: 'hi', tools: [{ type: evil }] });
      assert.equal(responses.status, 200, await responses.text());
      const block = await post('/v1/chat/completions', { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
      assert.equal(block.status, 200);
      for (const s of proxy.server.status().accountStates) assert.deepEqual([s.state, s.failures ?? 0], ['ready', 0]);
    } finally {
      await proxy.stop();
      await vendor.close();
    }
  });
});

describe('a vendor 500 cools under a guard', () => {
  test('failing the same way on two accounts stops cooling further accounts; logged at warn without our stack', async () => {
    const p = await accounts([vendor500, vendor500, vendor500, vendor500]);
    try {
      const r = await chat(p.proxy.url);
      assert.equal(r.status, 500);
      assert.deepEqual(p.vendors.map((v) => v.requests.length), [1, 1, 1, 1], 'every account tried once');
      assert.deepEqual(p.states(), ['cooling', 'cooling', 'ready', 'ready']);
      assert.deepEqual(p.log.at('error'), [], 'a vendor 5xx is not our error');
      const warns = p.log.at('warn');
      assert.equal(warns.length, 4);
      for (const w of warns) assert.doesNotMatch(w, /\n\s+at /, 'no stack trace');
    } finally {
      await p.close();
    }
  });

  test('different 500s are different failures: each cools until the last ready account', async () => {
    const say = (m: string): Handler => (r, res) => answerError(r, res, 500, m);
    const p = await accounts([say('boom 1'), say('boom 2'), say('boom 3'), say('boom 4')]);
    try {
      assert.equal((await chat(p.proxy.url)).status, 500);
      assert.deepEqual(p.states(), ['cooling', 'cooling', 'cooling', 'ready'], 'the last ready account is never cooled by one request');
    } finally {
      await p.close();
    }
  });

  test('one request never cools the last ready account: a lone account keeps serving attempts', async () => {
    const p = await accounts([vendor500]);
    try {
      assert.equal((await chat(p.proxy.url)).status, 500);
      assert.deepEqual(p.states(), ['ready']);
      assert.equal((await chat(p.proxy.url)).status, 500, 'tried again, not "cooling down"');
      assert.equal(p.vendors[0]!.requests.length, 2);
    } finally {
      await p.close();
    }
  });

  test('a non-stream upstream reset mid-body is the vendor\'s 502 (not our 500): fails over, cools, logs no stack', async () => {
    const midBody: Handler = (_r, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"id":"chatcmpl-1","object":"chat.completion","choices":[');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const lone = await accounts([midBody]);
    try {
      const r = await chat(lone.proxy.url);
      assert.equal(r.status, 502);
      assert.match(((await r.json()) as any).error.message, /connection failed mid-answer|closed the connection before its answer was complete/);
      assert.deepEqual(lone.log.at('error'), []);
    } finally {
      await lone.close();
    }
    const p = await accounts([midBody, (r, res) => answerWell(r, res)]);
    try {
      assert.equal((await chat(p.proxy.url)).status, 200, 'the next account serves it');
      assert.deepEqual(p.states(), ['cooling', 'ready']);
    } finally {
      await p.close();
    }
  });

  test('capacity signals (503, 529, connection reset) still cool every account they hit', async () => {
    const p = await accounts([
      (r, res) => answerError(r, res, 503, 'Service Unavailable'),
      (r, res) => answerError(r, res, 529, 'Overloaded'),
      (_r, res) => void res.socket?.destroy(),
    ]);
    try {
      const r = await chat(p.proxy.url);
      assert.ok(r.status >= 500, String(r.status));
      assert.deepEqual(p.states(), ['cooling', 'cooling', 'cooling']);
    } finally {
      await p.close();
    }
  });
});
