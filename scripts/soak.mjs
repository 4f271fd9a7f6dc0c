// `npm run soak`: mixed traffic against the headless proxy (`node dist/cli.js serve`) for
// SOAK_SECONDS (default 600), then a report: requests, errors by class, p50/p99 latency,
// RSS start/peak/end and open handles (fds) of the proxy process. Not part of CI.
//
//   SOAK_SECONDS=150 SOAK_CONCURRENCY=16 npm run soak
//
// Traffic (weights): streams in every dialect (passthrough and translated), JSON answers,
// client errors (bad JSON, missing model, unknown path, wrong key), client aborts mid-stream,
// and failover (the preferred account of each kind fails 15% of the time with 429/500/reset).
import { createServer, request } from 'node:http';
import { pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 16);
const KEY = 'sk-soak-proxy-key-000000000001';
const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'dist/cli.js')) || !existsSync(join(root, 'dist/fake-vendor.mjs'))) {
  console.error('dist/cli.js or dist/fake-vendor.mjs missing: run `node esbuild.mjs` first (npm run soak does).');
  process.exit(2);
}

// ---------------------------------------------------------------- fake vendors
// The shared fake vendor (test/fakes/vendor, built to dist/fake-vendor.mjs): every dialect, keys
// checked, the request's tok-… marker echoed in 8 deltas, 5–35 ms "thinking", 10–30 ms between frames.
const { FakeVendor, tokenOf } = await import(pathToFileURL(join(root, 'dist/fake-vendor.mjs')).href);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const echo8 = (view) => {
  const tok = tokenOf(view.allText);
  const parts = Array.from({ length: 8 }, (_, i) => `${tok}:${i} `);
  return { text: parts.join(''), parts, frameDelayMs: 10 + Math.random() * 20 };
};
/** The preferred account of each kind fails 15% of its calls: 429 + Retry-After, 500, or a reset. */
const flakyFault = () => {
  if (Math.random() >= 0.15) return undefined;
  const f = Math.random();
  if (f < 0.5) return { type: 'error', status: 429, message: 'rate limited', retryAfter: 1 };
  if (f < 0.8) return { type: 'error', status: 500, message: 'boom' };
  return { type: 'reset' };
};
const vendor = (apiKey, fault) => FakeVendor.start({ apiKey, script: echo8, thinkMs: () => 5 + Math.random() * 30, fault, record: false });
const flaky = await vendor(['sk-soak-o1-xxxxxxxx', 'sk-ant-soak-a1-xxxx'], flakyFault);
const good = await vendor(['sk-soak-o2-xxxxxxxx', 'sk-ant-soak-a2-xxxx', 'AIza-soak-g1-xxxxxxxxxxxx']);
const portOf = (v) => Number(new URL(v.url).port);
const flakyPort = portOf(flaky);
const goodPort = portOf(good);
const listen = (srv) => new Promise((r) => srv.listen(0, '127.0.0.1', () => r(srv.address().port)));
const probe = createServer();
const freePort = await listen(probe);
await new Promise((r) => probe.close(r));

// ---------------------------------------------------------------- the proxy under test
const dir = mkdtempSync(join(tmpdir(), 'agp-soak-'));
const up = (port, suffix = '') => `http://127.0.0.1:${port}${suffix}`;
writeFileSync(join(dir, 'config.json'), JSON.stringify({
  proxy: { port: freePort, allowLanAccess: false, authMode: 'all_except_health', apiKey: KEY, requestTimeoutSeconds: 30, upstreamProxy: '' },
  accounts: [
    { id: 'o1', kind: 'openai', label: 'openai flaky', baseUrl: up(flakyPort, '/v1'), apiKey: 'sk-soak-o1-xxxxxxxx', enabled: true, models: ['gpt-*'], priority: 2 },
    { id: 'o2', kind: 'openai', label: 'openai good', baseUrl: up(goodPort, '/v1'), apiKey: 'sk-soak-o2-xxxxxxxx', enabled: true, models: ['gpt-*'], priority: 1 },
    { id: 'a1', kind: 'anthropic', label: 'anthropic flaky', baseUrl: up(flakyPort), apiKey: 'sk-ant-soak-a1-xxxx', enabled: true, models: ['claude-*'], priority: 2 },
    { id: 'a2', kind: 'anthropic', label: 'anthropic good', baseUrl: up(goodPort), apiKey: 'sk-ant-soak-a2-xxxx', enabled: true, models: ['claude-*'], priority: 1 },
    { id: 'g1', kind: 'gemini', label: 'gemini', baseUrl: up(goodPort), apiKey: 'AIza-soak-g1-xxxxxxxxxxxx', enabled: true, models: ['gemini-*'] },
  ],
  modelMapping: {},
  scheduling: 'fill-first',
  zai: { enabled: false, baseUrl: 'https://api.z.ai/api/anthropic', apiKey: '', dispatchMode: 'off', models: { opus: 'glm-4.7', sonnet: 'glm-4.7', haiku: 'glm-4.5-air' } },
  monitor: { enabled: true, captureBodies: 'errors', maxEntries: 2000 },
}));
const child = spawn(process.execPath, [join(root, 'dist/cli.js'), 'serve', '--config', join(dir, 'config.json'), '--data-dir', join(dir, 'data')], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: dir } });
let childLog = '';
child.stdout.on('data', (c) => (childLog += c));
child.stderr.on('data', (c) => (childLog += c));
let exited = false;
child.on('exit', (code, sig) => {
  exited = true;
  if (!stopping) console.error(`proxy exited early (${code ?? sig}):\n${childLog.slice(-2000)}`);
});
let stopping = false;
const base = `http://127.0.0.1:${freePort}`;
for (let i = 0; ; i++) {
  try {
    const r = await fetch(`${base}/healthz`);
    if (r.ok) break;
  } catch {}
  if (i > 100 || exited) {
    console.error(`proxy did not come up:\n${childLog}`);
    child.kill('SIGKILL');
    process.exit(2);
  }
  await sleep(100);
}

