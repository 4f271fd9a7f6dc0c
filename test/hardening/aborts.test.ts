/**
 * Client aborts (issue #8): 1 000 streams aborted at random points with 50 in flight. Every
 * upstream request must be aborted promptly (measured at the fake upstream: client abort →
 * upstream socket close), sockets and handles return to baseline, and the monitor records
 * each proxied stream as aborted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { FakeVendor, sleep, streamFrames, tokenOf, wireOf } from '../fakes/vendor';
import { account, startProxy } from '../support/proxy-harness';
import { distribution, faultTracker, percentile, pool, prng, resources, waitFor } from './support/util';

const STREAMS = Number(process.env.ABORT_STREAMS ?? 1000);
const CONCURRENCY = 50;
const SEED = Number(process.env.FUZZ_SEED ?? 7);

interface Flavour { path: string; body: (tok: string) => string; }
const FLAVOURS: Flavour[] = [
  { path: '/v1/chat/completions', body: (t) => JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: `hi ${t}` }] }) },
  { path: '/v1/messages', body: (t) => JSON.stringify({ model: 'claude-sonnet-4-5', stream: true, max_tokens: 100, messages: [{ role: 'user', content: `hi ${t}` }] }) },
  { path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', body: (t) => JSON.stringify({ contents: [{ role: 'user', parts: [{ text: `hi ${t}` }] }] }) },
  // translated: OpenAI chat client → Anthropic account, Anthropic client → Gemini account
  { path: '/v1/chat/completions', body: (t) => JSON.stringify({ model: 'claude-sonnet-4-5', stream: true, messages: [{ role: 'user', content: `hi ${t}` }] }) },
  { path: '/v1/messages', body: (t) => JSON.stringify({ model: 'gemini-2.5-flash', stream: true, max_tokens: 100, messages: [{ role: 'user', content: `hi ${t}` }] }) },
];

test(`client aborts: ${STREAMS} streams aborted at random points, ${CONCURRENCY} in flight`, { timeout: 300_000 }, async () => {
  const tracker = faultTracker();
  const dataDir = mkdtempSync(join(tmpdir(), 'agp-abort-'));
  const closedAt = new Map<string, number>();
  const openedAt = new Map<string, number>();
  let open = 0;
  // A never-ending stream; headers sometimes late (the abort then lands in the heartbeat phase).
  const up: FakeVendor = await FakeVendor.start(async (req, res) => {
    up.requests.length = 0;
    const tok = tokenOf(req.body);
    openedAt.set(tok, performance.now());
    open++;
    res.on('close', () => {
      open--;
      closedAt.set(tok, performance.now());
    });
    const lateHeaders = tok.charCodeAt(tok.length - 1) % 3 === 0;
    if (lateHeaders) await sleep(50 + (tok.charCodeAt(tok.length - 2) % 150));
    if (res.destroyed) return;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const frames = streamFrames(wireOf(req.path), Array.from({ length: 6 }, () => `${tok} `));
    const body = frames.slice(0, -2); // never the terminal events: the stream only ends by abort
    let i = 0;
    while (!res.destroyed) {
      res.write(body[Math.min(i++, body.length - 1)]!);
      await sleep(40);
    }
  });
  const proxy = await startProxy(
    {
      proxy: { authMode: 'off' },
      monitor: { enabled: true, captureBodies: 'none', maxEntries: STREAMS + 100 },
      accounts: [
        account('openai', `${up.url}/v1`, { models: ['gpt-*'] }),
        account('anthropic', up.url, { models: ['claude-*'] }),
        account('gemini', up.url, { models: ['gemini-*'] }),
      ],
    },
    { dataDir, keepAliveMs: 100 },
  );
  const u = new URL(proxy.url);
  const baseline = resources();
  const rng = prng(SEED);
  const abortedAt = new Map<string, number>();
  const phaseOf = new Map<string, string>();
  const phase = { beforeHeaders: 0, afterHeaders: 0, midStream: 0 };

  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const tok = `tok-${i.toString(36)}x${rng.int(1e9).toString(36)}`;
      const f = FLAVOURS[i % FLAVOURS.length]!;
      const afterBytes = rng.pick([0, 0, 1, 200, 2000]);
      const delay = rng.int(120);
      let got = 0;
      let done = false;
      const req = request({ host: u.hostname, port: u.port, path: f.path, method: 'POST', headers: { 'content-type': 'application/json' }, agent: false });
      const abort = (which: keyof typeof phase) => {
        if (done) return;
        done = true;
        phase[which]++;
        abortedAt.set(tok, performance.now());
        phaseOf.set(tok, which);
        req.destroy();
        resolve();
      };
      req.on('error', () => {
        if (!done) abort('beforeHeaders');
      });
      req.on('response', (res) => {
        res.on('data', (c: Buffer) => {
          got += c.length;
          if (afterBytes > 0 && got >= afterBytes && /tok-/.test(c.toString())) abort('midStream');
        });
        res.on('error', () => {});
        if (afterBytes === 0) setTimeout(() => abort('afterHeaders'), delay);
      });
      req.end(f.body(tok));
      // Before the proxy could answer (or as a backstop for streams that never reach the mark).
      setTimeout(() => abort('beforeHeaders'), afterBytes === 0 ? delay + 400 : 1500 + delay);
      if (rng.chance(0.1)) setTimeout(() => abort('beforeHeaders'), rng.int(10));
    });

  try {
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const t0 = Date.now();
    await pool(STREAMS, CONCURRENCY, one);
    lag.disable();
    const settled = await waitFor(() => open === 0, 10_000);
    const ms = Date.now() - t0;

    const lat: number[] = [];
    const byPhase: Record<string, number[]> = {};
    for (const [tok, at] of abortedAt) {
      const c = closedAt.get(tok);
      if (c === undefined) continue;
      // A client that left before the proxy reached the upstream: count from the upstream call.
      const d = Math.max(0, c - Math.max(at, openedAt.get(tok) ?? at));
      lat.push(d);
      (byPhase[phaseOf.get(tok)!] ??= []).push(d);
    }
    for (const [k, v] of Object.entries(byPhase)) console.log(`  ${k}: ${distribution(v)}`);
    console.log(`event-loop delay during the run (all three parties share it): p50=${(lag.percentile(50) / 1e6).toFixed(1)} p99=${(lag.percentile(99) / 1e6).toFixed(1)} max=${(lag.max / 1e6).toFixed(1)} ms`);
    console.log(`aborts: ${STREAMS} streams in ${ms} ms; phases ${JSON.stringify(phase)}; reached upstream ${lat.length}; abort→upstream close ms: ${distribution(lat)}`);
    assert.ok(settled, `${open} upstream requests still open after every client left`);
    assert.ok(lat.length > STREAMS * 0.5, `most streams reached the upstream (${lat.length})`);
    // DESIGN §2: "abort the upstream request at once": 100 ms at p90. Client, proxy and upstream
    // share one event loop (and the runner its 2 cores with other tests), so the bound is
    // widened by the loop's own p99 delay measured during the run; the tail may be scheduling
    // noise, but never seconds (a missed abort would hold the upstream until the idle timeout).
    const loopP99 = lag.percentile(99) / 1e6;
    assert.ok(percentile(lat, 90) < 100 + loopP99, `p90 abort latency ${percentile(lat, 90).toFixed(1)} ms (bound 100 + loop p99 ${loopP99.toFixed(1)} ms)`);
    assert.ok(Math.max(...lat) < 2_500, `max abort latency ${Math.max(...lat).toFixed(1)} ms`);

    // Sockets and handles back to baseline.
    const back = await waitFor(() => (resources().TCPSocketWrap ?? 0) <= (baseline.TCPSocketWrap ?? 0), 10_000, 50);
    assert.ok(back, `sockets: baseline ${JSON.stringify(baseline)} now ${JSON.stringify(resources())}`);
    assert.equal(proxy.server.status().activeRequests, 0);

    // The monitor marks them aborted.
    const monitor = proxy.server.monitor()!;
    await monitor.flush();
    const records = monitor.list({ limit: STREAMS + 100 });
    const notAborted = records.filter((r) => r.stream && !r.aborted);
    console.log(`monitor: ${records.length} records, ${records.filter((r) => r.aborted).length} aborted`);
    assert.ok(records.length > STREAMS * 0.5, `${records.length} records`);
    assert.deepEqual(notAborted.slice(0, 3).map((r) => ({ path: r.path, status: r.status, err: r.errorMessage })), [], `${notAborted.length} streams not marked aborted (none of them could end normally)`);
    assert.deepEqual(tracker.faults, []);
  } finally {
    tracker.dispose();
    await proxy.server.dispose();
    await up.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
