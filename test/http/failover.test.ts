import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { answerError, FakeVendor, json, sleep, openaiChatResponse, anthropicResponse, geminiResponse, type Handler } from '../fakes/vendor';
import { account, startProxy } from '../support/proxy-harness';

const chat = (proxyUrl: string, content = 'hi', headers: Record<string, string> = {}) =>
  fetch(`${proxyUrl}/v1/chat/completions`, { method: 'POST', headers, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content }] }) });

/** Two OpenAI accounts: the first answers with `failing`, the second succeeds. */
async function pair(failing: Handler) {
  const a = await FakeVendor.start(failing);
  const b = await FakeVendor.start((_r, res) => json(res, 200, openaiChatResponse('from b')));
  const proxy = await startProxy({ scheduling: 'fill-first', accounts: [account('openai', `${a.url}/v1`, { id: 'a', priority: 2 }), account('openai', `${b.url}/v1`, { id: 'b', priority: 1 })] });
  return { a, b, proxy, close: async () => (await proxy.stop(), await a.close(), await b.close()) };
}

describe('failover before the first byte', () => {
  const rotating: { name: string; handler: Handler; coolsFor?: number }[] = [
    { name: '429 Retry-After seconds', handler: (r, res) => answerError(r, res, 429, 'Rate limit reached for requests', { retryAfter: 120 }), coolsFor: 120 },
    { name: '429 Retry-After HTTP date', handler: (r, res) => answerError(r, res, 429, 'Rate limit reached for requests', { retryAfter: new Date(Date.now() + 90_000).toUTCString() }), coolsFor: 90 },
    { name: '429 OpenAI x-ratelimit-reset-requests', handler: (r, res) => answerError(r, res, 429, 'Rate limit reached for requests', { headers: { 'x-ratelimit-reset-requests': '6m0s', 'x-ratelimit-remaining-requests': '0' } }), coolsFor: 360 },
    { name: '500', handler: (r, res) => answerError(r, res, 500, 'The server had an error while processing your request.') },
    { name: '529 overloaded', handler: (r, res) => answerError(r, res, 529, 'Overloaded') },
    { name: 'connection reset before headers', handler: (_r, res) => void res.socket?.destroy() },
  ];
  for (const c of rotating) {
    test(`${c.name} → the next account answers`, async () => {
      const p = await pair(c.handler);
      try {
        const r = await chat(p.proxy.url);
        assert.equal(r.status, 200);
        assert.equal(((await r.json()) as any).choices[0].message.content, 'from b');
        assert.equal(p.a.requests.length, 1);
        const st = p.proxy.server.status().accountStates.find((s) => s.id === 'a')!;
        if (c.coolsFor) {
          assert.equal(st.state, 'cooling');
          const secs = ((st.coolingUntil ?? 0) - Date.now()) / 1000;
          assert.ok(Math.abs(secs - c.coolsFor) < 5, `cooling ${secs}s, expected ~${c.coolsFor}s`);
          // While cooling, the next request goes straight to b.
          await chat(p.proxy.url, 'again');
          assert.equal(p.a.requests.length, 1);
        }
      } finally {
        await p.close();
      }
    });
  }

  test('Gemini RetryInfo retryDelay sets the cooldown', async () => {
    const g1 = await FakeVendor.start((r, res) => answerError(r, res, 429, 'Quota exceeded', { retryDelay: '37s' }));
    const g2 = await FakeVendor.start((_r, res) => json(res, 200, geminiResponse('g2')));
    const proxy = await startProxy({ scheduling: 'fill-first', accounts: [account('gemini', g1.url, { id: 'g1', priority: 2 }), account('gemini', g2.url, { id: 'g2', priority: 1 })] });
    try {
      const r = await fetch(`${proxy.url}/v1beta/models/gemini-2.5-flash:generateContent`, { method: 'POST', body: '{"contents":[{"role":"user","parts":[{"text":"x"}]}]}' });
      assert.equal(r.status, 200);
      const st = proxy.server.status().accountStates.find((s) => s.id === 'g1')!;
      assert.equal(st.state, 'cooling');
      assert.ok(Math.abs(((st.coolingUntil ?? 0) - Date.now()) / 1000 - 37) < 5);
    } finally {
      await proxy.stop();
      await g1.close();
      await g2.close();
    }
  });

  test('401 disables the account with the reason; traffic moves on', async () => {
    const p = await pair((r, res) => answerError(r, res, 401, 'Incorrect API key provided: up***key. You can find your API key at https://platform.openai.com/account/api-keys.'));
    try {
      const r = await chat(p.proxy.url);
      // A bad key is this account's fault, not the request's: the next account serves it.
      assert.equal(r.status, 200);
      const st = p.proxy.server.status().accountStates.find((s) => s.id === 'a')!;
      assert.equal(st.state, 'disabled');
      assert.match(st.disabledReason ?? '', /401|key/i);
    } finally {
      await p.close();
    }
  });

  test('400 invalid request does not rotate', async () => {
    const p = await pair((r, res) => answerError(r, res, 400, 'messages: field required'));
    try {
      const r = await chat(p.proxy.url);
      assert.equal(r.status, 400);
      assert.match(((await r.json()) as any).error.message, /field required/);
      assert.equal(p.b.requests.length, 0);
    } finally {
      await p.close();
    }
  });

  test('every account cooling → 429 in the caller dialect, Retry-After = soonest reset, naming the count', async () => {
    const mk = (secs: string) => FakeVendor.start((r, res) => answerError(r, res, 429, 'limit', { retryAfter: secs }));
    const a = await mk('30');
    const b = await mk('20');
    const proxy = await startProxy({ accounts: [account('anthropic', a.url, { id: 'a' }), account('anthropic', b.url, { id: 'b' })] });
    try {
      const body = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
      const first = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', body });
      assert.equal(first.status, 429);
      assert.equal(a.requests.length + b.requests.length, 2, 'one attempt per account');
      const r = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', body });
      assert.equal(r.status, 429);
      const retry = Number(r.headers.get('retry-after'));
      assert.ok(retry >= 18 && retry <= 20, `retry-after ${retry}`);
      const b2 = (await r.json()) as any;
      assert.equal(b2.type, 'error');
      assert.equal(b2.error.type, 'rate_limit_error');
      assert.match(b2.error.message, /2 accounts/);
      assert.equal(a.requests.length + b.requests.length, 2, 'no upstream call while all cool');
    } finally {
      await proxy.stop();
      await a.close();
      await b.close();
    }
  });

  test('requestTimeoutSeconds bounds the wait for the first byte, then fails over', async () => {
    const p = await pair(async (_r, res) => {
      await sleep(1500);
      json(res, 200, openaiChatResponse('too late'));
    });
    p.proxy.server.update({ ...p.proxy.config, proxy: { ...p.proxy.config.proxy, requestTimeoutSeconds: 1 } });
    try {
      const r = await chat(p.proxy.url);
      assert.equal(r.status, 200);
      assert.equal(((await r.json()) as any).choices[0].message.content, 'from b');
    } finally {
      await p.close();
    }
  });

  test('sticky: a session stays on its account across turns, moves once when it cools', async () => {
    let aLimited = false;
    const a = await FakeVendor.start((_r, res) => (aLimited ? json(res, 429, { error: { message: 'rate' } }, { 'retry-after': '600' }) : json(res, 200, openaiChatResponse('a'))));
    const b = await FakeVendor.start((_r, res) => json(res, 200, openaiChatResponse('b')));
    const proxy = await startProxy({ scheduling: 'sticky', accounts: [account('openai', `${a.url}/v1`, { id: 'a' }), account('openai', `${b.url}/v1`, { id: 'b' })] });
    try {
      const served: string[] = [];
      for (let turn = 0; turn < 50; turn++) {
        if (turn === 25) aLimited = true;
        const r = await chat(proxy.url, `turn ${turn}`, { 'x-session-affinity': 'sess-1' });
        served.push(((await r.json()) as any).choices[0].message.content);
      }
      const moves = served.filter((s, i) => i > 0 && s !== served[i - 1]).length;
      assert.equal(moves, 1, served.join(''));
      assert.equal(new Set(served.slice(0, 25)).size, 1);
    } finally {
      await proxy.stop();
      await a.close();
      await b.close();
    }
  });
});

describe('model mapping and models', () => {
  test('Claude models reach a Gemini-only pool through defaults; mapping wins over defaults', async () => {
    const up = await FakeVendor.start((_r, res) => json(res, 200, anthropicResponse('ok')));
    const proxy = await startProxy({ accounts: [account('anthropic', up.url)], modelMapping: { 'claude-3-*': 'claude-sonnet-4-5', 'claude-3-haiku-*': 'claude-haiku-4-5' } });
    try {
      const send = (model: string) => fetch(`${proxy.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ model, max_tokens: 5, messages: [{ role: 'user', content: model }] }) });
      await send('claude-3-haiku-20240307');
      assert.equal(up.last().json.model, 'claude-haiku-4-5');
      await send('claude-3-opus-20240229');
      assert.equal(up.last().json.model, 'claude-sonnet-4-5');
    } finally {
      await proxy.stop();
      await up.close();
    }
  });
});
