import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMonitor } from '../../../src/monitor/monitor';
import { recordCost } from '../../../src/monitor/prices';
import { SessionSpend } from '../../../src/monitor/session-spend';
import type { Monitor, RequestRecord } from '../../../src/monitor/types';

const costOf = (r: RequestRecord) => recordCost(r, { prices: { m: { input: 1000, output: 1000 } }, accounts: [{ id: 'a', kind: 'openai' }] });
const open = (dir: string) => createMonitor({ dataDir: dir, enabled: true, captureBodies: 'none', maxEntries: 100, secrets: () => [], now: Date.now, costOf, usageFlushMs: 5 });

function answer(m: Monitor, sessionId: string | undefined, tokens: number): void {
  const b = m.begin({ method: 'POST', path: '/v1/messages' });
  b.addUsage({ inputTokens: tokens, outputTokens: 0 });
  b.finish({ status: 200, upstreamModel: 'm', accountId: 'a', sessionId });
}

test('spend today and per session is rebuilt from the persisted log after a restart', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'agp-spend-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const a = open(dir);
  await a.ready();
  answer(a, 's1', 1000); // $1
  answer(a, 's1', 500); // $0.50
  answer(a, 's2', 250); // $0.25
  answer(a, undefined, 125); // $0.125, no session
  assert.equal(a.spend().todayUsd, 1.875);
  assert.equal(a.spend().sessionUsd('s1'), 1.5);
  await a.close();

  const b = open(dir);
  await b.ready();
  assert.equal(b.spend().todayUsd, 1.875, 'daily spend comes back from the usage log');
  assert.equal(b.spend().sessionUsd('s1'), 1.5, 'session spend is rebuilt from the kept records');
  assert.equal(b.spend().sessionUsd('s2'), 0.25);
  assert.equal(b.spend().sessionUsd('nope'), 0);
  answer(b, 's1', 100);
  assert.equal(b.spend().sessionUsd('s1'), 1.6);
  b.clear({ usage: true });
  assert.equal(b.spend().todayUsd, 0);
  assert.equal(b.spend().sessionUsd('s1'), 0);
  await b.close();
});

test('session spend is bounded: the least recently charged session is forgotten first', () => {
  const s = new SessionSpend(2);
  s.add({ sessionId: 'a', cost: { usd: 1 } });
  s.add({ sessionId: 'b', cost: { usd: 1 } });
  s.add({ sessionId: 'a', cost: { usd: 1 } });
  s.add({ sessionId: 'c', cost: { usd: 1 } });
  s.add({ sessionId: 'd', cost: { usd: 0, included: true } });
  assert.deepEqual([s.get('a'), s.get('b'), s.get('c'), s.get('d')], [2, 0, 1, 0]);
});
