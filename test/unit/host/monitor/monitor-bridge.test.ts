import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { MonitorPanelBridge, type MonitorBridgeDeps } from '../../../../src/host/monitor/monitor-bridge';
import { MonitorOwner } from '../../../../src/host/monitor/monitor-owner';
import { createMonitor } from '../../../../src/monitor/monitor';
import type { Monitor, RecordFields } from '../../../../src/monitor/types';
import type { MonitorEvent } from '../../../../src/shared/monitor-protocol';
import { EMPTY_QUERY } from '../../../../src/shared/monitor-protocol';
import { ManualScheduler } from '../../monitor/helpers';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function setup(t: TestContext, over: Partial<MonitorBridgeDeps> = {}) {
  const timers = new ManualScheduler();
  const m = createMonitor({ enabled: true, captureBodies: 'all', maxEntries: 100, secrets: () => ['sk-secret-123456'], now: () => NOW, schedule: timers.schedule });
  t.after(() => m.close());
  const events: MonitorEvent[] = [];
  const saved: Array<{ name: string; content: string }> = [];
  let clearChoice: 'records' | 'all' | undefined = 'records';
  const bridge = new MonitorPanelBridge({
    monitor: () => m,
    settings: () => ({ enabled: true, captureBodies: 'all', maxEntries: 100 }),
    t: (s, ...args) => `«${s.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]))}»`,
    saveFile: async (name, content) => { saved.push({ name, content }); return `/tmp/${name}`; },
    confirmClear: async () => clearChoice,
    now: () => NOW,
    logger: silent,
    ...over,
  });
  t.after(() => bridge.dispose());
  const send = (payload: unknown) => bridge.onMessage(payload, (e) => events.push(e as MonitorEvent));
  const settle = () => new Promise((r) => setTimeout(r, 5));
  const last = <K extends MonitorEvent['kind']>(kind: K) => events.filter((e): e is Extract<MonitorEvent, { kind: K }> => e.kind === kind).at(-1);
  return { m, timers, events, saved, bridge, send, settle, last, setClear: (c: typeof clearChoice) => { clearChoice = c; } };
}

function record(m: Monitor, fields: RecordFields, body?: string): void {
  const b = m.begin({ method: 'POST', path: fields.path ?? '/v1/chat/completions' });
  b.set({ clientDialect: 'openai-chat', clientModel: 'gpt-4o', upstreamModel: 'gpt-4o', accountId: 'a1', accountLabel: 'Main', accountKind: 'openai', status: 200, ...fields });
  if (body) b.requestBody(body);
  b.addUsage({ inputTokens: 100, outputTokens: 20 });
  b.finish();
}

test('query answers with a snapshot: rows newest first, no bodies, filter options and counts', async (t) => {
  const s = setup(t);
  record(s.m, { clientModel: 'first' }, '{"key":"sk-secret-123456"}');
  record(s.m, { clientModel: 'second', status: 500, errorType: 'api_error', clientDialect: 'anthropic' });
  s.send({ kind: 'query', query: EMPTY_QUERY });
  await s.settle();
  const snap = s.last('snapshot')!;
  assert.deepEqual(snap.rows.map((r) => r.model), ['second → gpt-4o', 'first → gpt-4o']);
  assert.ok(!JSON.stringify(snap).includes('secret'), 'bodies stay in the host');
  assert.deepEqual(snap.options.dialects, ['anthropic', 'openai-chat']);
  assert.deepEqual(snap.status, { enabled: true, paused: false, total: 2, matching: 2 });

  s.send({ kind: 'query', query: { ...EMPTY_QUERY, errorsOnly: true } });
  await s.settle();
  assert.deepEqual(s.last('snapshot')!.rows.map((r) => r.status), ['500']);
  assert.equal(s.last('snapshot')!.status.matching, 1);
});

test('live batches follow the current filter and refresh usage', async (t) => {
  const s = setup(t);
  s.send({ kind: 'query', query: { ...EMPTY_QUERY, text: 'needle' } });
  await s.settle();
  s.events.length = 0;
  record(s.m, { path: '/v1/chat/completions', clientModel: 'no-match' });
  record(s.m, { path: '/v1/needle', clientModel: 'hit-1' });
  record(s.m, { path: '/v1/needle', clientModel: 'hit-2' });
  assert.equal(s.events.length, 0, 'nothing before the batch timer');
  s.timers.runAll();
  const rows = s.last('rows')!;
  assert.deepEqual(rows.rows.map((r) => r.model), ['hit-2 → gpt-4o', 'hit-1 → gpt-4o'], 'newest first, filtered');
  assert.deepEqual(rows.status, { enabled: true, paused: false, total: 3, matching: 2 });
  const usage = s.last('usage')!.usage;
  assert.equal(usage.totals.requests, '3');
  assert.equal(usage.totals.input, '300');
});

