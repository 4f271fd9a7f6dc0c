/**
 * Browser attacks, auth and secrets (issue #8). Extends test/http/browser-guard.test.ts and
 * test/http/auth.test.ts with the variants they do not cover.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { FakeVendor, sseFrames, openaiChatStream, answerError, answerWell } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import { keysEqual } from '../../src/proxy/middleware/auth';
import { errorProblem, faultTracker, filesUnder, raw, type RawResponse } from './support/util';

const H = { 'content-type': 'application/json' };
const CHAT = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });

/** HTTP/1.0 without a Host header (fetch and node:http always send one). */
function noHost(url: string, path: string): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect(Number(u.port), u.hostname, () => s.end(`GET ${path} HTTP/1.0\r\n\r\n`));
    let b = '';
    s.on('data', (c) => (b += c));
    s.on('end', () => resolve(b));
    s.on('error', reject);
  });
}

describe('browser attacks', () => {
  let up: FakeVendor;
  let off: RunningProxy;
  let strict: RunningProxy;
  const KEY = 'sk-browser-test-key-0001';
  before(async () => {
    up = await FakeVendor.start((req, res) => answerWell(req, res));
    const accounts = [account('openai', `${up.url}/v1`)];
    off = await startProxy({ proxy: { authMode: 'off' }, accounts });
    strict = await startProxy({ proxy: { authMode: 'strict', apiKey: KEY }, accounts });
  });
  after(async () => {
    await off.stop();
    await strict.stop();
    await up.close();
  });

  test('DNS rebinding: non-loopback Host names are refused on every path, before anything reaches the upstream', async () => {
    up.requests.length = 0;
    const hosts = ['evil.example', 'evil.example:8045', 'localhost.evil.example', '127.0.0.1.evil.example', '127.0.0.1.nip.io', '0.0.0.0', '10.0.0.1', '[::ffff:7f00:1]', 'localhost@evil.example'];
    for (const host of hosts) for (const [method, path, dialect] of [['POST', '/v1/chat/completions', 'openai'], ['POST', '/v1/messages', 'anthropic'], ['POST', '/v1beta/models/gemini-2.5-flash:generateContent', 'gemini'], ['GET', '/v1/models', 'openai'], ['GET', '/healthz', 'openai']] as const) {
      const r = await raw(off.url, path, { method, headers: { ...H, host }, body: method === 'POST' ? CHAT : undefined });
      assert.equal(r.status, 403, `Host ${JSON.stringify(host)} ${path}`);
      assert.equal(errorProblem(dialect, r), undefined, `Host ${host} ${path}`);
      assert.equal(r.headers['access-control-allow-origin'], undefined);
    }
    assert.match(await noHost(off.url, '/healthz'), /^HTTP\/1\.[01] (400|403)/, 'no Host at all');
    assert.equal(up.requests.length, 0);
  });

  test('foreign Origins are refused with auth off, on every route (other localhost dev servers too); VS Code webviews pass', async () => {
    up.requests.length = 0;
    for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example', 'http://127.0.0.1.evil.example', 'file://', 'chrome-extension://abcdef', 'http://[::ffff:127.0.0.1]', 'https://evil.example:443', 'http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:5173']) {
      for (const [method, path] of [['POST', '/v1/chat/completions'], ['GET', '/v1/models'], ['POST', '/v1/messages/count_tokens']] as const) {
        const r = await raw(off.url, path, { method, headers: { ...H, origin }, body: method === 'POST' ? CHAT : undefined });
        assert.equal(r.status, 403, `Origin ${origin} ${path}`);
        assert.equal(r.headers['access-control-allow-origin'], undefined, origin);
      }
    }
    assert.equal(up.requests.length, 0);
    for (const origin of ['vscode-webview://abc']) {
      const r = await raw(off.url, '/v1/models', { method: 'GET', headers: { origin } });
      assert.equal(r.status, 200, origin);
      assert.equal(r.headers['access-control-allow-origin'], origin);
    }
  });

  test('CORS preflight never grants a foreign origin (auth off or on, private-network requests too)', async () => {
    for (const p of [off, strict]) {
      for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example']) {
        const r = await raw(p.url, '/v1/chat/completions', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type', 'access-control-request-private-network': 'true' } });
        assert.equal(r.status, 204, `${origin}: a preflight is answered, just without any grant`);
        for (const h of ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-private-network', 'access-control-allow-headers']) assert.equal(r.headers[h], undefined, `${origin}: ${h}`);
      }
    }
  });

  test('with auth on, a foreign page holding a stolen key still gets no CORS grant (it cannot read the answer)', async () => {
    const r = await raw(strict.url, '/v1/models', { method: 'GET', headers: { origin: 'https://evil.example', authorization: `Bearer ${KEY}` } });
    assert.equal(r.headers['access-control-allow-origin'], undefined);
    const bad = await raw(strict.url, '/v1/models', { method: 'GET', headers: { origin: 'https://evil.example' } });
    assert.equal(bad.status, 401);
    assert.equal(bad.headers['access-control-allow-origin'], undefined);
  });

  test('LAN mode with auth off: Host is not checked, a foreign Origin still is', async () => {
    const lan = await startProxy({ proxy: { authMode: 'off', allowLanAccess: true }, accounts: [account('openai', `${up.url}/v1`)] });
    try {
      const url = `http://127.0.0.1:${lan.server.status().port}`;
      assert.equal((await raw(url, '/healthz', { method: 'GET', headers: { host: 'my-box.lan:8045' } })).status, 200);
      assert.equal((await raw(url, '/v1/models', { method: 'GET', headers: { origin: 'https://evil.example' } })).status, 403);
    } finally {
      await lan.stop();
    }
  });
});

