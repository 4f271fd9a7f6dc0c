/** Issue 20: the Sessions view-model (rows, totals, the agent tree) and "Copy as curl". */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { buildSessions, buildSessionTree, formatCost } from '../../../src/monitor/sessions-view';
import { curlOf } from '../../../src/monitor/curl';
import type { RequestRecord } from '../../../src/monitor/types';

let seq = 0;
function rec(p: Partial<RequestRecord> & { in?: number; out?: number; cached?: number; usd?: number; included?: boolean }): RequestRecord {
  seq++;
  const r: RequestRecord = {
    id: `r${seq}`, seq, time: 1_000_000 + seq * 1000, method: 'POST', path: '/v1/messages', status: 200,
    attempts: [{ accountId: 'a', accountLabel: 'A', accountKind: 'anthropic', upstreamModel: 'claude-sonnet-4-5', status: 200 }],
    stream: false, aborted: false, durationMs: 500, notes: [], clientDialect: 'anthropic',
    usage: { inputTokens: p.in ?? 100, outputTokens: p.out ?? 10, cachedTokens: p.cached ?? 0, reasoningTokens: 0, estimated: false },
    ...p,
  };
  if (p.usd !== undefined) r.cost = { usd: p.usd, ...(p.included ? { included: true } : {}) };
  for (const k of ['in', 'out', 'cached', 'usd', 'included'] as const) delete (r as unknown as Record<string, unknown>)[k];
  return r;
}

const failover = [
  { accountId: 'a', accountLabel: 'A', accountKind: 'anthropic' as const, upstreamModel: 'm', status: 529, reason: 'overloaded' },
  { accountId: 'b', accountLabel: 'B', accountKind: 'anthropic' as const, upstreamModel: 'm', status: 200 },
];

test('one row per session with tokens, cost, cache-hit rate, failovers and duration; the tree sums subagents into the main agent', () => {
  seq = 0;
  const records = [
    rec({ sessionId: 's1', agentId: 'main', in: 1000, out: 100, cached: 500, usd: 0.01 }),
    rec({ sessionId: 's1', agentId: 'sub-a', parentAgentId: 'main', in: 200, out: 20, cached: 0, usd: 0.002, attempts: failover }),
    rec({ sessionId: 's1', agentId: 'sub-b', parentAgentId: 'main', in: 300, out: 30, cached: 300, usd: 0.003 }),
    rec({ sessionId: 's1', agentId: 'sub-b', parentAgentId: 'main', in: 100, out: 10, usd: 0.001, status: 500, errorType: 'api_error' }),
    rec({ sessionId: 's2', in: 50, out: 5, usd: 0, included: true }),
    rec({ in: 7, out: 7 }), // no session: not in the view
  ];
  const rows = buildSessions(records);
  assert.deepEqual(rows.map((r) => r.id), ['s2', 's1'], 'most recently active first');
  const s1 = rows[1]!;
  assert.equal(s1.totals.requests, 4);
  assert.equal(s1.totals.inputTokens, 1600);
  assert.equal(s1.totals.outputTokens, 160);
  assert.ok(Math.abs(s1.totals.costUsd - 0.016) < 1e-12);
  assert.equal(s1.cells.cost, '$0.02');
  assert.equal(s1.cells.cacheHit, '50 %'); // 800 cached of 1600
  assert.equal(s1.cells.failovers, '1');
  assert.equal(s1.totals.errors, 1);
  // first seen at record 1 (t=1 001 000), last end at record 4 (t=1 004 000 + 500 ms)
  assert.equal(s1.totals.lastEnd - s1.totals.firstSeen, 3500);
  assert.equal(rows[0]!.cells.cost, 'included', 'flat-rate only: included, not $0');

  const tree = buildSessionTree(records, 's1')!;
  assert.equal(tree.agents.length, 1);
  const main = tree.agents[0]!;
  assert.equal(main.agentId, 'main');
  assert.deepEqual(main.children.map((c) => c.agentId), ['sub-a', 'sub-b']);
  assert.equal(main.totals.requests, 4, 'the main agent totals include its subagents');
  assert.equal(main.totals.inputTokens, 1600);
  const subB = main.children[1]!;
  assert.equal(subB.totals.requests, 2);
  assert.equal(subB.cells.tokensIn, formatTokensOf(400));
  assert.ok(Math.abs(subB.totals.costUsd - 0.004) < 1e-12);
  assert.equal(subB.cells.cost, '$0.004000');
  assert.equal(main.children[0]!.totals.failovers, 1);
  assert.equal(buildSessionTree(records, 'nope'), undefined);
});

function formatTokensOf(n: number): string {
  return buildSessions([rec({ sessionId: 'x', in: n })])[0]!.cells.tokensIn;
}

test('an unknown parent and a parent cycle still give a tree with every record counted once', () => {
  seq = 0;
  const records = [
    rec({ sessionId: 's', agentId: 'orphan', parentAgentId: 'never-sent' }),
    rec({ sessionId: 's', agentId: 'x', parentAgentId: 'y' }),
    rec({ sessionId: 's', agentId: 'y', parentAgentId: 'x' }),
  ];
  const tree = buildSessionTree(records, 's')!;
  const count = (nodes: typeof tree.agents): number => nodes.reduce((n, a) => n + a.totals.requests - a.children.reduce((m, c) => m + c.totals.requests, 0) + count(a.children), 0);
  assert.equal(count(tree.agents), 3);
  assert.equal(tree.totals.requests, 3);
  assert.ok(tree.agents.some((a) => a.agentId === 'never-sent' && a.children[0]?.agentId === 'orphan'));
});

test('cost formatting: none, estimated, mixed flat-rate', () => {
  assert.equal(formatCost({ costUsd: 0, costed: 0, included: 0, estimated: false }), '—');
  assert.equal(formatCost({ costUsd: 1.5, costed: 2, included: 1, estimated: false }), '$1.50');
  assert.equal(formatCost({ costUsd: 1.5, costed: 2, included: 0, estimated: true }), '~$1.50');
});

test('Copy as curl: the proxy URL, the key as $ANTIGRAVITY_KEY, session headers, the captured body safely quoted', () => {
  const body = `{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"it's $HOME \`x\`"}]}`;
  const r = rec({ sessionId: 's1', agentId: 'sub-a', parentAgentId: 'main', bodies: { request: body }, userAgent: 'claude-cli/2.0' });
  const curl = curlOf(r, 'http://127.0.0.1:8045/');
  assert.match(curl, /^curl -X POST 'http:\/\/127\.0\.0\.1:8045\/v1\/messages'/);
  assert.match(curl, /-H "x-api-key: \$ANTIGRAVITY_KEY"/);
  assert.match(curl, /-H 'x-claude-code-agent-id: sub-a'/);
  assert.doesNotMatch(curl, /sk-|Bearer [^$]/);
  // The shell sees exactly the captured body and expands only the key.
  const argv = execFileSync('sh', ['-c', `ANTIGRAVITY_KEY=k123; set -- ${curl.replace(/^curl /, '').replace(/\\\n/g, ' ')}; for a; do printf '%s\\0' "$a"; done`]).toString('utf8').split('\0');
  assert.ok(argv.includes(body), 'body passes through the quoting unchanged');
  assert.ok(argv.includes('x-api-key: k123'));
  assert.match(curlOf({ ...r, clientDialect: 'openai-chat', bodies: undefined }, 'http://h:1'), /"Authorization: Bearer \$ANTIGRAVITY_KEY"/);
});