test('detail by id carries bodies (redacted) and localised labels; unknown ids answer without detail', async (t) => {
  const s = setup(t);
  record(s.m, { status: 502, errorType: 'bad_gateway', errorMessage: 'upstream broke' }, '{"key":"sk-secret-123456","q":1}');
  const id = s.m.list()[0]!.id;
  s.send({ kind: 'detail', id });
  await s.settle();
  const d = s.last('detail')!;
  assert.equal(d.id, id);
  assert.ok(d.detail!.requestBody!.includes('"q": 1'));
  assert.ok(!d.detail!.requestBody!.includes('sk-secret-123456'));
  assert.ok(d.detail!.fields.some((f) => f.label === '«Status»' && f.value === '502'));
  assert.ok(d.detail!.fields.some((f) => f.label === '«Tokens»' && f.value.startsWith('«in 100')));
  assert.ok(d.detail!.fields.some((f) => f.label === '«Stream»' && f.value === '«no»'));
  s.send({ kind: 'detail', id: 'nope' });
  await s.settle();
  assert.deepEqual(s.last('detail'), { kind: 'detail', id: 'nope' });
});

test('pause and resume recording', async (t) => {
  const s = setup(t);
  s.send({ kind: 'setPaused', paused: true });
  await s.settle();
  assert.equal(s.m.paused, true);
  assert.equal(s.last('status')!.status.paused, true);
  record(s.m, {});
  assert.equal(s.m.list().length, 0, 'nothing recorded while paused');
  s.send({ kind: 'setPaused', paused: false });
  await s.settle();
  record(s.m, {});
  assert.equal(s.m.list().length, 1);
});

test('clear asks first: cancel keeps everything; records only keeps usage; all clears usage', async (t) => {
  const s = setup(t);
  record(s.m, {});
  s.send({ kind: 'query', query: EMPTY_QUERY });
  s.setClear(undefined);
  s.send({ kind: 'clear' });
  await s.settle();
  assert.equal(s.m.list().length, 1);
  s.setClear('records');
  s.send({ kind: 'clear' });
  await s.settle();
  assert.equal(s.m.list().length, 0);
  assert.equal(s.m.usage().length, 1, 'usage kept');
  assert.deepEqual(s.last('snapshot')!.rows, [], 'the tab is reset');
  s.setClear('all');
  s.send({ kind: 'clear' });
  await s.settle();
  assert.equal(s.m.usage().length, 0);
  assert.equal(s.last('usage')!.usage.totals.requests, '0');
});

