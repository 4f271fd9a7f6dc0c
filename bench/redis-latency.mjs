#!/usr/bin/env node
// Team mode (issue 23): the latency a request gains when the pool state is shared through Redis.
// Four headless proxies on one fake vendor: Redis off / on, each without caps and with
// `maxConcurrent` (on, that is one Lua round trip to take a lease and one to free it). Requests
// go one at a time (c=1), interleaved across the four, with a session header (bindings are
// written). Prints p50 / p99 per variant and the added ms (on − off).
//
//   node bench/redis-latency.mjs [--quick] [--requests N]      (needs `node esbuild.mjs` first)
//
// Also scenario s7 of bench/run.mjs (opt-in: --redis or --only s7). Without redis-server
// installed it says so and exits 0.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Pool } from 'undici';
import { freePort } from './driver.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');


function start(children, cmd, args, ready, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env, cwd: ROOT });
    children.push(child);
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${path.basename(cmd)} did not start: ${out.slice(-400)}`)), 20_000);
    const on = (d) => {
      out += d;
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] ?? '');
      }
    };
    child.stdout.on('data', on);
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${path.basename(cmd)} exited (${code}): ${out.slice(-400)}`));
    });
  });
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/** Runs the measurement; resolves with the rows (or `{ skipped }`). Every process it starts is stopped. */
export async function redisLatency({ quick = false, requests, log = (...a) => process.stderr.write(`[redis-latency] ${a.join(' ')}\n`) } = {}) {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    log('redis-server is not installed: skipped');
    return { skipped: 'redis-server not installed' };
  }
  const cli = path.join(ROOT, 'dist', 'cli.js');
  const fakeVendor = path.join(ROOT, 'dist', 'fake-vendor.mjs');
  if (!existsSync(cli) || !existsSync(fakeVendor)) throw new Error('dist/cli.js or dist/fake-vendor.mjs missing: run `node esbuild.mjs` first');
  const n = requests ?? (quick ? 150 : 600);
  const children = [];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'antigravity-redis-bench-'));
  const pools = [];
  try {
    const redisPort = await freePort();
    await start(children, 'redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmp], /Ready to accept connections()/);
    const fake = await start(children, process.execPath, [fakeVendor, '--port', '0'], /listening on (http:\/\/\S+)/);
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (/^(ANTIGRAVITY_|GEMINI_|ANTHROPIC_|OPENAI_|ZAI_)/.test(k) || /_API_KEY$/.test(k)) delete env[k];
    const variants = {};
    for (const [name, redis, cap] of [['off', false, false], ['on', true, false], ['off, maxConcurrent', false, true], ['on, maxConcurrent', true, true]]) {
      const cfg = {
        proxy: { port: await freePort(), authMode: 'off' },
        accounts: [{ id: 'openai', kind: 'openai', label: 'fake', apiKey: 'k-bench', enabled: true, baseUrl: `${fake}/v1`, ...(cap ? { maxConcurrent: 64 } : {}) }],
        ...(redis ? { state: { redis: `redis://127.0.0.1:${redisPort}/0`, keyPrefix: `bench-${name.replace(/\W+/g, '-')}:` } } : {}),
      };
      const file = path.join(tmp, `${name.replace(/\W+/g, '-')}.json`);
      writeFileSync(file, JSON.stringify(cfg));
      const url = await start(children, process.execPath, [cli, 'serve', '--config', file, '--data-dir', `${file}.data`], /listening on (http:\/\/\S+)/, env);
      const pool = new Pool(url, { connections: 1, keepAliveTimeout: 60_000 });
      pools.push(pool);
      variants[name] = { pool, lat: [] };
    }
    await new Promise((r) => setTimeout(r, 500)); // Redis connected and subscribed
    const body = JSON.stringify({ model: 'bench', stream: false, messages: [{ role: 'user', content: 'hi' }] });
    const one = async (v, i) => {
      const t0 = performance.now();
      const res = await v.pool.request({ method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json', 'x-claude-code-session-id': `bench-session-${i % 20}` }, body });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
      return performance.now() - t0;
    };
    const names = Object.keys(variants);
    for (let i = 0; i < 30; i++) for (const k of names) await one(variants[k], i); // warm-up
    for (let i = 0; i < n; i++) {
      const order = i % 2 === 0 ? names : [...names].reverse();
      for (const k of order) variants[k].lat.push(await one(variants[k], i));
    }
    const stats = {};
    for (const k of names) {
      const s = [...variants[k].lat].sort((a, b) => a - b);
      stats[k] = { p50: quantile(s, 0.5), p99: quantile(s, 0.99), requests: s.length };
    }
    const rows = [
      { label: 'Redis on vs off (no caps)', offP50: stats.off.p50, onP50: stats.on.p50, addedP50: stats.on.p50 - stats.off.p50, offP99: stats.off.p99, onP99: stats.on.p99, addedP99: stats.on.p99 - stats.off.p99 },
      { label: 'Redis on vs off (maxConcurrent: lease per request)', offP50: stats['off, maxConcurrent'].p50, onP50: stats['on, maxConcurrent'].p50, addedP50: stats['on, maxConcurrent'].p50 - stats['off, maxConcurrent'].p50, offP99: stats['off, maxConcurrent'].p99, onP99: stats['on, maxConcurrent'].p99, addedP99: stats['on, maxConcurrent'].p99 - stats['off, maxConcurrent'].p99 },
    ];
    const f = (x) => x.toFixed(2).padStart(7);
    process.stdout.write(`\n=== team mode: added latency per request with Redis on (c=1, ${n} requests per variant, small non-streamed JSON)\n`);
    process.stdout.write(`  ${'variant'.padEnd(52)} off p50  on p50  added p50 | off p99  on p99  added p99  (ms)\n`);
    for (const r of rows) process.stdout.write(`  ${r.label.padEnd(52)}${f(r.offP50)} ${f(r.onP50)}  ${f(r.addedP50)}  |${f(r.offP99)} ${f(r.onP99)}  ${f(r.addedP99)}\n`);
    const out = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, requestsPerVariant: n, stats, rows };
    mkdirSync(path.join(HERE, 'results'), { recursive: true });
    writeFileSync(path.join(HERE, 'results', 'redis-latency.json'), JSON.stringify(out, null, 2));
    return out;
  } finally {
    await Promise.all(pools.map((p) => p.destroy().catch(() => {})));
    await Promise.all(children.map((c) => new Promise((r) => {
      if (c.exitCode !== null || c.signalCode !== null) return r();
      const t = setTimeout(() => c.kill('SIGKILL'), 5000);
      c.once('exit', () => { clearTimeout(t); r(); });
      c.kill('SIGTERM');
    })));
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--requests');
  redisLatency({ quick: process.argv.includes('--quick'), requests: i === -1 ? undefined : Number(process.argv[i + 1]) }).then(
    () => process.exit(0),
    (err) => { process.stderr.write(`redis-latency: ${err?.stack || err}\n`); process.exit(1); },
  );
}
