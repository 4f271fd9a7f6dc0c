#!/usr/bin/env node
// Benchmark harness (issue 9): overhead of the proxy against the direct call to a fake upstream
// and against a peer proxy (@musistudio/claude-code-router@2.0.0), measured side by side in one
// run, interleaved (direct, pipe, ours, peer; order reversed every run) with medians over runs.
//
//   node bench/run.mjs [--quick] [--no-peer] [--no-vsix] [--only s1,s3] [--runs N] [--cpu-prof]
//
// Exit code: 0 when the harness ran (targets missed or not), 1 when the harness itself broke
// (fake upstream or proxy did not start, the direct floor failed, an exception).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, cpSync, symlinkSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closePools, fetchOnce, freePort, median, runLoad } from './driver.mjs';
import { issue22, printIssue22 } from './targets-22.mjs';
import { anthropicBody, claudeCodeBody, geminiBody, openaiBody, openaiFromAnthropic, responsesBody } from './bodies.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const argv = process.argv.slice(2);
const flag = (n) => argv.includes(`--${n}`);
const opt = (n, d) => {
  const i = argv.indexOf(`--${n}`);
  return i === -1 ? d : argv[i + 1];
};
const QUICK = flag('quick');
const WITH_PEER = !flag('no-peer');
const WITH_VSIX = QUICK ? flag('vsix') : !flag('no-vsix');
const ONLY = opt('only', '') ? new Set(opt('only', '').split(',')) : undefined;
const RUNS = Number(opt('runs', QUICK ? 2 : 5));
const CPU_PROF = flag('cpu-prof');
const PEER_PKG = '@musistudio/claude-code-router@2.0.0';
const PEER_DIR = process.env.BENCH_PEER_DIR || path.join(os.homedir(), '.cache', 'antigravity-bench', 'ccr-2.0.0');
// time budgets (ms) per variant per run
const T = QUICK
  ? { small: 200, stream: 200, warm: 100, body1: 300, paced: 3, body50: 4, long: { n: 50, d: 10 }, act: 3 }
  : { small: 1000, stream: 1000, warm: 400, body1: 1500, paced: 10, body50: 8, long: { n: 200, d: 10 }, act: 7 };

const tStartAll = performance.now();
const log = (...a) => process.stderr.write(`[bench ${((performance.now() - tStartAll) / 1000).toFixed(1)}s] ${a.join(' ')}\n`);
const fmt = (v, d = 2) => (v === undefined || v === null || Number.isNaN(v) ? '—' : typeof v === 'number' ? (Math.abs(v) >= 1000 ? v.toFixed(0) : v.toFixed(d)) : String(v));

// ---------------------------------------------------------------- processes
const children = new Set();
const TMP = mkdtempSync(path.join(os.tmpdir(), 'antigravity-bench-'));
function cleanup() {
  for (const c of children) {
    try {
      c.kill('SIGTERM');
    } catch {}
  }
  children.clear();
  try {
    rmSync(TMP, { recursive: true, force: true });
  } catch {}
}
process.on('exit', cleanup);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => { cleanup(); process.exit(130); });


/** Spawns a process and waits for `listening on http://…` on stdout (or for `ready()` to succeed). */
function startProc(name, cmd, args, { env, cwd, ready, timeoutMs = 20_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: env ?? process.env, cwd: cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    let done = false;
    const finish = (e, v) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (e) {
        try { child.kill('SIGKILL'); } catch {}
        children.delete(child);
        reject(e);
      } else resolve(v);
    };
    const timer = setTimeout(() => finish(new Error(`${name} not ready after ${timeoutMs} ms; stderr: ${err.slice(-500)} stdout: ${out.slice(-300)}`)), timeoutMs);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.length > 1e5) out = out.slice(-5e4);
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m && !ready) finish(null, { name, child, pid: child.pid, url: m[1].replace(/\/$/, ''), stderrTail: () => err.slice(-1500) });
    });
    child.stderr.on('data', (d) => {
      err += d;
      if (err.length > 1e5) err = err.slice(-5e4);
    });
    child.on('exit', (code, sig) => {
      children.delete(child);
      finish(new Error(`${name} exited (${code ?? sig}) before it was ready; stderr: ${err.slice(-800)}`));
    });
    if (ready) {
      (async () => {
        const t0 = Date.now();
        while (!done && Date.now() - t0 < timeoutMs) {
          const url = await ready().catch(() => undefined);
          if (url) return finish(null, { name, child, pid: child.pid, url, stderrTail: () => err.slice(-1500) });
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
    }
  });
}

function stopProc(p) {
  if (!p?.child) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => { try { p.child.kill('SIGKILL'); } catch {} resolve(); }, 5000);
    p.child.once('exit', () => { clearTimeout(t); children.delete(p.child); resolve(); });
    try { p.child.kill('SIGTERM'); } catch { resolve(); }
  });
}

// ---------------------------------------------------------------- /proc
const CLK_TCK = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100; } catch { return 100; }
})();
function cpuMs(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK; // utime + stime
  } catch { return NaN; }
}
function memKB(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch { return NaN; }
}
const rssMB = (pid) => memKB(pid, 'VmRSS') / 1024;
const hwmMB = (pid) => memKB(pid, 'VmHWM') / 1024;
function resetHwm(pid) {
  try { writeFileSync(`/proc/${pid}/clear_refs`, '5'); return true; } catch { return false; }
}

// ---------------------------------------------------------------- setup
function sanitizedEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^(ANTIGRAVITY_|GEMINI_|ANTHROPIC_|OPENAI_|ZAI_)/.test(k) || /_API_KEY$/.test(k)) delete env[k];
  }
  return { ...env, ...extra };
}

