/* eslint-disable @typescript-eslint/no-explicit-any */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor, json, anthropicResponse, USAGE } from '../fakes/vendor';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { account, startProxy } from '../support/proxy-harness';

const KEY = 'sk-sessions-api-proxy-key-4242';
const SESSION = '8c1f0b7e-5d2a-4c1e-9f3b-1a2b3c4d5e6f';

test('a scripted Claude Code session (main agent + two subagents) → session tree, usage by session, accounts with quota, CSV session column', async () => {
  let remaining = 50;
  // Anthropic's real answer with its rate-limit headers, counting down one per request.
  const vendor = await FakeVendor.start((_req, res) => {
    remaining--;
    json(res, 200, anthropicResponse('ok'), {
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-requests-remaining': String(remaining),
      'anthropic-ratelimit-requests-reset': new Date(Date.now() + 3_600_000).toISOString(),
      'request-id': 'req_011',
    });
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'agp-sessions-'));
  const proxy = await startProxy({
    proxy: { authMode: 'strict', apiKey: KEY },
    monitor: { enabled: true, captureBodies: 'none', maxEntries: 100 },
    accounts: [account('anthropic', vendor.url, { id: 'ant', label: 'Anthropic main', maxConcurrent: 4 })],
  }, { dataDir });
  const send = async (headers: Record<string, string>) => {
    const r = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'work' }] }),
    });
    assert.equal(r.status, 200, await r.text());
  };
  const api = (path: string, key = KEY) => fetch(`${proxy.url}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  try {
    const s = { 'x-claude-code-session-id': SESSION };
    await send({ ...s, 'x-claude-code-agent-id': 'agent-main' });
    await send({ ...s, 'x-claude-code-agent-id': 'agent-sub-1', 'x-claude-code-parent-agent-id': 'agent-main' });
    await send({ ...s, 'x-claude-code-agent-id': 'agent-sub-1', 'x-claude-code-parent-agent-id': 'agent-main' });
    await send({ ...s, 'x-claude-code-agent-id': 'agent-sub-2', 'x-claude-code-parent-agent-id': 'agent-main' });
    await send({ ...s, 'x-claude-code-agent-id': 'agent-main' });
    await send({ session_id: 'codex-session-2' }); // Codex's header: another session
    await send({}); // no session at all

    // Never open without the key.
    assert.equal((await api(`/antigravity/v1/sessions/${SESSION}`, '')).status, 401);
    assert.equal((await api('/antigravity/v1/usage?by=session', 'sk-wrong-key-000')).status, 401);
    assert.equal((await api('/antigravity/v1/accounts', '')).status, 401);

    const res = await api(`/antigravity/v1/sessions/${SESSION}`);
    assert.equal(res.status, 200);
    const view = (await res.json()) as any;
    assert.equal(view.id, SESSION);
    assert.equal(view.totals.requests, 5);
    assert.equal(view.totals.inputTokens, 5 * USAGE.input);
    assert.equal(view.totals.outputTokens, 5 * USAGE.output);
    assert.equal(view.lastModel, 'claude-sonnet-4-5');
    const main = view.main;
    assert.equal(main.agentId, 'agent-main');
    assert.equal(main.own.requests, 2);
    assert.equal(main.total.requests, 5);
    assert.equal(main.total.outputTokens, 5 * USAGE.output);
    const kids = Object.fromEntries(main.children.map((c: { agentId: string }) => [c.agentId, c]));
    assert.deepEqual(Object.keys(kids).sort(), ['agent-sub-1', 'agent-sub-2']);
    assert.equal(kids['agent-sub-1'].parentAgentId, 'agent-main');
    assert.equal(kids['agent-sub-1'].total.requests, 2);
    assert.equal(kids['agent-sub-1'].total.inputTokens, 2 * USAGE.input);
    assert.equal(kids['agent-sub-2'].total.requests, 1);
    assert.deepEqual(kids['agent-sub-2'].children, []);

    assert.equal((await api('/antigravity/v1/sessions/no-such-session')).status, 404);

    const bySession = (await (await api('/antigravity/v1/usage?by=session')).json()) as any;
    const rows = Object.fromEntries(bySession.rows.map((r: { sessionId: string }) => [r.sessionId, r]));
    assert.deepEqual(Object.keys(rows).sort(), ['codex-session-2', SESSION].sort());
    assert.equal(rows[SESSION].requests, 5);
    assert.equal(rows[SESSION].outputTokens, 5 * USAGE.output);
    assert.equal(rows['codex-session-2'].requests, 1);

    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    const byDay = (await (await api(`/antigravity/v1/usage?by=day&from=${day}&to=${day}`)).json()) as any;
    assert.equal(byDay.rows.length, 1);
    assert.equal(byDay.rows[0].day, day);
    assert.equal(byDay.rows[0].requests, 7);
    assert.equal(byDay.rows[0].inputTokens, 7 * USAGE.input);
    const byAccount = (await (await api('/antigravity/v1/usage?by=account')).json()) as any;
    assert.deepEqual(byAccount.rows.map((r: { accountId: string; requests: number }) => [r.accountId, r.requests]), [['ant', 7]]);
    const past = (await (await api('/antigravity/v1/usage?by=model&to=2000-01-01')).json()) as any;
    assert.deepEqual(past.rows, []);
    assert.equal((await api('/antigravity/v1/usage?by=week')).status, 400);

    const accounts = (await (await api('/antigravity/v1/accounts')).json()) as any;
    const ant = accounts.accounts.find((a: { id: string }) => a.id === 'ant');
    assert.equal(ant.state, 'ready');
    assert.equal(ant.inFlight, 0);
    assert.equal(ant.queued, 0);
    assert.deepEqual(ant.limits, { maxConcurrent: 4 });
    const win = ant.quota.windows.find((w: { name: string }) => w.name === 'requests');
    assert.equal(win.remaining, 43, 'the last response said 43 of 50 left');
    assert.equal(win.limit, 50);
    assert.ok(!JSON.stringify(accounts).includes('upstream-key-anthropic'), 'no account key in the API');

    const monitor = proxy.server.monitor()!;
    const csv = monitor.toCsv(monitor.list()).split('\r\n');
    const header = csv[0].split(',');
    const col = header.indexOf('session_id');
    assert.ok(col >= 0, csv[0]);
    const sessionCells = csv.slice(1, -1).map((line) => line.split(',')[col]);
    assert.equal(sessionCells.filter((c) => c === SESSION).length, 5);
    assert.equal(sessionCells.filter((c) => c === 'codex-session-2').length, 1);
    assert.equal(monitor.list().find((r) => r.agentId === 'agent-sub-2')?.parentAgentId, 'agent-main');
    assert.ok(monitor.list().every((r) => r.requestClass !== undefined), 'each record carries its request class');
  } finally {
    await proxy.stop();
    await vendor.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
