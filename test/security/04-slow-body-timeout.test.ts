/**
 * Issue 15 item 4: slow bodies were never timed out (`requestTimeout: 0`): 500 sockets held by
 * unauthenticated clients after 150 s. Now the whole request must arrive within
 * `proxy.bodyTimeoutSeconds` (default 60); a trickling body is answered 408 and closed.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import { answerWell } from '../fakes/vendor';
import { raw } from '../hardening/support/util';
import { socketTimeouts } from '../../src/proxy/server';
import { defaultConfig } from '../../src/core/config';
import { parseConfig } from '../../src/core/validate-config';
import { rawExchange } from './support/wire';

describe('item 4: slow requests are timed out', () => {
  let up: FakeVendor;
  let p: RunningProxy;
  before(async () => {
    up = await FakeVendor.start((req, res) => answerWell(req, res));
    p = await startProxy({ proxy: { authMode: 'off', bodyTimeoutSeconds: 1 }, accounts: [account('openai', `${up.url}/v1`)] });
  });
  after(async () => {
    await p.stop();
    await up.close();
  });

  test('defaults: 60 s for the whole request, headers within 30 s, a finite idle keep-alive', () => {
    assert.equal(defaultConfig().proxy.bodyTimeoutSeconds, 60);
    const t = socketTimeouts();
    assert.equal(t.requestTimeout, 60_000);
    assert.ok(t.headersTimeout > 0 && t.headersTimeout <= t.requestTimeout);
    assert.ok(t.keepAliveTimeout > 0 && t.keepAliveTimeout < 120_000);
    assert.ok(t.connectionsCheckingInterval <= 1000, 'checked often enough to fire on time');
    assert.throws(() => parseConfig({ proxy: { bodyTimeoutSeconds: 0 } }), /proxy\.bodyTimeoutSeconds/);
    assert.equal(parseConfig({ proxy: { bodyTimeoutSeconds: 5 } }).proxy.bodyTimeoutSeconds, 5);
  });

  test('a body trickled one byte at a time is answered 408 and the socket closed within the timeout', async () => {
    const head = 'POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n';
    const r = await rawExchange(p.server.status().port, head, { bodyChunks: Array.from({ length: 100 }, () => Buffer.from(' ')), everyMs: 50, waitMs: 6000 });
    assert.equal(r.status, 408, r.text);
    assert.ok(r.closedAfterMs !== undefined && r.closedAfterMs < 3000, `closed after ${r.closedAfterMs} ms`);
    assert.doesNotMatch(r.text, /\n\s+at |\.ts:\d+/, 'no stack trace');
  });

  test('headers that never finish are cut too', async () => {
    const r = await rawExchange(p.server.status().port, 'POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: ', { bodyChunks: Array.from({ length: 100 }, () => Buffer.from('a')), everyMs: 50, waitMs: 6000 });
    assert.ok(r.closedAfterMs !== undefined && r.closedAfterMs < 3000, `closed after ${r.closedAfterMs} ms`);
    assert.ok(r.status === undefined || r.status === 408, r.text);
  });

  test('a request that arrives in time is served, also when its answer takes longer than the body timeout', async () => {
    up.handler = async (req, res) => {
      await new Promise((r) => setTimeout(r, 1500));
      await answerWell(req, res);
    };
    try {
      const r = await raw(p.url, '/v1/chat/completions', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }) });
      assert.equal(r.status, 200, r.text);
    } finally {
      up.handler = (req, res) => answerWell(req, res);
    }
  });
});

test('minimum upload rate: a body slower than the minimum is cut before the whole-request timeout', async () => {
  const Koa = (await import('koa')).default;
  const { createServer } = await import('node:http');
  const { body } = await import('../../src/proxy/middleware/body');
  const { errorBoundary } = await import('../../src/proxy/middleware/error-boundary');
  const { silentLogger } = await import('../../src/core/logger');
  const app = new Koa();
  app.silent = true;
  const { attachExchange, createExchange } = await import('../../src/proxy/exchange');
  const { newTrace } = await import('../../src/proxy/routes');
  const { NOOP_BUILDER } = await import('../../src/monitor');
  // The proxy's lifecycle middleware attaches the typed exchange the others read.
  app.use(async (ctx, next) => {
    attachExchange(ctx, createExchange(ctx.req, ctx.res, { path: ctx.path, url: ctx.url, startedAt: Date.now(), trace: newTrace(NOOP_BUILDER) }));
    await next();
  });
  app.use(errorBoundary(silentLogger));
  app.use(body(1024 * 1024, () => true, { windowMs: 300, minBytes: 1000 }));
  app.use((ctx) => {
    ctx.body = { ok: true };
  });
  const server = createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as { port: number }).port;
    const head = 'POST /x HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n';
    // 100 bytes every 100 ms = 300 bytes per window: under the 1000-byte minimum.
    const slow = await rawExchange((server.address() as { port: number }).port, head, { bodyChunks: Array.from({ length: 100 }, () => Buffer.alloc(100, 0x20)), everyMs: 100, waitMs: 5000 });
    assert.equal(slow.status, 408, slow.text);
    assert.ok(slow.closedAfterMs !== undefined && slow.closedAfterMs < 2000, `closed after ${slow.closedAfterMs} ms`);
    // 1000 bytes every 100 ms passes the same check.
    const fast = await rawExchange(port, 'POST /x HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 10002\r\n\r\n"', { bodyChunks: [...Array.from({ length: 10 }, () => Buffer.alloc(1000, 0x20)), Buffer.from('"')], everyMs: 100, waitMs: 5000 });
    assert.equal(fast.status, 200, fast.text);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
