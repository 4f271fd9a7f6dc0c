/**
 * issue 14: every 429 / 503 the proxy answers carries `Retry-After` in whole seconds, clamped
 * to 1 … 3600, in every client dialect; a Gemini error body also carries google.rpc.RetryInfo.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { answerError, FakeVendor } from '../fakes/vendor';
import { account, startProxy } from '../support/proxy-harness';

type Dialect = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini';
const DIALECTS: Dialect[] = ['openai-chat', 'openai-responses', 'anthropic', 'gemini'];

function call(base: string, dialect: Dialect, model: string): Promise<Response> {
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  switch (dialect) {
    case 'openai-chat': return post('/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }] });
    case 'openai-responses': return post('/v1/responses', { model, input: 'hi' });
    case 'anthropic': return post('/v1/messages', { model, max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
    case 'gemini': return post(`/v1beta/models/${model}:generateContent`, { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
  }
}

/** Status, Retry-After (a whole number of seconds, else NaN) and the dialect's error body, checked for shape. */
async function errorOf(r: Response, dialect: Dialect): Promise<{ status: number; retryAfter: number; body: any }> {
  const header = r.headers.get('retry-after') ?? '';
  const body = (await r.json()) as any;
  if (dialect === 'anthropic') assert.equal(body.type, 'error');
  else assert.equal(typeof body.error?.message, 'string', JSON.stringify(body));
  return { status: r.status, retryAfter: /^\d+$/.test(header) ? Number(header) : NaN, body };
}

/** A Gemini error's RetryInfo delay in seconds (undefined when absent). */
function retryInfoSeconds(body: any): number | undefined {
  const info = (body.error?.details ?? []).find((d: any) => d['@type'] === 'type.googleapis.com/google.rpc.RetryInfo');
  const m = /^(\d+)s$/.exec(info?.retryDelay ?? '');
  return m ? Number(m[1]) : undefined;
}

describe('Retry-After on every 429 / 503, in every dialect', () => {
  for (const dialect of DIALECTS) {
    test(`${dialect}: Gemini upstreams rate-limited with RetryInfo only → 429 with Retry-After, then all cooling → the soonest`, async () => {
      // Gemini puts its delay in the body only (no header): the pool reads it, and so must the client.
      const mk = (delay: string) => FakeVendor.start((r, res) => answerError(r, res, 429, 'Resource has been exhausted (e.g. check quota).', { retryDelay: delay }));
      const a = await mk('12s');
      const b = await mk('40s');
      const proxy = await startProxy({ accounts: [account('gemini', a.url, { id: 'a' }), account('gemini', b.url, { id: 'b' })] });
      try {
        const first = await errorOf(await call(proxy.url, dialect, 'gemini-2.5-flash'), dialect);
        assert.equal(first.status, 429);
        assert.equal(a.requests.length + b.requests.length, 2, 'both accounts were tried');
        assert.ok(first.retryAfter === 12 || first.retryAfter === 40, `first Retry-After ${first.retryAfter}`);
        const cooling = await errorOf(await call(proxy.url, dialect, 'gemini-2.5-flash'), dialect);
        assert.equal(cooling.status, 429);
        assert.equal(a.requests.length + b.requests.length, 2, 'no upstream call while every account cools');
        assert.ok(cooling.retryAfter >= 10 && cooling.retryAfter <= 12, `all-cooling Retry-After ${cooling.retryAfter} is the soonest (12 s)`);
        if (dialect === 'gemini') {
          assert.equal(cooling.body.error.status, 'RESOURCE_EXHAUSTED');
          assert.equal(retryInfoSeconds(cooling.body), cooling.retryAfter, 'RetryInfo in the Gemini body says the same');
          assert.equal(retryInfoSeconds(first.body), first.retryAfter);
        }
      } finally {
        await proxy.stop();
        await a.close();
        await b.close();
      }
    });

    test(`${dialect}: a hostile upstream Retry-After: 999999999 reaches the client clamped to 3600`, async () => {
      const up = await FakeVendor.start((r, res) => answerError(r, res, 429, 'rate limited', { retryAfter: 999999999 }));
      const proxy = await startProxy({ accounts: [account('anthropic', up.url)] });
      try {
        const first = await errorOf(await call(proxy.url, dialect, 'claude-sonnet-4-5'), dialect);
        assert.equal(first.status, 429);
        assert.equal(first.retryAfter, 3600);
        const cooling = await errorOf(await call(proxy.url, dialect, 'claude-sonnet-4-5'), dialect);
        assert.equal(cooling.status, 429);
        assert.equal(cooling.retryAfter, 3600);
        if (dialect === 'gemini') assert.equal(retryInfoSeconds(cooling.body), 3600);
      } finally {
        await proxy.stop();
        await up.close();
      }
    });

    test(`${dialect}: an upstream 503 with no hint still gets a Retry-After (≥ 1 s)`, async () => {
      const up = await FakeVendor.start((r, res) => answerError(r, res, 503, 'The service is currently unavailable.'));
      const proxy = await startProxy({ accounts: [account('openai', `${up.url}/v1`)] });
      try {
        const r = await errorOf(await call(proxy.url, dialect, 'gpt-4o'), dialect);
        assert.equal(r.status, 503);
        assert.ok(r.retryAfter >= 1 && r.retryAfter <= 3600, `Retry-After ${r.retryAfter}`);
        if (dialect === 'gemini') assert.equal(retryInfoSeconds(r.body), r.retryAfter);
      } finally {
        await proxy.stop();
        await up.close();
      }
    });
  }
});