describe('auth', () => {
  const KEY = 'sk-auth-hardening-key-7f3a9c';
  let up: FakeVendor;
  let p: RunningProxy;
  before(async () => {
    up = await FakeVendor.start((req, res) => answerWell(req, res));
    p = await startProxy({ proxy: { authMode: 'strict', apiKey: KEY }, accounts: [account('openai', `${up.url}/v1`), account('anthropic', up.url, { models: ['claude-*'] })] });
  });
  after(async () => {
    await p.stop();
    await up.close();
  });

  test('the compare is constant-time: both sides hashed, timingSafeEqual, no early length exit on the raw strings', () => {
    const src = readFileSync(join(__dirname, '../../src/proxy/middleware/auth.ts'), 'utf8');
    assert.match(src, /createHash\('sha256'\)/);
    assert.match(src, /timingSafeEqual\(/);
    assert.ok(!/\b(a|key)\s*===\s*(b|p\.apiKey)\b/.test(src), 'no plain === compare of keys');
    assert.equal(keysEqual(KEY, KEY), true);
    assert.equal(keysEqual(KEY, KEY.slice(0, -1)), false);
    assert.equal(keysEqual(`${KEY}x`, KEY), false);
    assert.equal(keysEqual('', KEY), false);
    assert.equal(keysEqual(KEY.toUpperCase(), KEY), false);
  });

  test('wrong, empty, oversized and mixed-header keys; the presented and the real key are never echoed', async () => {
    const wrong = 'sk-wrong-but-plausible-42';
    const cases: { name: string; headers: Record<string, string>; query?: string; ok: boolean }[] = [
      { name: 'no key', headers: {}, ok: false },
      { name: 'empty bearer', headers: { authorization: 'Bearer ' }, ok: false },
      { name: 'bearer only', headers: { authorization: 'Bearer' }, ok: false },
      { name: 'basic', headers: { authorization: `Basic ${Buffer.from(`x:${KEY}`).toString('base64')}` }, ok: false },
      { name: 'key prefix', headers: { 'x-api-key': KEY.slice(0, -1) }, ok: false },
      { name: 'key + suffix', headers: { 'x-api-key': `${KEY}0` }, ok: false },
      { name: 'case changed', headers: { 'x-api-key': KEY.toUpperCase() }, ok: false },
      { name: 'oversized 8 KiB', headers: { 'x-api-key': KEY.repeat(300).slice(0, 8192) }, ok: false },
      { name: 'wrong bearer + right x-api-key (authorization wins)', headers: { authorization: `Bearer ${wrong}`, 'x-api-key': KEY }, ok: false },
      { name: 'right bearer + wrong x-api-key', headers: { authorization: `Bearer ${KEY}`, 'x-api-key': wrong }, ok: true },
      { name: 'empty x-api-key + right x-goog-api-key', headers: { 'x-api-key': '', 'x-goog-api-key': KEY }, ok: true },
      { name: 'wrong header + right ?key=', headers: { 'x-api-key': wrong }, query: `?key=${KEY}`, ok: false },
      { name: 'two ?key= (first wrong)', headers: {}, query: `?key=${wrong}&key=${KEY}`, ok: false },
      { name: 'bearer with extra spaces', headers: { authorization: `Bearer   ${KEY}  ` }, ok: true },
    ];
    for (const c of cases) {
      for (const [path, dialect, body] of [['/v1/chat/completions', 'openai', CHAT], ['/v1/messages', 'anthropic', JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })], ['/v1beta/models/gemini-2.5-flash:countTokens', 'gemini', '{}']] as const) {
        const r = await raw(p.url, `${path}${c.query ?? ''}`, { headers: { ...H, ...c.headers }, body });
        const all = `${r.text}\n${JSON.stringify(r.headers)}`;
        assert.ok(!all.includes(KEY), `${c.name} ${path}: the real key echoed`);
        assert.ok(!all.includes(wrong), `${c.name} ${path}: the presented key echoed`);
        if (c.ok) assert.notEqual(r.status, 401, `${c.name} ${path}`);
        else {
          assert.equal(r.status, 401, `${c.name} ${path}`);
          assert.equal(errorProblem(dialect, r), undefined, `${c.name} ${path}`);
        }
      }
    }
    // Beyond Node's 16 KiB header limit: a bare 431, never reaching auth; the server lives on.
    const huge = await raw(p.url, '/v1/chat/completions', { headers: { ...H, 'x-api-key': 'k'.repeat(20_000) }, body: CHAT });
    assert.equal(huge.status, 431);
    assert.equal((await raw(p.url, '/healthz', { method: 'GET', headers: { authorization: `Bearer ${KEY}` } })).status, 200);
  });

  test('strict covers /healthz, HEAD /, GET /, /v1/models and telemetry', async () => {
    for (const [method, path] of [['GET', '/healthz'], ['HEAD', '/healthz'], ['HEAD', '/'], ['GET', '/'], ['GET', '/v1/models'], ['GET', '/v1beta/models'], ['POST', '/v1/api/event_logging/batch'], ['GET', '/nope']] as const) {
      const r = await raw(p.url, path, { method, headers: H, body: method === 'POST' ? '{}' : undefined });
      assert.equal(r.status, 401, `${method} ${path}`);
    }
  });
});