async function startOurs(name, accounts, fakeUrl) {
  const port = await freePort();
  const mk = (kind) => ({
    id: kind, kind, label: `fake-${kind}`, apiKey: 'k-bench', enabled: true,
    baseUrl: kind === 'openai' ? `${fakeUrl}/v1` : fakeUrl,
  });
  const cfg = { proxy: { port, authMode: 'off' }, accounts: accounts.map(mk), modelMapping: {} };
  const file = path.join(TMP, `${name}.json`);
  writeFileSync(file, JSON.stringify(cfg, null, 2));
  const dataDir = path.join(TMP, `${name}-data`);
  const nodeArgs = CPU_PROF ? [`--cpu-prof`, `--cpu-prof-dir=${path.join(HERE, 'results', 'profiles')}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : [];
  const p = await startProc(`proxy ${name}`, process.execPath, [...nodeArgs, path.join(ROOT, 'dist', 'cli.js'), 'serve', '--config', file, '--data-dir', dataDir], { env: sanitizedEnv() });
  await new Promise((r) => setTimeout(r, 300));
  p.idleRssMB = rssMB(p.pid);
  return p;
}

async function ensurePeer() {
  const rootReal = path.resolve(ROOT) + path.sep;
  if ((path.resolve(PEER_DIR) + path.sep).startsWith(rootReal)) throw new Error(`BENCH_PEER_DIR ${PEER_DIR} is inside the repository; refusing to install there`);
  const cli = path.join(PEER_DIR, 'node_modules', '@musistudio', 'claude-code-router', 'dist', 'cli.js');
  if (!existsSync(cli)) {
    log(`installing ${PEER_PKG} into ${PEER_DIR}`);
    mkdirSync(PEER_DIR, { recursive: true });
    if (!existsSync(path.join(PEER_DIR, 'package.json'))) writeFileSync(path.join(PEER_DIR, 'package.json'), '{"name":"antigravity-bench-peer","private":true}\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', PEER_DIR, PEER_PKG], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000 });
  }
  const version = JSON.parse(readFileSync(path.join(path.dirname(cli), '..', 'package.json'), 'utf8')).version;
  return { cli, version };
}

async function startPeer(fakeUrl, models) {
  const { cli, version } = await ensurePeer();
  const port = await freePort();
  const home = path.join(TMP, 'peer-home');
  mkdirSync(path.join(home, '.claude-code-router'), { recursive: true });
  // ~/.claude-code-router/config.json: one OpenAI-compatible provider at the fake upstream.
  // Clients pick "provider,model" in the model field (the router's own syntax), so the fake
  // upstream sees the same parameterised model names as in the direct call.
  const cfg = {
    PORT: port, HOST: '127.0.0.1', LOG: false, LOG_LEVEL: 'fatal', NON_INTERACTIVE_MODE: true, API_TIMEOUT_MS: 600000,
    Providers: [{ name: 'fake', api_base_url: `${fakeUrl}/v1/chat/completions`, api_key: 'k-bench', models }],
    Router: { default: `fake,${models[0]}` },
  };
  writeFileSync(path.join(home, '.claude-code-router', 'config.json'), JSON.stringify(cfg, null, 2));
  const url = `http://127.0.0.1:${port}`;
  const probe = async () => {
    const r = await fetch(`${url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: JSON.stringify(anthropicBody(`fake,${models[0]}`, false)), signal: AbortSignal.timeout(2000) });
    await r.arrayBuffer();
    return r.status === 200 ? url : undefined;
  };
  const p = await startProc('peer claude-code-router', process.execPath, [cli, 'start'], { env: sanitizedEnv({ HOME: home, CI: 'true', FORCE_COLOR: '0' }), cwd: home, ready: probe, timeoutMs: 30_000 });
  await new Promise((r) => setTimeout(r, 300));
  p.idleRssMB = rssMB(p.pid);
  p.version = version;
  return p;
}

// ---------------------------------------------------------------- scenario machinery
const H = {
  openai: { 'content-type': 'application/json', authorization: 'Bearer k-bench' },
  anthropic: { 'content-type': 'application/json', 'x-api-key': 'k-bench', 'anthropic-version': '2023-06-01' },
  gemini: { 'content-type': 'application/json', 'x-goog-api-key': 'k-bench' },
};
const gpath = (model, stream) => `/v1beta/models/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`;
const json = (o) => Buffer.from(JSON.stringify(o));

/** A request in one dialect against a base URL. */
function req(dialect, origin, model, stream, body) {
  switch (dialect) {
    case 'openai': return { origin, path: '/v1/chat/completions', headers: H.openai, body: body ?? json(openaiBody(model, stream)) };
    case 'anthropic': return { origin, path: '/v1/messages', headers: H.anthropic, body: body ?? json(anthropicBody(model, stream)) };
    case 'gemini': return { origin, path: gpath(model, stream), headers: H.gemini, body: body ?? json(geminiBody()) };
    case 'responses': return { origin, path: '/v1/responses', headers: H.openai, body: body ?? json(responsesBody(model, stream)) };
    default: throw new Error(dialect);
  }
}

const VARIANTS = ['direct', 'pipe', 'ours', 'peer'];
const state = { procs: {}, rows: [], scenarios: {}, harnessErrors: [] };

/**
 * Measures one row: each variant warmed up, then RUNS rounds, variant order reversed each
 * round (A B C, C B A, …), medians of every metric over the rounds.
 */
async function measureRow(row) {
  const runs = row.runs ?? RUNS;
  const variants = VARIANTS.filter((v) => row.variants[v]);
  const res = { scenario: row.scenario, label: row.label, concurrency: row.concurrency, stream: !!row.stream, variants: {} };
  const active = [];
  for (const v of variants) {
    const spec = row.variants[v];
    if (spec.na) {
      res.variants[v] = { na: spec.na };
      continue;
    }
    // one checked request first: a proxy answering 200 with the wrong content is not a result
    const chk = await fetchOnce(spec);
    const expect = `tok${(row.chunks ?? 1) - 1}`;
    if (chk.status !== 200 || !chk.text.includes(expect)) {
      const why = chk.status !== 200 ? `${chk.status}` : `200 without "${expect}"`;
      res.variants[v] = { na: `n/a (${why})`, detail: chk.text.slice(0, 300) };
      if (spec.proc) log(`${row.label} / ${v}: ${why}; ${chk.text.slice(0, 200)}; process stderr tail:\n${spec.proc.stderrTail?.() ?? ''}`);
      if (v === 'direct') state.harnessErrors.push(`${row.label}: direct call failed (${why}: ${chk.text.slice(0, 200)})`);
      continue;
    }
    const w = row.warmRequests === 0 ? { ok: 1 } : await runLoad({ ...spec, concurrency: row.concurrency, stream: row.stream, durationMs: row.warmMs ?? T.warm, requests: row.warmRequests, minRequests: Math.min(row.concurrency, 4) });
    if (w.ok === 0) {
      res.variants[v] = { na: `n/a (${w.firstError ?? 'no answer'})` };
      if (v === 'direct') state.harnessErrors.push(`${row.label}: direct call failed (${w.firstError})`);
      continue;
    }
    active.push(v);
  }
  const per = Object.fromEntries(active.map((v) => [v, []]));
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? active : [...active].reverse();
    for (const v of order) {
      const spec = row.variants[v];
      const pid = spec.pid;
      const c0 = pid ? cpuMs(pid) : NaN;
      const m = await runLoad({ ...spec, concurrency: row.concurrency, stream: row.stream, durationMs: row.durationMs, requests: row.requests, minRequests: row.minRequests ?? row.concurrency });
      const c1 = pid ? cpuMs(pid) : NaN;
      m.cpuPerReqMs = m.ok ? (c1 - c0) / m.ok : NaN;
      if (row.stream && row.chunks) m.cpuPerChunkUs = m.ok ? ((c1 - c0) * 1000) / (m.ok * row.chunks) : NaN;
      per[v].push(m);
    }
  }
  for (const v of active) {
    const ms = per[v];
    const keys = ['p50', 'p99', 'rps', 'ttfbP50', 'gapMean', 'gapP99', 'chunksPerStream', 'cpuPerReqMs', 'cpuPerChunkUs'];
    const agg = { runs: ms.length, requests: ms.reduce((a, m) => a + m.ok, 0), errors: ms.reduce((a, m) => a + m.errors, 0) };
    for (const k of keys) {
      const vals = ms.map((m) => m[k]).filter((x) => x !== undefined);
      if (vals.length) agg[k] = median(vals);
    }
    const p50s = ms.map((m) => m.p50).filter(Number.isFinite);
    if (p50s.length > 1) agg.spread = (Math.max(...p50s) - Math.min(...p50s)) / median(p50s);
    if (agg.errors) agg.firstError = ms.find((m) => m.firstError)?.firstError;
    if (agg.requests === 0) res.variants[v] = { na: `n/a (${agg.firstError ?? 'no answer'})` };
    else res.variants[v] = agg;
  }
  state.rows.push(res);
  printRow(res, row.metrics);
  return res;
}

const METRIC_LABEL = {
  p50: 'p50 ms', p99: 'p99 ms', rps: 'req/s', ttfbP50: 'TTFB p50 ms', gapMean: 'chunk gap mean ms', gapP99: 'chunk gap p99 ms',
  chunksPerStream: 'chunks/stream seen', cpuPerReqMs: 'proc CPU/req ms', cpuPerChunkUs: 'proc CPU/chunk µs',
};
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN);
function cell(v, k) {
  if (!v) return '';
  if (v.na) return v.na;
  return fmt(v[k], k === 'rps' ? 0 : k.startsWith('cpuPerChunk') ? 1 : 3);
}
function printRow(res, metrics) {
  const lines = [];
  lines.push(`\n  ${res.label}  (c=${res.concurrency})`);
  const head = ['metric', 'direct', 'pipe', 'ours', 'peer', 'ours−direct', 'ours/direct', 'ours/pipe', 'ours/peer'];
  const rows = [head];
  for (const k of metrics) {
    const v = res.variants;
    const o = v.ours && !v.ours.na ? v.ours[k] : NaN;
    const d = v.direct && !v.direct.na ? v.direct[k] : NaN;
    const p = v.pipe && !v.pipe.na ? v.pipe[k] : NaN;
    const q = v.peer && !v.peer.na ? v.peer[k] : NaN;
    rows.push([METRIC_LABEL[k] ?? k, cell(v.direct, k), cell(v.pipe, k), cell(v.ours, k), cell(v.peer, k),
      k === 'rps' || k.startsWith('cpu') || k.startsWith('chunks') ? '' : fmt(o - d, 3), fmt(ratio(o, d)), fmt(ratio(o, p)), fmt(ratio(o, q))]);
  }
  const w = head.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) lines.push('    ' + r.map((c, i) => String(c).padEnd(w[i])).join(' │ '));
  process.stdout.write(lines.join('\n') + '\n');
}
function scenarioHeader(id, title) {
  log(`scenario ${id}`);
  process.stdout.write(`\n=== ${id}. ${title}\n`);
}
const want = (id) => !ONLY || ONLY.has(id);

/** Per-scenario peak RSS of our proxies (VmHWM reset before each scenario). */
function beginScenario(id) {
  for (const p of Object.values(state.procs)) if (p?.pid) resetHwm(p.pid);
  state.scenarios[id] = { peakRssMB: {}, t0: performance.now() };
}
function endScenario(id) {
  for (const [k, p] of Object.entries(state.procs)) if (p?.pid) state.scenarios[id].peakRssMB[k] = hwmMB(p.pid);
  state.scenarios[id].seconds = (performance.now() - state.scenarios[id].t0) / 1000;
  const s = Object.entries(state.scenarios[id].peakRssMB).map(([k, v]) => `${k} ${fmt(v, 0)} MB`).join(', ');
  process.stdout.write(`  peak RSS during ${id}: ${s}\n`);
}

// ---------------------------------------------------------------- main
async function main() {
  const meta = {
    date: new Date().toISOString(), mode: QUICK ? 'quick' : 'full', runs: RUNS, node: process.version,
    cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadavgStart: os.loadavg(),
  };
  try { meta.commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim(); } catch {}
  const cli = path.join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js missing: run `node esbuild.mjs` first (npm run bench does)');

  log(`mode ${meta.mode}, ${RUNS} runs per row, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${meta.cpus} cores`);
  // The shared fake vendor (test/fakes/vendor, built by esbuild.mjs), checking the accounts' key like the vendors do.
  const fakeVendor = path.join(ROOT, 'dist', 'fake-vendor.mjs');
  if (!existsSync(fakeVendor)) throw new Error('dist/fake-vendor.mjs missing: run `node esbuild.mjs` first (npm run bench does)');
  const fake = await startProc('fake upstream', process.execPath, [fakeVendor, '--port', '0', '--api-key', 'k-bench']);
  const pipe = await startProc('bare pipe', process.execPath, [path.join(HERE, 'bare-pipe.mjs'), '--upstream', fake.url]);
  // One account per proxy, so the wire dialect is fixed: a same-dialect client is a passthrough,
  // any other client is translated (a mixed pool lets the scheduler pick any account, i.e. it
  // may translate an OpenAI client to the Anthropic account; see the `mixed` row).
  const po = await startOurs('openai', ['openai'], fake.url); // OpenAI passthrough; Anthropic client → OpenAI
  const pa = await startOurs('anthropic', ['anthropic'], fake.url); // Anthropic passthrough; Responses client → Anthropic
  const pg = await startOurs('gemini', ['gemini'], fake.url); // Gemini passthrough; OpenAI client → Gemini
  const mixed = QUICK ? undefined : await startOurs('mixed', ['openai', 'anthropic', 'gemini'], fake.url);
  const ours = { openai: po, anthropic: pa, gemini: pg };
  const xo = po;
  const xg = pg;
  const xa = pa;
  state.procs = { openai: po, anthropic: pa, gemini: pg, ...(mixed ? { mixed } : {}) };
  log(`fake ${fake.url}, pipe ${pipe.url}, proxies ${Object.values(state.procs).map((p) => p.url).join(' ')}`);

  const L = T.long;
  const MODELS = { small: 'bench', s200: 'bench-n200-d0-s16', paced: 'bench-n100-d2-s16', long: `bench-n${L.n}-d${L.d}-s16` };
  let peer;
  let peerStatus = 'disabled (--no-peer)';
  if (WITH_PEER) {
    try {
      peer = await startPeer(fake.url, Object.values(MODELS));
      peerStatus = `running ${PEER_PKG.replace(/@[^@]*$/, '')}@${peer.version} (pid ${peer.pid}) from ${PEER_DIR}`;
      state.procs.peer = peer;
    } catch (err) {
      peerStatus = `failed: ${String(err.message || err).slice(0, 600)}`;
    }
    log(`peer: ${peerStatus}`);
  }
  const peerNa = peer ? undefined : { na: 'n/a (peer not running)' };
  const pm = (m) => `fake,${m}`; // the router's provider,model syntax
  const withPid = (spec, p) => ({ ...spec, pid: p.pid, proc: p });

  // ---- 1. small non-streaming
  if (want('s1')) {
    scenarioHeader('1', 'small non-streaming request (passthrough)');
    beginScenario('s1');
    for (const c of [1, 32]) {
      for (const d of ['openai', 'anthropic', 'gemini']) {
        if (d === 'gemini' && QUICK) continue;
        await measureRow({
          scenario: 's1', label: `${d} passthrough, small JSON`, concurrency: c, durationMs: T.small, metrics: ['p50', 'p99', 'rps', 'cpuPerReqMs'],
          variants: {
            direct: req(d, fake.url, MODELS.small, false), pipe: withPid(req(d, pipe.url, MODELS.small, false), pipe), ours: withPid(req(d, ours[d].url, MODELS.small, false), ours[d]),
            ...(d === 'anthropic' ? { peer: peer ? withPid(req('anthropic', peer.url, pm(MODELS.small), false), peer) : peerNa } : {}),
          },
        });
      }
    }
    if (mixed) {
      await measureRow({
        scenario: 's1', label: 'openai client, mixed pool of 3 accounts (scheduler may translate)', concurrency: 1, durationMs: T.small, metrics: ['p50', 'p99', 'rps', 'cpuPerReqMs'],
        variants: { direct: req('openai', fake.url, MODELS.small, false), ours: withPid(req('openai', mixed.url, MODELS.small, false), mixed) },
      });
    }
    endScenario('s1');
  }

  // ---- 2. 200-chunk streams
  if (want('s2')) {
    scenarioHeader('2', 'streamed 200-chunk response (passthrough)');
    beginScenario('s2');
    for (const c of [1, 32]) {
      for (const d of ['openai', 'anthropic', 'gemini']) {
        if (d !== 'openai' && c === 32 && QUICK) continue;
        await measureRow({
          scenario: 's2', label: `${d} passthrough, 200-chunk stream`, concurrency: c, stream: true, chunks: 200, durationMs: T.stream,
          metrics: ['ttfbP50', 'p50', 'p99', 'rps', 'cpuPerChunkUs'],
          variants: { direct: req(d, fake.url, MODELS.s200, true), pipe: withPid(req(d, pipe.url, MODELS.s200, true), pipe), ours: withPid(req(d, ours[d].url, MODELS.s200, true), ours[d]) },
        });
      }
    }
    // paced: the upstream waits 2 ms between 100 events → gaps and chunk counts show added delay or buffering
    await measureRow({
      scenario: 's2', label: 'openai passthrough, paced stream (100 events, 2 ms apart)', concurrency: 1, stream: true, chunks: 100,
      requests: T.paced, warmRequests: 1, metrics: ['ttfbP50', 'p50', 'gapMean', 'gapP99', 'chunksPerStream'],
      variants: { direct: req('openai', fake.url, MODELS.paced, true), pipe: withPid(req('openai', pipe.url, MODELS.paced, true), pipe), ours: withPid(req('openai', po.url, MODELS.paced, true), po) },
    });
    endScenario('s2');
  }

  // ---- 3. translation
  if (want('s3')) {
    scenarioHeader('3', 'through translation (floor = the same answer fetched directly in the upstream dialect)');
    beginScenario('s3');
    const xs = [
      { label: 'Anthropic client → OpenAI upstream', client: 'anthropic', wire: 'openai', proxy: xo, peer: true },
      { label: 'OpenAI client → Gemini upstream', client: 'openai', wire: 'gemini', proxy: xg },
      { label: 'Responses client → Anthropic upstream', client: 'responses', wire: 'anthropic', proxy: xa },
    ];
    for (const x of xs) {
      for (const c of [1, 32]) {
        if (!x.peer && c === 32 && QUICK) continue;
        for (const stream of [false, true]) {
          const model = stream ? MODELS.s200 : MODELS.small;
          await measureRow({
            scenario: 's3', label: `${x.label}, ${stream ? '200-chunk stream' : 'small JSON'}`, concurrency: c, stream, chunks: stream ? 200 : undefined,
            durationMs: stream ? T.stream : T.small,
            metrics: stream ? ['ttfbP50', 'p50', 'p99', 'rps', 'cpuPerReqMs', 'cpuPerChunkUs'] : ['p50', 'p99', 'rps', 'cpuPerReqMs'],
            variants: {
              direct: req(x.wire, fake.url, model, stream),
              // issue 22: the bare pipe carrying the same upstream request (the "pipe" of the translated rows)
              ...(x.peer ? { pipe: withPid(req(x.wire, pipe.url, model, stream), pipe) } : {}),
              ours: withPid(req(x.client, x.proxy.url, model, stream), x.proxy),
              ...(x.peer ? { peer: peer ? withPid(req('anthropic', peer.url, pm(model), stream), peer) : peerNa } : {}),
            },
          });
        }
      }
    }
    endScenario('s3');
  }

  // ---- 5. 200 concurrent long streams: peak RSS
  if (want('s5')) {
    scenarioHeader('5', `200 concurrent long streams (${L.n} events, ${L.d} ms apart) — peak RSS`);
    const s5 = [];
    const cases = [
      { name: 'ours passthrough (openai)', p: po, spec: req('openai', po.url, MODELS.long, true) },
      { name: 'ours Anthropic → OpenAI', p: xo, spec: req('anthropic', xo.url, MODELS.long, true) },
      ...(peer ? [{ name: 'peer Anthropic → OpenAI', p: peer, spec: req('anthropic', peer.url, pm(MODELS.long), true) }] : []),
      { name: 'bare pipe (openai)', p: pipe, spec: req('openai', pipe.url, MODELS.long, true) },
    ];
    for (const cs of cases) {
      const before = rssMB(cs.p.pid);
      resetHwm(cs.p.pid);
      let peak = 0;
      const timer = setInterval(() => { peak = Math.max(peak, rssMB(cs.p.pid)); }, 20);
      const m = await runLoad({ ...cs.spec, concurrency: 200, stream: true, requests: 200 });
      clearInterval(timer);
      const hwm = hwmMB(cs.p.pid);
      const row = { name: cs.name, ok: m.ok, errors: m.errors, firstError: m.firstError, rssBeforeMB: before, peakRssMB: Math.max(peak, Number.isFinite(hwm) ? hwm : 0), sampledPeakMB: peak, ttlbP50: m.p50, ttfbP50: m.ttfbP50 };
      if (m.ok === 0) row.na = `n/a (${m.firstError})`;
      s5.push(row);
      process.stdout.write(`  ${cs.name.padEnd(28)} ${m.ok}/200 ok  peak RSS ${fmt(row.peakRssMB, 1)} MB (before ${fmt(before, 1)} MB)  TTFB p50 ${fmt(m.ttfbP50)} ms  TTLB p50 ${fmt(m.p50, 0)} ms${row.na ? '  ' + row.na : ''}\n`);
    }
    state.s5 = s5;
  }

  // ---- 4. large bodies
  if (want('s4')) {
    scenarioHeader('4', 'large Claude-Code-shaped request bodies, c=4');
    beginScenario('s4');
    const b1 = claudeCodeBody(MODELS.small, 1024 * 1024);
    const b1a = json(b1);
    const b1o = json(openaiFromAnthropic(b1));
    log(`1 MB body: anthropic ${b1a.length} B, openai ${b1o.length} B`);
    await measureRow({
      scenario: 's4', label: 'Anthropic passthrough, 1 MB body', concurrency: 4, durationMs: T.body1, minRequests: 8, metrics: ['p50', 'p99', 'rps', 'cpuPerReqMs'],
      variants: { direct: req('anthropic', fake.url, null, false, b1a), pipe: withPid(req('anthropic', pipe.url, null, false, b1a), pipe), ours: withPid(req('anthropic', pa.url, null, false, b1a), pa) },
    });
    // the peer tokenises every body (seconds per 1 MB request): in --quick one batch of 4 is enough
    await measureRow({
      scenario: 's4', label: 'Anthropic client → OpenAI upstream, 1 MB body', concurrency: 4, metrics: ['p50', 'p99', 'rps', 'cpuPerReqMs'],
      ...(QUICK ? { runs: 1, requests: 4, warmRequests: 0, minRequests: 4 } : { durationMs: T.body1, minRequests: 8, runs: 3 }),
      variants: {
        direct: req('openai', fake.url, null, false, b1o),
        pipe: withPid(req('openai', pipe.url, null, false, b1o), pipe),
        ours: withPid(req('anthropic', xo.url, null, false, b1a), xo),
        peer: peer ? withPid(req('anthropic', peer.url, null, false, json({ ...b1, model: pm(MODELS.small) })), peer) : peerNa,
      },
    });
    endScenario('s4');
    // 50 MB: memory is the question; measured on its own so its peak does not hide the others
    // a fresh proxy process of its own, so its peak is its own and its memory does not stay in `main`
    const big = await startOurs('anthropic-50mb', ['anthropic'], fake.url);
    state.procs['anthropic-50mb'] = big;
    beginScenario('s4-50mb');
    const b50 = json(claudeCodeBody(MODELS.small, 50 * 1024 * 1024));
    log(`50 MB body: ${b50.length} B`);
    await measureRow({
      scenario: 's4', label: 'Anthropic passthrough, 50 MB body', concurrency: 4, requests: T.body50, warmRequests: QUICK ? 0 : 4, minRequests: 4, runs: QUICK ? 1 : 3,
      metrics: ['p50', 'p99', 'rps', 'cpuPerReqMs'],
      variants: { direct: req('anthropic', fake.url, null, false, b50), pipe: withPid(req('anthropic', pipe.url, null, false, b50), pipe), ours: withPid(req('anthropic', big.url, null, false, b50), big) },
    });
    endScenario('s4-50mb');
    await stopProc(big);
    delete state.procs['anthropic-50mb'];
  }

  // ---- 6. activation + bundle sizes
  if (want('s6')) {
    scenarioHeader('6', 'extension activation and bundle sizes');
    state.s6 = await activationAndBundles();
  }

  // ---- 7. team mode, opt-in (--redis or --only s7): added latency with Redis on (bench/redis-latency.mjs)
  if (flag('redis') || ONLY?.has('s7')) state.s7 = await (await import('./redis-latency.mjs')).redisLatency({ quick: QUICK, log });

  // ---- RSS summary
  const rss = {};
  for (const [k, p] of Object.entries(state.procs)) rss[k] = { idleMB: p.idleRssMB, lifetimePeakNote: 'per-scenario peaks in scenarios[*].peakRssMB' };
  meta.loadavgEnd = os.loadavg();
  meta.durationS = (performance.now() - tStartAll) / 1000;
  meta.peer = peerStatus;
  for (const p of [fake, pipe, po, pa, pg, mixed, peer]) if (p) await stopProc(p);
  await closePools();

  const i22 = issue22(state);
  printIssue22(i22, fmt);
  const targets = [...evaluateTargets(), ...i22.targets];
  printTargets(targets);
  const result = { meta, rss, issue22: i22.table, rows: state.rows, scenarios: state.scenarios, s5: state.s5, s6: state.s6, targets, harnessErrors: state.harnessErrors };
  const dir = path.join(HERE, 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = meta.date.replace(/[:.]/g, '-');
  const base = `${ONLY ? 'partial-' : QUICK ? 'quick-' : ''}${stamp}.json`;
  writeFileSync(path.join(dir, base), JSON.stringify(result, null, 2));
  if (!ONLY) writeFileSync(path.join(dir, QUICK ? 'latest-quick.json' : 'latest.json'), JSON.stringify(result, null, 2));
  if (QUICK && meta.durationS > 120) log(`warning: --quick took ${meta.durationS.toFixed(0)} s (budget 120 s)`);
  log(`wrote bench/results/${base} in ${meta.durationS.toFixed(0)} s; load average now ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  if (state.harnessErrors.length) {
    log(`harness errors:\n  ${state.harnessErrors.join('\n  ')}`);
    return 1;
  }
  return 0;
}

// ---------------------------------------------------------------- scenario 6
async function activationAndBundles() {
  const out = { activation: undefined, bundles: {} };
  const ext = path.join(ROOT, 'dist', 'extension.js');
  const size = (f) => (existsSync(f) ? statSync(f).size : undefined);
  for (const f of readdirSync(path.join(ROOT, 'dist')).filter((f) => f.endsWith('.js')).sort()) out.bundles[`dist/${f}`] = size(path.join(ROOT, 'dist', f));
  if (existsSync(ext)) {
    const samples = [];
    let error;
    for (let i = 0; i < T.act; i++) {
      try {
        const r = JSON.parse(execFileSync(process.execPath, [path.join(HERE, 'activation-probe.cjs'), ext, path.join(ROOT, 'package.json')], { timeout: 30_000 }).toString().trim().split('\n').pop());
        if (r.ok) samples.push(r);
        else error = r.error;
      } catch (e) { error = String(e.message).slice(0, 300); }
    }
    out.activation = samples.length
      ? { runs: samples.length, requireMs: median(samples.map((s) => s.requireMs)), activateMs: median(samples.map((s) => s.activateMs)), totalMs: median(samples.map((s) => s.totalMs)), rssMB: median(samples.map((s) => s.rssMB)), error }
      : { na: `n/a (${error})` };
  } else out.activation = { na: 'n/a (dist/extension.js not built)' };

  // production (minified) bundle, built into a temp folder with the same options as esbuild.mjs --production
  try {
    const { build } = await import('esbuild');
    const outfile = path.join(TMP, 'prod', 'extension.js');
    const r = await build({ entryPoints: [path.join(ROOT, 'src', 'extension.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, sourcemap: false, legalComments: 'none', external: ['vscode'], metafile: true, logLevel: 'silent' });
    out.bundles['extension.js (production, minified)'] = size(outfile);
    const byPkg = {};
    for (const [file, info] of Object.entries(r.metafile.outputs[Object.keys(r.metafile.outputs).find((k) => k.endsWith('extension.js'))].inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
      const key = m ? m[1] : file.startsWith('src/') || file.includes('/src/') ? 'src/' + (file.split('src/')[1] || '').split('/')[0] : file;
      byPkg[key] = (byPkg[key] ?? 0) + info.bytesInOutput;
    }
    out.bundleComposition = Object.entries(byPkg).sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => ({ input: k, bytes: v }));
    const prodSamples = [];
    for (let i = 0; i < T.act; i++) {
      try {
        const rr = JSON.parse(execFileSync(process.execPath, [path.join(HERE, 'activation-probe.cjs'), outfile, path.join(ROOT, 'package.json')], { timeout: 30_000 }).toString().trim().split('\n').pop());
        if (rr.ok) prodSamples.push(rr);
      } catch {}
    }
    if (prodSamples.length) out.activationProduction = { runs: prodSamples.length, requireMs: median(prodSamples.map((s) => s.requireMs)), activateMs: median(prodSamples.map((s) => s.activateMs)), totalMs: median(prodSamples.map((s) => s.totalMs)) };
  } catch (e) {
    out.bundles['extension.js (production, minified)'] = `n/a (${String(e.message).slice(0, 200)})`;
  }

  // the .vsix, packaged in a temp copy of the repo so dist/ of the working tree is not touched
  if (WITH_VSIX) {
    try {
      const copy = path.join(TMP, 'pkg');
      mkdirSync(copy);
      for (const e of readdirSync(ROOT)) {
        if (['node_modules', '.git', 'dist', 'bench'].includes(e)) continue;
        cpSync(path.join(ROOT, e), path.join(copy, e), { recursive: true });
      }
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
      execFileSync('npm', ['run', 'package'], { cwd: copy, stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000 });
      const vsix = path.join(copy, 'dist', 'antigravity-proxy.vsix');
      out.bundles['antigravity-proxy.vsix'] = size(vsix);
      for (const f of readdirSync(path.join(copy, 'dist')).filter((f) => f.endsWith('.js')).sort()) out.bundles[`dist/${f} (npm run package, production)`] = size(path.join(copy, 'dist', f));
      try {
        const list = execFileSync('unzip', ['-l', vsix]).toString();
        out.vsixFiles = [...list.matchAll(/^\s*(\d+)\s+\S+\s+\S+\s+(extension\/\S+)$/gm)].map((m) => ({ file: m[2], bytes: Number(m[1]) }));
        const names = new Set(out.vsixFiles.map((f) => f.file));
        const extSrc = readFileSync(path.join(copy, 'dist', 'extension.js'), 'utf8');
        if (/core\.js/.test(extSrc) && existsSync(path.join(copy, 'dist', 'core.js')) && !names.has('extension/dist/core.js')) {
          out.vsixWarning = 'dist/extension.js loads core.js but the .vsix does not contain extension/dist/core.js (.vscodeignore): Start would fail in an installed extension';
        }
      } catch {}
    } catch (e) {
      out.bundles['antigravity-proxy.vsix'] = `n/a (npm run package failed: ${String(e.stderr || e.message).slice(-300)})`;
    }
  } else {
    const v = path.join(ROOT, 'dist', 'antigravity-proxy.vsix');
    out.bundles['antigravity-proxy.vsix'] = existsSync(v) ? size(v) : 'not built in --quick (pass --vsix)';
  }
  const a = out.activation;
  process.stdout.write(a.na ? `  activation: ${a.na}\n` : `  activation (dist/extension.js as built, median of ${a.runs}): require ${fmt(a.requireMs, 1)} ms + activate() ${fmt(a.activateMs, 1)} ms = ${fmt(a.totalMs, 1)} ms\n`);
  if (out.activationProduction) process.stdout.write(`  activation (production bundle): require ${fmt(out.activationProduction.requireMs, 1)} ms + activate() ${fmt(out.activationProduction.activateMs, 1)} ms = ${fmt(out.activationProduction.totalMs, 1)} ms\n`);
  for (const [k, v] of Object.entries(out.bundles)) process.stdout.write(`  ${k.padEnd(48)} ${typeof v === 'number' ? (v / 1024).toFixed(1) + ' KiB' : v}\n`);
  if (out.vsixWarning) process.stdout.write(`  WARNING: ${out.vsixWarning}\n`);
  if (out.vsixFiles) process.stdout.write(`  vsix contents: ${out.vsixFiles.filter((f) => f.bytes > 4096).map((f) => `${f.file.replace('extension/', '')} ${(f.bytes / 1024).toFixed(0)}K`).join(', ')}\n`);
  if (out.bundleComposition) process.stdout.write(`  largest inputs of the production extension.js: ${out.bundleComposition.slice(0, 8).map((x) => `${x.input} ${(x.bytes / 1024).toFixed(0)}K`).join(', ')}\n`);
  return out;
}

// ---------------------------------------------------------------- targets
function find(scenario, labelPart, c) {
  return state.rows.find((r) => r.scenario === scenario && r.label.includes(labelPart) && r.concurrency === c);
}
const val = (row, v, k) => (row && row.variants[v] && !row.variants[v].na ? row.variants[v][k] : NaN);
function evaluateTargets() {
  const t = [];
  const add = (name, value, limit, cmp, unit, note) => {
    const ok = Number.isFinite(value) ? (cmp === '<=' ? value <= limit : value >= limit) : null;
    t.push({ name, value: Number.isFinite(value) ? value : null, limit, cmp, unit, met: ok, note: ok === null ? note ?? 'not measured (n/a)' : note });
  };
  const added = (row, k) => val(row, 'ours', k) - val(row, 'direct', k);
  const pt1 = find('s1', 'openai passthrough', 1);
  const tr1 = find('s3', 'Anthropic client → OpenAI upstream, small', 1);
  add('passthrough small c=1: added p50', added(pt1, 'p50'), 0.2, '<=', 'ms');
  add('translated small c=1 (Anthropic → OpenAI): added p50', added(tr1, 'p50'), 0.3, '<=', 'ms');
  const pt32 = find('s1', 'openai passthrough', 32);
  const an32 = find('s1', 'anthropic passthrough', 32);
  const tr32 = find('s3', 'Anthropic client → OpenAI upstream, small', 32);
  const peerRps = val(an32, 'peer', 'rps');
  add('c=32 passthrough req/s ÷ peer req/s', val(an32, 'ours', 'rps') / peerRps, 5, '>=', '×', 'anthropic passthrough vs the peer (Anthropic → OpenAI, its only path)');
  add('c=32 translated req/s ÷ peer req/s', val(tr32, 'ours', 'rps') / val(tr32, 'peer', 'rps'), 5, '>=', '×');
  add('c=32 passthrough req/s ÷ bare pipe req/s', val(pt32, 'ours', 'rps') / val(pt32, 'pipe', 'rps'), 0.6, '>=', '×');
  const st1 = find('s2', 'openai passthrough, 200-chunk', 1);
  add('200-chunk stream c=1: added time to last byte', added(st1, 'p50'), 1.5, '<=', 'ms');
  add('200-chunk stream c=1: added time to first byte', added(st1, 'ttfbP50'), 0.5, '<=', 'ms');
  const st32 = find('s2', 'openai passthrough, 200-chunk', 32);
  add('200-chunk stream: proxy CPU per chunk (c=32)', val(st32, 'ours', 'cpuPerChunkUs'), 10, '<=', 'µs');
  const paced = state.rows.find((r) => r.label.includes('paced'));
  add('paced stream: added mean inter-chunk gap', added(paced, 'gapMean'), 0.1, '<=', 'ms');
  add('paced stream: chunks seen ÷ direct (no buffering)', val(paced, 'ours', 'chunksPerStream') / val(paced, 'direct', 'chunksPerStream'), 0.9, '>=', '×');
  add('1 MB body c=4 passthrough: added p50', added(find('s4', 'Anthropic passthrough, 1 MB', 4), 'p50'), 15, '<=', 'ms');
  add('1 MB body c=4 translated: added p50', added(find('s4', 'OpenAI upstream, 1 MB', 4), 'p50'), 15, '<=', 'ms');
  const b50 = find('s4', '50 MB', 4);
  add('50 MB body accepted and forwarded (ok requests)', b50 && b50.variants.ours && !b50.variants.ours.na ? b50.variants.ours.requests - (b50.variants.ours.errors ?? 0) : NaN, 1, '>=', 'requests', b50?.variants?.ours?.na);
  const peaks = ['s1', 's2', 's3', 's4'].flatMap((s) => Object.entries(state.scenarios[s]?.peakRssMB ?? {}).filter(([k]) => k !== 'peer').map(([, v]) => v)).filter(Number.isFinite);
  add('peak RSS of our proxies, scenarios 1–4 without the 50 MB body', peaks.length ? Math.max(...peaks) : NaN, 100, '<=', 'MB');
  const s5 = state.s5?.find((r) => r.name.startsWith('ours passthrough'));
  add('200 concurrent streams: peak RSS', s5 && !s5.na ? s5.peakRssMB : NaN, 150, '<=', 'MB');
  const a = state.s6?.activation;
  add('activation (require + activate, dist/extension.js as built)', a && !a.na ? a.totalMs : NaN, 20, '<=', 'ms');
  add('activation (require + activate, production bundle)', state.s6?.activationProduction?.totalMs ?? NaN, 20, '<=', 'ms');
  return t;
}
function printTargets(t) {
  process.stdout.write('\n=== targets\n');
  for (const x of t) {
    const mark = x.met === null ? 'n/a ' : x.met ? 'MET ' : 'MISS';
    process.stdout.write(`  ${mark} ${x.name}: ${x.value === null ? '—' : fmt(x.value, 3)} ${x.unit} (target ${x.cmp} ${x.limit})${x.note && x.met !== null ? '  — ' + x.note : ''}\n`);
  }
}

main().then(
  (code) => { cleanup(); process.exit(code); },
  (err) => { process.stderr.write(`bench: harness failure: ${err?.stack || err}\n`); cleanup(); process.exit(1); },
);
