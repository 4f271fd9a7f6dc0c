/**
 * issue 14: a graceful stop (SIGTERM headless, Stop Proxy in VS Code: both `server.stop`)
 * stops accepting, lets in-flight requests finish for proxy.drainTimeoutSeconds, then ends
 * open streams with an error event in their dialect; the headless process exits 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeVendor, renderStream, sseFrames, type Turn } from '../fakes/vendor';
import { account, startProxy } from '../support/proxy-harness';
import { ensureStopped, freePort, spawnServe, type ServeProcess } from './support/serve-process';

const TURN: Turn = { text: 'one two three four five six', parts: ['one ', 'two ', 'three ', 'four ', 'five ', 'six'] };

/** An Anthropic vendor that streams its answer over about `ms` milliseconds. */
function slowVendor(ms: number): Promise<FakeVendor> {
  return FakeVendor.start(async (_req, res) => {
    const frames = renderStream('anthropic', TURN, 'claude-sonnet-4-5');
    await sseFrames(res, frames, ms / frames.length);
  });
}

interface StreamResult { status: number; text: string; firstByte: Promise<void> }

/** Starts a streamed Anthropic request; `firstByte` resolves once content has arrived. */
function startStream(url: string): { firstByte: Promise<void>; done: Promise<StreamResult> } {
  let onFirst!: () => void;
  const firstByte = new Promise<void>((r) => (onFirst = r));
  const done = (async () => {
    const r = await fetch(`${url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'count' }] }),
    });
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      if (text.includes('content_block_delta')) onFirst();
    }
    onFirst();
    return { status: r.status, text, firstByte };
  })();
  return { firstByte, done };
}

test('SIGTERM with 5 streams in flight: all 5 complete, no new connection is accepted, exit 0', { timeout: 60_000 }, async () => {
  const vendor = await slowVendor(2500);
  const dir = mkdtempSync(join(tmpdir(), 'agp-stop-'));
  const cfg = join(dir, 'config.json');
  writeFileSync(cfg, JSON.stringify({
    proxy: { port: await freePort(), authMode: 'off' },
    accounts: [{ id: 'a', kind: 'anthropic', label: 'A', baseUrl: vendor.url, apiKey: 'sk-ant-upstream-test' }],
  }));
  let p: ServeProcess | undefined;
  try {
    p = await spawnServe(cfg, join(dir, 'data'));
    const streams = Array.from({ length: 5 }, () => startStream(p!.url));
    await Promise.all(streams.map((s) => s.firstByte));
    p.child.kill('SIGTERM');
    // The listener closes at once: a new client is refused while the five finish.
    await new Promise((r) => setTimeout(r, 300));
    await assert.rejects(fetch(`${p.url}/healthz`), 'a new connection during the drain is refused');
    const results = await Promise.all(streams.map((s) => s.done));
    for (const r of results) {
      assert.equal(r.status, 200);
      assert.match(r.text, /event: message_stop/, 'the stream ended normally');
      assert.doesNotMatch(r.text, /event: error/);
      assert.match(r.text, /six/);
    }
    const exit = await p.exited;
    assert.equal(exit.code, 0, p.stderr());
  } finally {
    await ensureStopped(p);
    await vendor.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a stream still open after drainTimeoutSeconds ends with an error event in its dialect', { timeout: 30_000 }, async () => {
  const vendor = await slowVendor(8000);
  const proxy = await startProxy({ accounts: [account('anthropic', vendor.url)], proxy: { drainTimeoutSeconds: 1 } });
  try {
    const s = startStream(proxy.url);
    await s.firstByte;
    const t0 = Date.now();
    await proxy.server.stop();
    const elapsed = Date.now() - t0;
    const r = await s.done;
    assert.ok(elapsed >= 900 && elapsed < 5000, `stop took ${elapsed} ms (drain 1 s)`);
    assert.equal(r.status, 200);
    assert.match(r.text, /content_block_delta/);
    assert.match(r.text, /event: error\ndata: \{"type":"error","error":\{"type":"api_error","message":"The proxy is shutting down[^"]*"\}\}\n\n$/);
    for (let i = 0; i < 40 && vendor.aborts === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(vendor.aborts, 1, 'the upstream stream was abandoned');
  } finally {
    await proxy.stop();
    await vendor.close();
  }
});

test('proxy.drainTimeoutSeconds: default 10, validated (0 … 600)', async () => {
  const { parseConfig, ConfigError } = await import('../../src/core/validate-config');
  assert.equal(parseConfig({}).proxy.drainTimeoutSeconds, 10);
  assert.equal(parseConfig({ proxy: { drainTimeoutSeconds: 0 } }).proxy.drainTimeoutSeconds, 0);
  for (const bad of [-1, 601, '5']) {
    assert.throws(() => parseConfig({ proxy: { drainTimeoutSeconds: bad } }), (e: unknown) =>
      ConfigError.isInstance(e) && e.problems.some((p) => p.field === 'proxy.drainTimeoutSeconds'));
  }
});