describe('secrets', () => {
  const passthroughLeaks: string[] = [];
  test('no configured key in any file written, log line, response body or header — across auth failures, upstream 401/429 echoes and mid-stream errors', { timeout: 60_000 }, async () => {
    const tracker = faultTracker();
    const PROXY_KEY = 'sk-SECRETPROXY-a1b2c3d4e5f6';
    const ACCT = { openai: 'sk-ACCTOPENAI-9z8y7x6w5v', anthropic: 'sk-ant-ACCTANTHROPIC-4u3t2s', gemini: 'AIzaACCTGEMINI-0123456789abcdefghijkl', zai: 'ZAIACCTSECRET-77665544' };
    const SECRETS = [PROXY_KEY, ...Object.values(ACCT)];
    const logs: string[] = [];
    const logger = { debug: (m: string) => logs.push(m), info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
    const dataDir = mkdtempSync(join(tmpdir(), 'agp-secrets-'));
    let mode = 'ok';
    const up: FakeVendor = await FakeVendor.start((req, res) => {
      const key = String(req.headers.authorization ?? req.headers['x-api-key'] ?? req.headers['x-goog-api-key'] ?? '').replace(/^Bearer /, '');
      switch (mode) {
        case '401': return answerError(req, res, 401, `Incorrect API key provided: ${key}. Header was Bearer ${key}`, { headers: { 'www-authenticate': `Bearer realm="${key}"` } });
        case '429': return answerError(req, res, 429, `Rate limit for key ${key} (${encodeURIComponent(key)})`, { retryAfter: 1, headers: { 'x-key-echo': key } });
        case 'midstream': {
          const f = openaiChatStream(['hello ']);
          return sseFrames(res, [f[0]!, f[1]!, `data: {"error":{"message":"key ${key} was revoked mid-stream"}}\n\n`]);
        }
        case 'reset': {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(openaiChatStream(['x'])[0]);
          return void setTimeout(() => res.socket?.destroy(), 20);
        }
        default: return answerWell(req, res);
      }
    });
    const config = {
      proxy: { authMode: 'strict' as const, apiKey: PROXY_KEY, requestTimeoutSeconds: 5 },
      monitor: { enabled: true, captureBodies: 'all' as const, maxEntries: 500 },
      zai: { enabled: true, apiKey: ACCT.zai, baseUrl: up.url, dispatchMode: 'fallback' } as never,
      accounts: [
        account('openai', `${up.url}/v1`, { apiKey: ACCT.openai, models: ['gpt-*'] }),
        account('anthropic', up.url, { apiKey: ACCT.anthropic, models: ['claude-*'] }),
        account('gemini', up.url, { apiKey: ACCT.gemini, models: ['gemini-*'] }),
      ],
    };
    let proxy = await startProxy(config, { dataDir, logger });
    const responses: RawResponse[] = [];
    const go = async (path: string, body: string, headers: Record<string, string> = { authorization: `Bearer ${PROXY_KEY}` }, method = 'POST') => {
      const r = await raw(proxy.url, path, { method, headers: { ...H, ...headers }, body: method === 'POST' ? body : undefined });
      responses.push(r);
      return r;
    };
    const chat = (stream: boolean, extra = '') => JSON.stringify({ model: 'gpt-4o', stream, messages: [{ role: 'user', content: `hi ${extra}` }] });
    try {
      // Auth failures, including near-misses of the real key and the key in the query string.
      await go('/v1/chat/completions', chat(false), { authorization: `Bearer ${PROXY_KEY}x` });
      await go('/v1/chat/completions', chat(false), { 'x-api-key': PROXY_KEY.slice(0, -2) });
      await go(`/v1beta/models/gemini-2.5-flash:generateContent?key=${PROXY_KEY}`, JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'x' }] }] }), {});
      await go(`/v1beta/models/gemini-2.5-flash:generateContent?key=${ACCT.gemini}`, '{}', {});
      // The client quotes keys in its prompt (captured bodies must be redacted).
      await go('/v1/chat/completions', chat(false, `my keys: ${PROXY_KEY} ${ACCT.openai}`));
      await go('/v1/messages', JSON.stringify({ model: 'claude-sonnet-4-5', stream: true, max_tokens: 5, messages: [{ role: 'user', content: `key ${ACCT.anthropic}` }] }));
      for (const m of ['401', '429', 'midstream', 'reset']) {
        mode = m;
        // A fresh server on the same data dir each round (401 disables accounts, 429 cools them).
        await proxy.server.dispose();
        proxy = await startProxy(config, { dataDir, logger });
        await go('/v1/chat/completions', chat(false));
        await go('/v1/chat/completions', chat(true));
        await go('/v1/messages', JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }));
        await go('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'x' }] }] }));
        await go('/v1/chat/completions', JSON.stringify({ model: 'claude-sonnet-4-5', stream: true, messages: [{ role: 'user', content: 'x' }] }));
      }
      mode = 'ok';
      await go('/v1/models', '', { authorization: `Bearer ${PROXY_KEY}` }, 'GET');
      await proxy.server.monitor()!.flush();
      await proxy.server.dispose(); // flushes usage and the store
      const files = filesUnder(dataDir);
      assert.ok(files.length > 0, 'the proxy wrote files');
      const leaks: string[] = [];
      const variants = [...new Set(SECRETS.flatMap((s) => [s, encodeURIComponent(s)]))];
      for (const f of files) {
        const text = readFileSync(f, 'latin1');
        for (const s of variants) if (text.includes(s)) leaks.push(`file ${f}: ${s}`);
      }
      for (const [i, r] of responses.entries()) {
        const text = `${r.text}\n${JSON.stringify(r.headers)}`;
        for (const s of variants) {
          if (!text.includes(s)) continue;
          const line = `response #${i} (${r.status}): ${s} in …${text.slice(Math.max(0, text.indexOf(s) - 40), text.indexOf(s) + 40)}`;
          // A vendor's own 200 body passed through verbatim: tracked by the todo test below.
          if (r.status === 200 && /revoked mid-stream/.test(r.text)) passthroughLeaks.push(line);
          else leaks.push(line);
        }
      }
      for (const l of logs) for (const s of variants) if (l.includes(s)) leaks.push(`log: ${l.slice(0, 200)}`);
      assert.deepEqual(leaks, []);
      assert.ok(up.requests.length >= 8, `traffic reached the upstream: ${up.requests.length}; statuses ${responses.map((r) => r.status)}`);
      assert.deepEqual(tracker.faults, []);
    } finally {
      tracker.dispose();
      await proxy.server.dispose();
      await up.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('an upstream that echoes its account key inside a 200 body or stream does not leak it to the client', () => {
    assert.deepEqual(passthroughLeaks, []);
  });
});
