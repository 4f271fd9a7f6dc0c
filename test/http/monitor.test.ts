import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeVendor, json, sendError, sseFrames, sleep, openaiChatStream, openaiChatResponse, anthropicStream, USAGE, vendorError } from '../fakes/vendor';
import { account, startProxy } from '../support/proxy-harness';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test('every proxied request is recorded: account, attempts, usage, errors; no secret reaches the store', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'agp-mon-'));
  const PROXY_KEY = 'sk-monitor-proxy-key-5555';
  const ACCOUNT_KEY = 'acct-secret-key-7777';
  const limited = await FakeVendor.start((_r, res) => sendError(res, vendorError('openai', 429, 'Rate limit reached for requests', { retryAfter: 60 })));
  const good = await FakeVendor.start((req, res) => {
    if (req.path.endsWith('/messages')) {
      return (async () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(anthropicStream(['x'])[0]);
        await sleep(10);
        res.socket?.destroy();
      })();
    }
    return req.json?.stream ? sseFrames(res, openaiChatStream(['a', 'b', 'c'])) : json(res, 200, openaiChatResponse('ok'));
  });
  const proxy = await startProxy(
    {
      proxy: { authMode: 'strict', apiKey: PROXY_KEY },
      scheduling: 'fill-first',
      monitor: { enabled: true, captureBodies: 'all', maxEntries: 100 },
      accounts: [
        account('openai', `${limited.url}/v1`, { id: 'lim', label: 'limited', priority: 2, apiKey: ACCOUNT_KEY }),
        account('openai', `${good.url}/v1`, { id: 'good', label: 'good one', priority: 1, apiKey: ACCOUNT_KEY }),
        account('anthropic', good.url, { id: 'ant', label: 'anthropic', apiKey: ACCOUNT_KEY }),
      ],
    },
    { dataDir },
  );
  const auth = { authorization: `Bearer ${PROXY_KEY}` };
  try {
    // 1. failover: limited → good, streamed with usage
    const r1 = await fetch(`${proxy.url}/v1/chat/completions?key=${PROXY_KEY}`, { method: 'POST', headers: auth, body: JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: `mention ${PROXY_KEY}` }] }) });
    await r1.text();
    // 2. non-stream success
    await (await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', headers: auth, body: JSON.stringify({ model: 'gpt-4o', messages: [] }) })).text();
    // 3. auth failure: refused before auth, only counted (issue 15 item 13)
    await (await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-wrong-wrong' }, body: '{}' })).text();
    // 4. mid-stream error
    await (await fetch(`${proxy.url}/v1/messages`, { method: 'POST', headers: auth, body: JSON.stringify({ model: 'claude-sonnet-4-5', stream: true, max_tokens: 5, messages: [{ role: 'user', content: 'm' }] }) })).text();
    // 5. a health check is not a proxied request
    await fetch(`${proxy.url}/healthz`, { headers: auth });

    const monitor = proxy.server.monitor()!;
    const recs = monitor.list();
    assert.equal(recs.length, 3, JSON.stringify(recs.map((r) => r.path)));
    const [midStream, plain, failover] = recs; // newest first
    assert.equal(proxy.server.status().refusedBeforeAuth, 1);

    assert.equal(failover!.clientDialect, 'openai-chat');
    assert.equal(failover!.accountId, 'good');
    assert.equal(failover!.accountLabel, 'good one');
    assert.deepEqual(failover!.attempts.map((a) => [a.accountId, a.status]), [['lim', 429], ['good', 200]]);
    assert.equal(failover!.stream, true);
    assert.equal(failover!.status, 200);
    assert.equal(failover!.usage?.inputTokens, USAGE.input);
    assert.equal(failover!.usage?.outputTokens, USAGE.output);
    assert.ok((failover!.ttfbMs ?? -1) >= 0);

    assert.equal(plain!.usage?.outputTokens, USAGE.output);

    assert.equal(midStream!.clientDialect, 'anthropic');
    assert.equal(midStream!.status, 200);
    assert.ok(midStream!.errorType, 'a stream that failed midway is marked as an error');

    const totals = monitor.usage();
    const sum = totals.reduce((n, u) => n + u.outputTokens, 0);
    assert.equal(sum, recs.reduce((n, r) => n + (r.usage?.outputTokens ?? 0), 0));
    assert.ok(proxy.server.status().accountStates.find((s) => s.id === 'good')!.tokens > 0);

    await proxy.server.dispose();
    for (const f of filesUnder(dataDir)) {
      const text = readFileSync(f, 'utf8');
      assert.ok(!text.includes(PROXY_KEY), `proxy key in ${f}`);
      assert.ok(!text.includes(ACCOUNT_KEY), `account key in ${f}`);
    }
    // The headless reader sees the same records.
    const cli = spawnSync(process.execPath, ['dist/cli.js', 'monitor', '--data-dir', dataDir, '--json'], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(cli.stdout.trim().split('\n').length, 3);
  } finally {
    await proxy.stop();
    await limited.close();
    await good.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