test('Export CSV saves the filtered records oldest first, and usage; cancel says nothing', async (t) => {
  const s = setup(t);
  record(s.m, { clientModel: 'a' });
  record(s.m, { clientModel: 'b', status: 429, errorType: 'rate_limit' });
  record(s.m, { clientModel: '=cmd()' });
  s.send({ kind: 'exportCsv', what: 'records' });
  await s.settle();
  const csv = s.saved[0]!;
  assert.match(csv.name, /^antigravity-requests-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = csv.content.trim().split('\r\n');
  assert.equal(lines.length, 4);
  assert.ok(lines[1]!.includes(',a,') && lines[3]!.includes("'=cmd()"), 'chronological; formula-safe');
  assert.match(s.last('notice')!.text, /«Exported to \/tmp\/antigravity-requests-/);

  s.send({ kind: 'usage', days: 30, groupBy: 'model' });
  s.send({ kind: 'exportCsv', what: 'usage' });
  await s.settle();
  assert.match(s.saved[1]!.name, /^antigravity-usage-/);
  assert.match(s.saved[1]!.content, /^day,account_id,account,model,requests/);
  const usage = s.last('usage')!.usage;
  assert.deepEqual([usage.days, usage.groupBy, usage.groups.map((g) => g.key)], [30, 'model', ['gpt-4o']], 'billed by upstream model');
  assert.equal(usage.chart.days.length, 30);
});

test('malformed payloads are ignored; failures become an error notice', async (t) => {
  const s = setup(t, { saveFile: async () => { throw new Error('disk full'); } });
  for (const p of [null, 1, { kind: 'nope' }, { kind: 'detail' }, { kind: 'usage', days: 3, groupBy: 'day' }, { kind: 'query', query: { text: 1 } }]) s.send(p);
  await s.settle();
  assert.equal(s.events.length, 0);
  s.send({ kind: 'exportCsv', what: 'records' });
  await s.settle();
  assert.deepEqual(s.last('notice'), { kind: 'notice', text: 'disk full', error: true });
});

test('MonitorOwner creates one monitor lazily, forwards settings, closes it', async () => {
  let created = 0;
  const updates: unknown[] = [];
  const closed: string[] = [];
  const owner = new MonitorOwner({
    create: (opts) => {
      created++;
      assert.equal(opts.dataDir, '/data');
      assert.equal(opts.maxEntries, 42);
      assert.deepEqual(opts.secrets(), ['k']);
      return { update: (u: unknown) => updates.push(u), close: async () => { closed.push('x'); } } as unknown as Monitor;
    },
    dataDir: '/data',
    settings: () => ({ enabled: true, captureBodies: 'none', maxEntries: 42 }),
    secrets: () => ['k'],
    logger: silent,
  });
  owner.update({ enabled: false, captureBodies: 'none', maxEntries: 10 });
  assert.equal(created, 0, 'not created by a settings change');
  assert.equal(owner.peek(), undefined);
  const seen: Monitor[] = [];
  owner.onCreated((m) => seen.push(m));
  const m = owner.get();
  assert.equal(owner.get(), m);
  assert.equal(created, 1);
  assert.deepEqual(seen, [m]);
  owner.update({ enabled: false, captureBodies: 'all', maxEntries: 10 });
  assert.equal(updates.length, 1);
  await owner.close();
  assert.deepEqual(closed, ['x']);
});

test('after the panel closes (detach) live batches compute nothing until the next ready', async (t) => {
  let listed = 0;
  const s = setup(t);
  s.send({ kind: 'query', query: EMPTY_QUERY });
  await s.settle();
  const list = s.m.list.bind(s.m);
  s.m.list = (...a: Parameters<Monitor['list']>) => { listed++; return list(...a); };
  s.bridge.detach();
  s.events.length = 0;
  record(s.m, { clientModel: 'unseen' });
  s.timers.runAll();
  s.m.clear({ usage: false });
  assert.equal(s.events.length, 0);
  assert.equal(listed, 0, 'no filtering or snapshot work for a closed panel');
  s.bridge.onReady((e) => s.events.push(e as MonitorEvent));
  record(s.m, { clientModel: 'seen' });
  s.timers.runAll();
  assert.deepEqual(s.last('rows')!.rows.map((r) => r.model), ['seen → gpt-4o']);
});

test('issue 20: sessions and a session tree on request, refreshed by live batches; detail carries Copy as curl without the key', async (t) => {
  const s = setup(t, { proxyUrl: () => 'http://127.0.0.1:9911' });
  s.send({ kind: 'sessions' });
  await s.settle();
  assert.deepEqual(s.last('sessions')!.rows, []);
  s.send({ kind: 'session', id: 'sess-1' });
  await s.settle();
  assert.equal(s.last('session')!.tree, undefined);

  record(s.m, { sessionId: 'sess-1', agentId: 'main', clientDialect: 'anthropic', path: '/v1/messages' }, '{"key":"sk-secret-123456"}');
  record(s.m, { sessionId: 'sess-1', agentId: 'sub', parentAgentId: 'main' });
  s.timers.runAll();
  await s.settle();
  const rows = s.last('sessions')!.rows;
  assert.deepEqual(rows.map((r) => [r.id, r.cells.requests]), [['sess-1', '2']]);
  const tree = s.last('session')!.tree!;
  assert.equal(tree.agents[0]!.agentId, 'main');
  assert.deepEqual(tree.agents[0]!.children.map((c) => c.agentId), ['sub']);

  const id = s.m.list().find((r) => r.agentId === 'main')!.id;
  s.send({ kind: 'detail', id });
  await s.settle();
  const curl = s.last('detail')!.detail!.curl!;
  assert.match(curl, /^curl -X POST 'http:\/\/127\.0\.0\.1:9911\/v1\/messages'/);
  assert.match(curl, /\$ANTIGRAVITY_KEY/);
  assert.doesNotMatch(curl, /sk-secret-123456/, 'the captured body is the redacted one');
});
