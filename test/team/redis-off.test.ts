/**
 * Issue 23: without `state` (the default) nothing of team mode is loaded or connected — the
 * ioredis client stays unloaded while a proxy serves requests. Runs without Redis.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerWell, FakeVendor } from '../fakes/vendor';
import { startProxy } from '../support/proxy-harness';
import { createTeamState } from '../../src/proxy/team-state';
import { defaultConfig } from '../../src/core/config';
import type { Logger } from '../../src/core/logger';

const redisLoaded = () => Object.keys(require.cache).some((k) => /[\\/]ioredis[\\/]|redis-entry/.test(k));

test('state absent: no Redis client is loaded by a proxy serving requests; a team state loads it', async () => {
  const vendor = await FakeVendor.start((req, res) => answerWell(req, res));
  const dataDir = mkdtempSync(join(tmpdir(), 'redis-off-'));
  const proxy = await startProxy({ accounts: [{ id: 'o', kind: 'openai', label: 'O', baseUrl: `${vendor.url}/v1`, apiKey: 'sk-test-key', enabled: true, maxConcurrent: 2 }] }, { dataDir });
  try {
    const r = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'x-claude-code-session-id': 's1' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }) });
    assert.equal(r.status, 200);
    await r.text();
    assert.equal(redisLoaded(), false, 'ioredis stays unloaded without state.redis');
  } finally {
    await proxy.server.dispose();
    await vendor.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  // The check above is honest: building a team state (Redis unreachable here) loads the client,
  // and an unreachable Redis is one warning, not an exception.
  const warnings: string[] = [];
  const logger: Logger = { debug() {}, info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
  const team = createTeamState({ ...defaultConfig(), state: { redis: 'redis://127.0.0.1:9/0', keyPrefix: 'x:' } }, { logger, instanceId: 'i', now: Date.now });
  try {
    assert.ok(team);
    assert.equal(redisLoaded(), true);
    assert.equal(team.shared.connected(), false);
    assert.equal(team.spend(undefined).todayUsd, 0, 'budgets read local numbers while Redis is away');
    const slot = await team.shared.pool.slots.acquire('acct', 1, Date.now() + 1000);
    assert.equal(slot, 'local', 'no shared slot without Redis: admitted on local caps, at once');
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(warnings.length <= 1, `at most one warning: ${JSON.stringify(warnings)}`);
    assert.ok(!warnings.join('\n').includes('redis://'), 'the URL is not logged');
  } finally {
    await team?.close();
  }
});
