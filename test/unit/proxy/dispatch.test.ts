import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultConfig, type AccountConfig } from '../../../src/core/config';
import { ProxyError } from '../../../src/core/errors';
import { silentLogger } from '../../../src/core/logger';
import { NOOP_BUILDER } from '../../../src/monitor';
import { dispatch } from '../../../src/proxy/dispatch/dispatch';
import type { ClientCall, DispatchServices, RequestTrace } from '../../../src/proxy/dispatch/client-call';
import { createExchange, routed, type Exchange } from '../../../src/proxy/exchange';
import { newTrace } from '../../../src/proxy/routes';
import type { IrStreamEvent } from '../../../src/translate/ir';
import type { LocalProvider } from '../../../src/upstream/local-provider';
import type { AccountPool, AttemptOutcome, Candidate, RoutePlan } from '../../../src/upstream/pool-types';

/** What each fake account does when asked: answer with text, or fail the way a provider does. */
type Behaviour = { text: string } | { fail: ProxyError } | { hang: true };

const account = (id: string): AccountConfig => ({ id, kind: 'fake-local' as AccountConfig['kind'], label: `acct ${id}`, enabled: true });

/** A LocalProvider (the in-process kind) scripted per account. */
function fakeProvider(behaviour: Record<string, Behaviour>): LocalProvider {
  return {
    models: () => ['m'],
    async *stream(_ir, acct, _model, signal): AsyncGenerator<IrStreamEvent> {
      const b = behaviour[acct.id]!;
      if ('fail' in b) throw b.fail;
      if ('hang' in b) {
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
        return;
      }
      yield { type: 'message-start', usage: { inputTokens: 5 } };
      yield { type: 'text-start', id: 't' };
      yield { type: 'text-delta', id: 't', delta: b.text };
      yield { type: 'text-end', id: 't' };
      yield { type: 'finish', reason: 'stop', usage: { inputTokens: 5, outputTokens: 2 } };
    },
  };
}

/** A pool that plans the given accounts in order and remembers every report. */
function fakePool(ids: string[]) {
  const reports: { id: string; ok: boolean; status?: number }[] = [];
  const pool = {
    plan: (): RoutePlan => ({ clientModel: 'm', candidates: ids.map((id): Candidate => ({ account: account(id), upstreamModel: 'm', wire: 'openai-chat' })) }),
    report: (c: Candidate, o: AttemptOutcome) => reports.push({ id: c.account.id, ok: o.ok, status: o.ok ? undefined : o.error.status }),
  } as unknown as AccountPool;
  return { pool, reports };
}

interface Served {
  status: number;
  body: string;
  trace: RequestTrace;
  thrown?: ProxyError;
}

/** Serves one request through the dispatcher on a real local socket (the exchange writes to a real response). */
async function serve(ids: string[], behaviour: Record<string, Behaviour>, opts: { stream?: boolean; abortAfterMs?: number } = {}) {
  const { pool, reports } = fakePool(ids);
  const provider = fakeProvider(behaviour);
  const svc: DispatchServices = {
    pool: () => pool,
    config: () => defaultConfig(),
    logger: silentLogger,
    dispatcher: () => undefined,
    secrets: () => [],
    keepAliveMs: 10_000,
    localProvider: (kind) => ((kind as string) === 'fake-local' ? provider : undefined),
  };
  let done!: (s: { trace: RequestTrace; thrown?: ProxyError }) => void;
  const finished = new Promise<{ trace: RequestTrace; thrown?: ProxyError }>((r) => (done = r));
  let arrived!: () => void;
  const arrival = new Promise<void>((r) => (arrived = r));
  const server: Server = createServer((req, res) => {
    arrived();
    const ex: Exchange = createExchange(req, res, { path: '/v1/chat/completions', url: req.url ?? '', startedAt: Date.now(), trace: newTrace(NOOP_BUILDER) });
    const body = { model: 'm', stream: opts.stream === true, messages: [{ role: 'user', content: 'hi' }] };
    const call: ClientCall = { dialect: 'openai-chat', action: 'generate', clientModel: 'm', stream: opts.stream === true, geminiSse: false, body, raw: Buffer.from(JSON.stringify(body)), headers: req.headers };
    ex.trace.call = call;
    req.resume();
    req.on('end', () => {
      dispatch(routed(ex, call), svc).then(
        () => done({ trace: ex.trace }),
        (err: ProxyError) => {
          if (!res.headersSent) res.writeHead(err.status).end(err.message);
          done({ trace: ex.trace, thrown: err });
        },
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`;
  try {
    const ac = new AbortController();
    // Counted from the request's arrival: a client that gave up before the server saw it would leave nothing to finish (a hang under load).
    if (opts.abortAfterMs !== undefined) void arrival.then(() => setTimeout(() => ac.abort(), opts.abortAfterMs));
    let status = 0;
    let body = '';
    try {
      const r = await fetch(url, { method: 'POST', body: '{}', signal: ac.signal });
      status = r.status;
      body = await r.text();
    } catch {
      status = -1; // the client gave up
    }
    const { trace, thrown } = await finished;
    return { status, body, trace, thrown, reports } as Served & { reports: typeof reports };
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

test('dispatch: success — send answers, record reports it, respond writes the JSON answer', async () => {
  const r = await serve(['a'], { a: { text: 'hello' } });
  assert.equal(r.status, 200);
  assert.equal(JSON.parse(r.body).choices[0].message.content, 'hello');
  assert.deepEqual(r.reports, [{ id: 'a', ok: true, status: undefined }]);
  assert.deepEqual(r.trace.attempts.map((a) => a.status), [200]);
  assert.equal(r.trace.account?.id, 'a');
  assert.equal(r.trace.tokens, 7, 'usage metered from the provider events');
});

test('dispatch: a retryable failure moves on; the second candidate answers (streamed)', async () => {
  const busy = new ProxyError('rate_limit', 'busy', { status: 429, retryable: true });
  const r = await serve(['a', 'b'], { a: { fail: busy }, b: { text: 'from b' } }, { stream: true });
  assert.equal(r.status, 200);
  assert.match(r.body, /"content":"from b"/);
  assert.match(r.body, /data: \[DONE\]\n\n$/);
  assert.deepEqual(r.reports, [{ id: 'a', ok: false, status: 429 }, { id: 'b', ok: true, status: undefined }]);
  assert.deepEqual(r.trace.attempts.map((a) => [a.accountId, a.status]), [['a', 429], ['b', 200]]);
  assert.equal(r.trace.account?.id, 'b');
});

test('dispatch: a non-retryable failure is the answer; no other account is tried', async () => {
  const bad = new ProxyError('invalid_request', 'bad request', { status: 400, retryable: false });
  const r = await serve(['a', 'b'], { a: { fail: bad }, b: { text: 'never' } });
  assert.equal(r.thrown, bad);
  assert.equal(r.status, 400);
  assert.deepEqual(r.reports, [{ id: 'a', ok: false, status: 400 }]);
  assert.deepEqual(r.trace.attempts.map((a) => a.status), [400]);
});

test('dispatch: a client that goes away is a 499 attempt, not reported to the pool, no failover', async () => {
  const r = await serve(['a', 'b'], { a: { hang: true }, b: { text: 'never' } }, { abortAfterMs: 50 });
  assert.equal(r.status, -1);
  assert.equal(r.thrown, undefined);
  assert.deepEqual(r.trace.attempts.map((a) => [a.accountId, a.status]), [['a', 499]]);
  assert.deepEqual(r.reports, []);
  assert.equal(r.trace.aborted, true);
});
