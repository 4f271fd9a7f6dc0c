/**
 * Upstream faults (issue #8): the client always gets a complete answer or a dialect-correct
 * error; failover happens only before the first byte; nothing is left unhandled.
 */
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { ServerResponse } from 'node:http';
import { FakeVendor, json, sseFrames, sleep, answerError, answerWell, streamFrames, type Wire } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import type { ErrorDialect } from '../../src/core/dialect';
import { errorProblem, faultTracker, raw } from './support/util';

interface Client { name: string; wire: Wire; dialect: ErrorDialect; path: (stream: boolean) => string; body: (stream: boolean) => string; }
const CLIENTS: Client[] = [
  { name: 'openai-chat', wire: 'openai-chat', dialect: 'openai', path: () => '/v1/chat/completions', body: (s) => JSON.stringify({ model: 'gpt-4o', stream: s, messages: [{ role: 'user', content: 'hi tok-a' }] }) },
  { name: 'responses', wire: 'openai-responses', dialect: 'openai', path: () => '/v1/responses', body: (s) => JSON.stringify({ model: 'gpt-4o', stream: s, input: 'hi tok-a' }) },
  { name: 'anthropic', wire: 'anthropic', dialect: 'anthropic', path: () => '/v1/messages', body: (s) => JSON.stringify({ model: 'claude-sonnet-4-5', stream: s, max_tokens: 10, messages: [{ role: 'user', content: 'hi tok-a' }] }) },
  { name: 'gemini', wire: 'gemini', dialect: 'gemini', path: (s) => `/v1beta/models/gemini-2.5-flash:${s ? 'streamGenerateContent?alt=sse' : 'generateContent'}`, body: () => JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi tok-a' }] }] }) },
];

const post = (url: string, c: Client, stream: boolean, timeoutMs = 20_000) =>
  raw(url, c.path(stream), { headers: { 'content-type': 'application/json' }, body: c.body(stream), timeoutMs });

/** The error event a stream in `dialect` ends with after the first byte. */
function streamError(dialect: ErrorDialect, text: string): any {
  // Events end with a blank line; Google's passthrough frames end lines with CRLF.
  // OpenAI chat ends an error with its terminal `data: [DONE]` (issue 14): the error is the frame before it.
  const frames = text.split(/\r?\n\r?\n/).filter((f) => f.includes('data:') && !/^data: \[DONE\]$/m.test(f));
  const last = frames.at(-1) ?? '';
  const data = last.split(/\r?\n/).find((l) => l.startsWith('data:'))?.slice(5).trim();
  const j = data ? JSON.parse(data) : undefined;
  if (dialect === 'anthropic') assert.match(last, /^event: error/m);
  if (dialect === 'anthropic') assert.equal(j?.type, 'error');
  if (dialect === 'gemini') assert.ok(j?.error?.code && j.error.status, last);
  if (/^event: error/m.test(last)) assert.equal(j?.type, 'error', `an error event's data has type "error": ${last}`);
  if (dialect === 'openai') assert.ok(j?.error?.message || (j?.type === 'error' && j.message), `no error event at the end: ${text.slice(-400)}`);
  return j;
}

/** The last events of a stream that failed: the dialect's error event (Responses: response.failed). */
const ERROR_END = /^event: (error|response\.failed)$|^data: \{"error"/m;
/** The last events of a stream that ended normally. */
const PROPER_END = /^data: \[DONE\]$|^event: message_stop$|^event: response\.completed$|"finishReason"/m;

/** A failed account cools down: the first request sees `status`, later ones 429 + Retry-After (DESIGN §3). */
function assertFailure(c: Client, r: { status: number; headers: Record<string, unknown>; text: string }, status: number, label: string): void {
  if (r.status === 200) return void streamError(c.dialect, r.text); // the heartbeat may have committed a stream
  assert.equal(errorProblem(c.dialect, r as never), undefined, label);
  if (r.status === 429) assert.ok(Number(r.headers['retry-after']) > 0, `${label}: 429 without Retry-After`);
  else assert.equal(r.status, status, label);
}

async function refusedUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}

function accountsFor(prefix: string, primary: string, secondary?: string) {
  const a = [
    account('openai', `${primary}/v1`, { id: `${prefix}o1`, label: 'o1', models: ['gpt-*'], priority: 2, apiKey: 'key-o1' }),
    account('anthropic', primary, { id: `${prefix}a1`, label: 'a1', models: ['claude-*'], priority: 2, apiKey: 'key-a1' }),
    account('gemini', primary, { id: `${prefix}g1`, label: 'g1', models: ['gemini-*'], priority: 2, apiKey: 'key-g1' }),
  ];
  if (secondary) {
    a.push(
      account('openai', `${secondary}/v1`, { id: `${prefix}o2`, label: 'o2', models: ['gpt-*'], priority: 1, apiKey: 'key-o2' }),
      account('anthropic', secondary, { id: `${prefix}a2`, label: 'a2', models: ['claude-*'], priority: 1, apiKey: 'key-a2' }),
      account('gemini', secondary, { id: `${prefix}g2`, label: 'g2', models: ['gemini-*'], priority: 1, apiKey: 'key-g2' }),
    );
  }
  return a;
}

describe('upstream faults', () => {
  let bad: FakeVendor;
  let good: FakeVendor;
  let tracker: ReturnType<typeof faultTracker>;
  before(async () => {
    tracker = faultTracker();
    bad = await FakeVendor.start();
    good = await FakeVendor.start((req, res) => answerWell(req, res));
  });
  after(async () => {
    tracker.dispose();
    await bad.close();
    await good.close();
    assert.deepEqual(tracker.faults, []);
  });
  beforeEach(() => {
    bad.requests.length = 0;
    good.requests.length = 0;
  });

  /** A proxy whose first (preferred) account per dialect is `bad`, the second `good` (or none). */
  async function withProxy(failover: boolean, fn: (p: RunningProxy) => Promise<void>, timeoutS = 2, primary = bad.url) {
    const p = await startProxy(
      { proxy: { authMode: 'off', requestTimeoutSeconds: timeoutS }, scheduling: 'fill-first', accounts: accountsFor('x', primary, failover ? good.url : undefined) },
      { keepAliveMs: 200 },
    );
    try {
      await fn(p);
    } finally {
      await p.server.dispose();
    }
  }

  test('connection refused: dialect error alone, transparent failover with a second account', async () => {
    const dead = await refusedUrl();
    await withProxy(false, async (p) => {
      for (const c of CLIENTS) for (const s of [false, true]) assertFailure(c, await post(p.url, c, s), 502, `${c.name} stream=${s}`);
    }, 2, dead);
    await withProxy(true, async (p) => {
      for (const c of CLIENTS) for (const s of [false, true]) {
        const r = await post(p.url, c, s);
        assert.equal(r.status, 200, `${c.name} stream=${s}: ${r.text.slice(0, 200)}`);
        assert.match(r.text, /tok-a/);
      }
    }, 2, dead);
  });

  test('reset before headers: failover; alone: 502 in dialect', async () => {
    bad.handler = (_r, res) => void res.socket?.destroy();
    await withProxy(true, async (p) => {
      for (const c of CLIENTS) for (const s of [false, true]) {
        const r = await post(p.url, c, s);
        assert.equal(r.status, 200, `${c.name}: ${r.text.slice(0, 200)}`);
        assert.match(r.text, /tok-a/);
      }
    });
    await withProxy(false, async (p) => {
      for (const c of CLIENTS) for (const s of [false, true]) assertFailure(c, await post(p.url, c, s), 502, `${c.name} stream=${s}`);
    });
  });

  test('reset mid-stream: the client gets what arrived plus an error event; no failover after the first byte', async () => {
    bad.handler = async (req, res) => {
      const frames = streamFrames(req.path.includes('/messages') ? 'anthropic' : req.path.includes('v1beta') ? 'gemini' : req.path.endsWith('/responses') ? 'openai-responses' : 'openai-chat', ['tok-a ', 'partial']);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const f of frames.slice(0, frames.findIndex((x) => x.includes('tok-a')) + 1)) res.write(f);
      await sleep(50);
      res.socket?.destroy();
    };
    await withProxy(true, async (p) => {
      for (const c of CLIENTS) {
        const r = await post(p.url, c, true);
        assert.equal(r.status, 200, c.name);
        assert.match(r.text, /tok-a/);
        const e = streamError(c.dialect, r.text);
        assert.ok(!JSON.stringify(e).includes('Internal proxy error'), `${c.name}: a network fault is not an internal error: ${JSON.stringify(e)}`);
      }
      assert.equal(good.requests.length, 0, 'no failover once bytes reached the client');
    });
  });

  test('garbage and truncated SSE: the stream ends, translated streams end with a valid end or an error event', async () => {
    const garbage = ['data: {not json\n\n', 'event: x\ndata: \u0000\u00ff\n\n', ': comment\n\n', 'data: [DONE]\n\n'];
    for (const variant of ['garbage', 'truncated'] as const) {
      bad.handler = async (req, res) => {
        if (variant === 'garbage') return sseFrames(res, garbage);
        const wire: Wire = req.path.includes('/messages') ? 'anthropic' : req.path.includes('v1beta') ? 'gemini' : req.path.endsWith('/responses') ? 'openai-responses' : 'openai-chat';
        const f = streamFrames(wire, ['tok-a ', 'x']);
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(f[0]);
        res.end(f[1]!.slice(0, 15)); // half an event, then a clean end
      };
      await withProxy(false, async (p) => {
        for (const c of CLIENTS) for (const model of ['same', 'cross'] as const) {
          const body = JSON.parse(c.body(true));
          if (model === 'cross' && c.wire !== 'gemini') body.model = c.wire === 'anthropic' ? 'gpt-4o' : 'claude-sonnet-4-5';
          const path = model === 'cross' && c.wire === 'gemini' ? '/v1beta/models/claude-sonnet-4-5:streamGenerateContent?alt=sse' : c.path(true);
          const r = await raw(p.url, path, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), timeoutMs: 20_000 });
          const label = `${variant} ${c.name} ${model}`;
          // The upstream's 200 committed the stream; what follows must still end it for the client.
          assert.equal(r.status, 200, `${label}: ${r.text.slice(0, 300)}`);
          const tail = r.text.split(/\r?\n\r?\n/).filter(Boolean).slice(-2).join('\n');
          if (variant === 'truncated') assert.match(tail, ERROR_END, `${label}: a cut stream ends with an error event: ${tail}`);
          else assert.match(tail, new RegExp(`${ERROR_END.source}|${PROPER_END.source}`, 'm'), `${label}: no proper end and no error event: ${tail}`);
        }
      });
    }
  });

  test('silent upstream after headers: keep-alives, then a timeout error event; silent before headers: 504 or a committed stream with an error', async () => {
    bad.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
    };
    await withProxy(false, async (p) => {
      const c = CLIENTS[2]!; // anthropic: keep-alive is `event: ping`
      const t0 = Date.now();
      const r = await post(p.url, c, true);
      const ms = Date.now() - t0;
      assert.equal(r.status, 200);
      assert.ok((r.text.match(/event: ping/g) ?? []).length >= 3, `keep-alives during silence: ${r.text}`);
      const e = streamError('anthropic', r.text);
      assert.equal(e.error.type, 'timeout_error');
      assert.ok(ms >= 1_800 && ms < 10_000, `timed out after ${ms} ms (limit 2 s)`);
    });
    bad.handler = () => {}; // never answers at all
    await withProxy(false, async (p) => {
      await Promise.all(CLIENTS.slice(1).map(async (c) => {
        const t0 = Date.now();
        assertFailure(c, await post(p.url, c, false), 504, c.name);
        assert.ok(Date.now() - t0 < 10_000);
      }));
    });
    await withProxy(false, async (p) => {
      // A fresh pool (the account above cooled down after its timeout).
      const r = await post(p.url, CLIENTS[0]!, true);
      assert.equal(r.status, 200, 'the heartbeat committed the stream');
      assert.match(r.text, /: keep-alive/);
      assert.equal(streamError('openai', r.text).error.type, 'timeout_error');
    });
  });

  test('slow drip within the idle limit arrives complete', async () => {
    bad.handler = (req, res) => answerWell(req, res, ['tok-a ', '1', '2', '3'], 250);
    await withProxy(false, async (p) => {
      for (const c of CLIENTS.slice(1)) {
        const r = await post(p.url, c, true);
        assert.equal(r.status, 200);
        assert.match(r.text, /tok-a/);
        assert.ok(!/event: error|"error":\{/.test(r.text), `${c.name}: ${r.text.slice(-200)}`);
      }
    });
  });

  test('5xx and 429 storms: each account tried once, then the error in the caller dialect (429 with Retry-After)', async () => {
    let n = 0;
    bad.handler = (r, res) => answerError(r, res, 500 + (n++ % 4), 'boom');
    good.handler = (r, res) => answerError(r, res, 503, 'overloaded');
    try {
      await withProxy(true, async (p) => {
        for (const c of CLIENTS) for (const s of [false, true]) {
          bad.requests.length = good.requests.length = 0;
          const r = await post(p.url, c, s);
          if (r.status === 200) streamError(c.dialect, r.text);
          else {
            // Upstream statuses are kept (a vendor 500 stays 500); once all cool, 429 + Retry-After.
            assert.ok(r.status >= 500 || (r.status === 429 && Number(r.headers['retry-after']) > 0), `${c.name}: ${r.status}`);
            assert.equal(errorProblem(c.dialect, r), undefined);
          }
          const keys = [...bad.requests, ...good.requests].map((q) => String(q.headers['x-api-key'] ?? q.headers['x-goog-api-key'] ?? q.headers.authorization));
          assert.equal(new Set(keys).size, keys.length, `each account at most once per request: ${c.name} stream=${s}: ${keys}`);
        }
      });
      bad.handler = (r, res) => answerError(r, res, 429, 'slow down', { retryAfter: 30 });
      good.handler = (r, res) => answerError(r, res, 429, 'slow down', { retryAfter: 7 });
      await withProxy(true, async (p) => {
        for (const c of CLIENTS) {
          const r = await post(p.url, c, false);
          assert.equal(r.status, 429, `${c.name}: ${r.text}`);
          assert.equal(errorProblem(c.dialect, r), undefined);
          assert.ok(Number(r.headers['retry-after']) > 0, 'Retry-After');
        }
        // Everything cools now: answered at once, nothing sent upstream.
        bad.requests.length = good.requests.length = 0;
        const r = await post(p.url, CLIENTS[0]!, false);
        assert.equal(r.status, 429);
        assert.equal(bad.requests.length + good.requests.length, 0);
      });
    } finally {
      good.handler = (req, res) => answerWell(req, res);
    }
  });

  test('huge responses pass through (stream 40 MiB, JSON 20 MiB)', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    bad.handler = async (req, res) => {
      if (req.json?.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (let i = 0; i < 640; i++) {
          const ok = res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: chunk } }] })}\n\n`);
          if (!ok) await new Promise((r) => res.once('drain', r));
        }
        res.end('data: [DONE]\n\n');
      } else json(res, 200, { id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'y'.repeat(20 * 1024 * 1024) }, finish_reason: 'stop' }] });
    };
    await withProxy(false, async (p) => {
      const s = await post(p.url, CLIENTS[0]!, true, 60_000);
      assert.equal(s.status, 200);
      assert.ok(s.body.length > 40 * 1024 * 1024, `${s.body.length}`);
      assert.ok(s.text.endsWith('data: [DONE]\n\n'));
      const j = await post(p.url, CLIENTS[0]!, false, 60_000);
      assert.equal(j.status, 200);
      assert.equal(JSON.parse(j.text).choices[0].message.content.length, 20 * 1024 * 1024);
    });
  });

  test('HTML error page with 502: a 502 in the caller dialect, tags stripped', async () => {
    bad.handler = (_r, res: ServerResponse) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>');
    };
    await withProxy(false, async (p) => {
      for (const c of CLIENTS) {
        const r = await post(p.url, c, false);
        assertFailure(c, r, 502, c.name);
        assert.ok(!r.text.includes('<h1>'), r.text);
      }
    });
  });
});
