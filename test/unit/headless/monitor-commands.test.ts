import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runMonitorCommand, runUsageCommand } from '../../../src/headless/monitor-commands';
import { createMonitor } from '../../../src/monitor/monitor';
import { dayKey } from '../../../src/monitor/usage-totals';
import { tempDir } from '../monitor/helpers';

function io(dataDir?: string) {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) }, dataDir } };
}

async function seed(dir: string): Promise<void> {
  const m = createMonitor({ dataDir: dir, enabled: true, captureBodies: 'all', maxEntries: 100, secrets: () => [], now: Date.now });
  await m.ready();
  const ok = m.begin({ method: 'POST', path: '/v1/messages', clientDialect: 'anthropic', clientModel: 'claude-sonnet-4-5', stream: true });
  ok.set({ accountId: 'g1', accountLabel: 'Gemini work', upstreamModel: 'gemini-3-flash' });
  ok.requestBody('{"secret-ish":"body"}');
  ok.addUsage({ inputTokens: 12_345, outputTokens: 678 });
  ok.finish({ status: 200, ttfbMs: 420, durationMs: 2500 });
  m.begin({ method: 'POST', path: '/v1/chat/completions', clientDialect: 'openai-chat', clientModel: 'gpt-x' }).finish({ status: 429, errorType: 'rate_limit', errorMessage: 'All accounts cooling' });
  await m.close();
}

test('monitor: table, --errors, --limit, --json (bodies only with --bodies)', async (t) => {
  const dir = await tempDir(t);
  await seed(dir);

  const a = io();
  assert.equal(await runMonitorCommand(['--data-dir', dir], a.io), 0);
  const lines = a.out.stdout.trim().split('\n');
  assert.match(lines[0]!, /^time\s+status\s+dialect\s+model → upstream\s+account\s+in\s+out\s+ttfb\s+duration/);
  assert.equal(lines.length, 4, 'header, rule, two records');
  assert.match(lines[2]!, /200\s+anthropic\s+claude-sonnet-4-5 → gemini-3-flash\s+Gemini work\s+12\.3k\s+678\s+420 ms\s+2\.5 s/);
  assert.match(lines[3]!, /429\s+openai-chat\s+gpt-x .*rate_limit: All accounts cooling/);

  const e = io(dir);
  assert.equal(await runMonitorCommand(['--errors', '--json'], e.io), 0);
  const recs = e.out.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(recs.map((r) => r.status), [429]);

  const j = io(dir);
  await runMonitorCommand(['--json', '--limit=1'], j.io);
  const one = j.out.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(one.length, 1);
  assert.equal(one[0].status, 429, 'the newest');

  const all = io(dir);
  await runMonitorCommand(['--json'], all.io);
  assert.ok(!all.out.stdout.includes('secret-ish'));
  const withBodies = io(dir);
  await runMonitorCommand(['--json', '--bodies'], withBodies.io);
  assert.ok(withBodies.out.stdout.includes('secret-ish'));
});

test('usage: totals table, --by, --json; empty dir; bad options', async (t) => {
  const dir = await tempDir(t);
  await seed(dir);
  const u = io(dir);
  assert.equal(await runUsageCommand([], u.io), 0);
  const text = u.out.stdout;
  assert.match(text, new RegExp(`${dayKey(Date.now())}\\s+Gemini work\\s+gemini-3-flash\\s+1\\s+0\\s+12\\.3k\\s+678`));
  assert.match(text, /total\s+2\s+1\s+12\.3k\s+678/);

  const byAccount = io(dir);
  await runUsageCommand(['--by', 'account', '--json'], byAccount.io);
  const groups = byAccount.out.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(groups.map((g) => [g.label, g.requests]), [['Gemini work', 1], ['(no account)', 1]]);

  const empty = io(await tempDir(t));
  assert.equal(await runUsageCommand([], empty.io), 0);
  assert.equal(empty.out.stdout, 'No usage recorded.\n');
  const emptyMon = io(await tempDir(t));
  assert.equal(await runMonitorCommand([], emptyMon.io), 0);
  assert.equal(emptyMon.out.stdout, 'No requests recorded.\n');

  const bad = io(dir);
  assert.equal(await runUsageCommand(['--days', 'x'], bad.io), 2);
  assert.match(bad.out.stderr, /--days must be/);
  const unknown = io(dir);
  assert.equal(await runMonitorCommand(['--nope'], unknown.io), 2);
  const noDir = io();
  assert.equal(await runMonitorCommand([], noDir.io), 2);
  assert.match(noDir.out.stderr, /--data-dir/);
});