function procStats() {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    const fds = readdirSync(`/proc/${child.pid}/fd`).length;
    return { rss, fds };
  } catch {
    return { rss: 0, fds: 0 };
  }
}

// ---------------------------------------------------------------- traffic
const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
let seq = 0;
const tok = () => `tok-${(seq++).toString(36)}s`;
const chatBody = (model, stream, t) => JSON.stringify({ model, stream, messages: [{ role: 'user', content: `hi ${t}` }] });
const msgBody = (model, stream, t) => JSON.stringify({ model, stream, max_tokens: 64, messages: [{ role: 'user', content: `hi ${t}` }] });
const gemBody = (t) => JSON.stringify({ contents: [{ role: 'user', parts: [{ text: `hi ${t}` }] }] });

/** [weight, name, expected status class, () => {path, headers, body, abortAfterMs?}] */
const KINDS = [
  [14, 'chat stream', 200, (t) => ({ path: '/v1/chat/completions', body: chatBody('gpt-4o', true, t) })],
  [10, 'anthropic stream', 200, (t) => ({ path: '/v1/messages', body: msgBody('claude-sonnet-4-5', true, t) })],
  [8, 'gemini stream', 200, (t) => ({ path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', body: gemBody(t) })],
  [8, 'chat→anthropic stream', 200, (t) => ({ path: '/v1/chat/completions', body: chatBody('claude-sonnet-4-5', true, t) })],
  [6, 'anthropic→gemini stream', 200, (t) => ({ path: '/v1/messages', body: msgBody('gemini-2.5-flash', true, t) })],
  [6, 'responses→anthropic stream', 200, (t) => ({ path: '/v1/responses', body: JSON.stringify({ model: 'claude-sonnet-4-5', stream: true, input: `hi ${t}` }) })],
  [10, 'chat json', 200, (t) => ({ path: '/v1/chat/completions', body: chatBody('gpt-4o', false, t) })],
  [6, 'anthropic json', 200, (t) => ({ path: '/v1/messages', body: msgBody('claude-sonnet-4-5', false, t) })],
  [4, 'gemini json', 200, (t) => ({ path: '/v1beta/models/gemini-2.5-flash:generateContent', body: gemBody(t) })],
  [3, 'count_tokens', 200, (t) => ({ path: '/v1/messages/count_tokens', body: msgBody('claude-sonnet-4-5', false, t) })],
  [3, 'bad json', 400, () => ({ path: '/v1/chat/completions', body: '{"model":"gpt-4o","messages":[' })],
  [3, 'missing model', 400, () => ({ path: '/v1/messages', body: '{"messages":[]}' })],
  [2, 'unknown path', 404, () => ({ path: '/v1/nope', body: '{}' })],
  [3, 'wrong key', 401, (t) => ({ path: '/v1/chat/completions', body: chatBody('gpt-4o', false, t), headers: { authorization: 'Bearer sk-wrong-key-123456', 'content-type': 'application/json' } })],
  [8, 'abort mid-stream', 'abort', (t) => ({ path: '/v1/chat/completions', body: chatBody(Math.random() < 0.5 ? 'gpt-4o' : 'claude-sonnet-4-5', true, t), abortAfterMs: 5 + Math.random() * 150 })],
  [2, 'healthz', 200, () => ({ method: 'GET', path: '/healthz' })],
];
const totalWeight = KINDS.reduce((n, k) => n + k[0], 0);
function pick() {
  let r = Math.random() * totalWeight;
  for (const k of KINDS) if ((r -= k[0]) < 0) return k;
  return KINDS[0];
}

const stats = { requests: 0, byKind: {}, classes: {}, latency: [], ttfb: [], crossTalk: 0 };
const bump = (o, k) => (o[k] = (o[k] ?? 0) + 1);

function once() {
  const [, name, expect, make] = pick();
  const t = tok();
  const spec = make(t);
  return new Promise((resolve) => {
    const t0 = performance.now();
    let first;
    let text = '';
    let settled = false;
    const done = (cls) => {
      if (settled) return;
      settled = true;
      stats.requests++;
      bump(stats.byKind, name);
      bump(stats.classes, cls);
      if (cls === 'ok' || cls === 'expected-4xx') stats.latency.push(performance.now() - t0);
      if (first !== undefined) stats.ttfb.push(first - t0);
      resolve();
    };
    const u = new URL(base);
    const req = request({ host: u.hostname, port: u.port, path: spec.path, method: spec.method ?? 'POST', headers: spec.headers ?? auth, agent: false }, (res) => {
      res.on('data', (c) => {
        first ??= performance.now();
        text += c;
      });
      res.on('end', () => {
        if (expect === 'abort') return done(res.statusCode === 200 ? 'completed-before-abort' : `upstream-${res.statusCode}`);
        if (res.statusCode === expect) {
          if (expect === 200 && spec.body?.includes('tok-')) {
            const seen = new Set(text.match(/tok-[a-z0-9]+/g) ?? []);
            if (spec.path !== '/v1/messages/count_tokens' && (seen.size !== 1 || !seen.has(t))) stats.crossTalk++;
            if (/event: error|^data: \{"error"/m.test(text)) return done('stream-error-event');
          }
          return done(expect === 200 ? 'ok' : 'expected-4xx');
        }
        if (res.statusCode === 429) return done('429-all-cooling');
        if (res.statusCode >= 500) return done(`5xx-${res.statusCode}`);
        return done(`unexpected-${res.statusCode}`);
      });
      res.on('error', () => done(expect === 'abort' ? 'aborted' : 'response-error'));
      if (spec.abortAfterMs !== undefined) setTimeout(() => { req.destroy(); done('aborted'); }, spec.abortAfterMs);
    });
    req.on('error', (e) => done(expect === 'abort' && settled ? 'aborted' : `network-${e.code ?? e.message}`));
    req.setTimeout(60_000, () => req.destroy(new Error('client timeout')));
    req.end(spec.body);
  });
}

const start = procStats();
let peak = { ...start };
const samples = [];
const sampler = setInterval(() => {
  const s = procStats();
  peak = { rss: Math.max(peak.rss, s.rss), fds: Math.max(peak.fds, s.fds) };
  samples.push(s);
}, 1000);
const deadline = Date.now() + SECONDS * 1000;
const t0 = Date.now();
let lastReport = Date.now();
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  while (Date.now() < deadline && !exited) {
    await once();
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      const s = procStats();
      console.error(`[soak] ${Math.round((Date.now() - t0) / 1000)} s: ${stats.requests} requests, rss ${(s.rss / 2 ** 20).toFixed(1)} MiB, fds ${s.fds}`);
    }
  }
}));
const elapsed = (Date.now() - t0) / 1000;
// Let aborted upstream calls and keep-alive sockets settle, then measure the end state.
await sleep(3000);
clearInterval(sampler);
const end = procStats();
const health = await fetch(`${base}/healthz`).then((r) => r.status).catch((e) => String(e));

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const MiB = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;
const report = {
  seconds: Math.round(elapsed),
  concurrency: CONCURRENCY,
  requests: stats.requests,
  rps: +(stats.requests / elapsed).toFixed(1),
  classes: stats.classes,
  byKind: stats.byKind,
  crossTalk: stats.crossTalk,
  latencyMs: { p50: +pct(stats.latency, 50).toFixed(1), p90: +pct(stats.latency, 90).toFixed(1), p99: +pct(stats.latency, 99).toFixed(1), max: +Math.max(...stats.latency).toFixed(1) },
  ttfbMs: { p50: +pct(stats.ttfb, 50).toFixed(1), p99: +pct(stats.ttfb, 99).toFixed(1) },
  rss: { start: MiB(start.rss), peak: MiB(peak.rss), end: MiB(end.rss) },
  fds: { start: start.fds, peak: peak.fds, end: end.fds },
  upstream: { requests: flaky.stats.requests + good.stats.requests, injectedFaults: flaky.injectedFaults, stillOpen: flaky.stats.open + good.stats.open },
  healthAfter: health,
  proxyAlive: !exited,
};
console.log(JSON.stringify(report, null, 2));
stopping = true;
child.kill('SIGTERM');
await new Promise((r) => (exited ? r() : child.once('exit', r)));
rmSync(dir, { recursive: true, force: true });
await Promise.all([flaky.close(), good.close()]);
const unexpected = Object.keys(stats.classes).filter((c) => /^(unexpected|network|response-error|5xx-500)/.test(c));
process.exit(report.proxyAlive && stats.crossTalk === 0 && unexpected.length === 0 ? 0 : 1);
