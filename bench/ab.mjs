#!/usr/bin/env node
// Before/after of two builds of the headless proxy, side by side in one run (issue 22): the bare
// pipe, build A (--base, e.g. an older dist/cli.js) and build B (this tree's dist/cli.js) behind
// one fake upstream, each load alternated A/B/pipe over several rounds (order reversed each
// round), steady state (a warm-up first): CPU per request / chunk from /proc, req/s, p50, and
// peak RSS (VmHWM reset per scenario). Monitor on in both.
//
//   node bench/ab.mjs --base /tmp/old/dist/cli.js [--rounds 3] [--seconds 2] [--only small-x,stream-x]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closePools, median, runLoad } from './driver.mjs';
import { anthropicBody, claudeCodeBody, openaiBody } from './bodies.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const argv = process.argv.slice(2);
const opt = (n, d) => {
  const i = argv.indexOf(`--${n}`);
  return i === -1 ? d : argv[i + 1];
};
const BASE = opt('base');
if (!BASE) throw new Error('--base <path to the other build\'s dist/cli.js> is required');
const ROUNDS = Number(opt('rounds', 3));
const SECONDS = Number(opt('seconds', 2));
const ONLY = opt('only') ? new Set(opt('only').split(',')) : undefined;
const TMP = mkdtempSync(path.join(os.tmpdir(), 'antigravity-ab-'));
const kids = [];
// A child still flushing its monitor files as it stops can make the removal fail (ENOTEMPTY):
// retry, then leave the temp dir rather than end a finished run with a stack.
process.on('exit', () => {
  for (const k of kids) try { k.kill('SIGTERM'); } catch {}
  try { rmSync(TMP, { recursive: true, force: true, maxRetries: 3 }); } catch { console.error(`[ab] left ${TMP}`); }
});

function start(name, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ANTIGRAVITY_|GEMINI_|ANTHROPIC_|OPENAI_|ZAI_)/.test(k))) });
    kids.push(child);
    let out = '';
    const t = setTimeout(() => reject(new Error(`${name} not ready`)), 20_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) { clearTimeout(t); resolve({ name, child, pid: child.pid, url: m[1].replace(/\/$/, '') }); }
    });
    child.stderr.on('data', () => {});
    child.on('exit', (c) => reject(new Error(`${name} exited ${c}`)));
  });
}
const CLK = 100;
const cpuMs = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8'); const x = f.slice(f.lastIndexOf(')') + 2).split(' '); return ((Number(x[11]) + Number(x[12])) * 1000) / CLK; };
const memKB = (pid, k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
const resetHwm = (pid) => { try { writeFileSync(`/proc/${pid}/clear_refs`, '5'); } catch {} };

let port = 21000 + Math.floor(Math.random() * 20000);
async function proxy(name, cli, fakeUrl, kind) {
  const cfg = path.join(TMP, `${name}-${kind}.json`);
  writeFileSync(cfg, JSON.stringify({ proxy: { port: port++, authMode: 'off' }, accounts: [{ id: kind, kind, label: kind, apiKey: 'k', enabled: true, baseUrl: kind === 'openai' ? `${fakeUrl}/v1` : fakeUrl }], modelMapping: {} }));
  const p = await start(`${name} ${kind}`, [cli, 'serve', '--config', cfg, '--data-dir', path.join(TMP, `${name}-${kind}-data`)]);
  await new Promise((r) => setTimeout(r, 300));
  p.idleMB = memKB(p.pid, 'VmRSS') / 1024;
  return p;
}

const fake = await start('fake', [path.join(ROOT, 'dist', 'fake-vendor.mjs'), '--port', '0', '--api-key', 'k']);
const pipe = await start('pipe', [path.join(HERE, 'bare-pipe.mjs'), '--upstream', fake.url]);
const builds = { A: BASE, B: path.join(ROOT, 'dist', 'cli.js') };
const procs = {};
for (const [b, cli] of Object.entries(builds)) procs[b] = { openai: await proxy(b, cli, fake.url, 'openai'), anthropic: await proxy(b, cli, fake.url, 'anthropic') };

const HO = { 'content-type': 'application/json', authorization: 'Bearer k' };
const HA = { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' };
const js = (o) => Buffer.from(JSON.stringify(o));
const big = claudeCodeBody('bench', 1 << 20);
const S = 'bench-n200-d0-s16';
// [name, concurrency, chunks, spec for a proxy build, spec for the pipe]
const scenarios = [
  ['small-x c=1', 1, 0, (p) => ({ origin: p.openai.url, path: '/v1/messages', headers: HA, body: js(anthropicBody('bench', false)), pid: p.openai.pid }), { path: '/v1/chat/completions', headers: HO, body: js(openaiBody('bench', false)) }],
  ['small-x c=32', 32, 0, (p) => ({ origin: p.openai.url, path: '/v1/messages', headers: HA, body: js(anthropicBody('bench', false)), pid: p.openai.pid }), { path: '/v1/chat/completions', headers: HO, body: js(openaiBody('bench', false)) }],
  ['small c=32', 32, 0, (p) => ({ origin: p.openai.url, path: '/v1/chat/completions', headers: HO, body: js(openaiBody('bench', false)), pid: p.openai.pid }), { path: '/v1/chat/completions', headers: HO, body: js(openaiBody('bench', false)) }],
  ['stream-x c=1', 1, 200, (p) => ({ origin: p.openai.url, path: '/v1/messages', headers: HA, body: js(anthropicBody(S, true)), pid: p.openai.pid, stream: true }), { path: '/v1/chat/completions', headers: HO, body: js(openaiBody(S, true)), stream: true }],
  ['stream-x c=32', 32, 200, (p) => ({ origin: p.openai.url, path: '/v1/messages', headers: HA, body: js(anthropicBody(S, true)), pid: p.openai.pid, stream: true }), { path: '/v1/chat/completions', headers: HO, body: js(openaiBody(S, true)), stream: true }],
  ['stream c=32', 32, 200, (p) => ({ origin: p.openai.url, path: '/v1/chat/completions', headers: HO, body: js(openaiBody(S, true)), pid: p.openai.pid, stream: true }), { path: '/v1/chat/completions', headers: HO, body: js(openaiBody(S, true)), stream: true }],
  ['body1m c=4', 4, 0, (p) => ({ origin: p.anthropic.url, path: '/v1/messages', headers: HA, body: js(big), pid: p.anthropic.pid }), { path: '/v1/messages', headers: HA, body: js(big) }],
  ['body1m-x c=4', 4, 0, (p) => ({ origin: p.openai.url, path: '/v1/messages', headers: HA, body: js(big), pid: p.openai.pid }), { path: '/v1/messages', headers: HA, body: js(big), upstreamOpenai: true }],
];

const rows = [];
for (const [name, c, chunks, mk, pipeSpec] of scenarios) {
  if (ONLY && !ONLY.has(name.split(' ')[0])) continue;
  const variants = { pipe: { ...pipeSpec, origin: pipe.url, pid: pipe.pid }, A: mk(procs.A), B: mk(procs.B) };
  // the translated 1 MB row: the pipe carries the same conversation in the upstream's dialect
  if (pipeSpec.upstreamOpenai) {
    const { openaiFromAnthropic } = await import('./bodies.mjs');
    variants.pipe = { origin: pipe.url, pid: pipe.pid, path: '/v1/chat/completions', headers: HO, body: js(openaiFromAnthropic(big)) };
  }
  for (const v of Object.values(variants)) await runLoad({ ...v, concurrency: c, durationMs: 1500, minRequests: c });
  for (const b of ['A', 'B']) for (const p of Object.values(procs[b])) resetHwm(p.pid);
  const per = { pipe: [], A: [], B: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const k of r % 2 ? ['B', 'A', 'pipe'] : ['pipe', 'A', 'B']) {
      const v = variants[k];
      const c0 = cpuMs(v.pid);
      const m = await runLoad({ ...v, concurrency: c, durationMs: SECONDS * 1000, minRequests: c });
      const c1 = cpuMs(v.pid);
      per[k].push({ rps: m.rps, p50: m.p50, cpu: (c1 - c0) / m.ok, chunkUs: chunks ? ((c1 - c0) * 1000) / (m.ok * chunks) : NaN, errors: m.errors });
    }
  }
  const agg = (k) => ({ rps: median(per[k].map((x) => x.rps)), p50: median(per[k].map((x) => x.p50)), cpu: median(per[k].map((x) => x.cpu)), chunkUs: median(per[k].map((x) => x.chunkUs)), errors: per[k].reduce((a, x) => a + x.errors, 0) });
  const row = { name, pipe: agg('pipe'), A: agg('A'), B: agg('B') };
  row.A.peakMB = Math.max(...Object.values(procs.A).map((p) => memKB(p.pid, 'VmHWM') / 1024));
  row.B.peakMB = Math.max(...Object.values(procs.B).map((p) => memKB(p.pid, 'VmHWM') / 1024));
  rows.push(row);
  const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  const vs = (k) => (chunks ? `CPU/chunk ${f(row[k].chunkUs, 1)} µs (${f(row[k].chunkUs / row.pipe.chunkUs, 1)}× pipe)` : `CPU/req ${f(row[k].cpu, 3)} ms (${f(row[k].cpu / row.pipe.cpu, 1)}× pipe)`) + `  ${f(row[k].rps, 0)} req/s (${f((row[k].rps / row.pipe.rps) * 100, 0)} % pipe)  p50 ${f(row[k].p50)} ms (+${f(row[k].p50 - row.pipe.p50, 1)})  peak RSS ${f(row[k].peakMB, 0)} MB${row[k].errors ? `  errors ${row[k].errors}` : ''}`;
  process.stdout.write(`\n${name}\n  pipe  CPU/req ${f(row.pipe.cpu, 3)} ms  ${chunks ? `CPU/chunk ${f(row.pipe.chunkUs, 1)} µs  ` : ''}${f(row.pipe.rps, 0)} req/s  p50 ${f(row.pipe.p50)} ms\n  A     ${vs('A')}\n  B     ${vs('B')}\n`);
}
process.stdout.write(`\nidle RSS: A ${Object.values(procs.A).map((p) => p.idleMB.toFixed(1)).join(' / ')} MB, B ${Object.values(procs.B).map((p) => p.idleMB.toFixed(1)).join(' / ')} MB; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
writeFileSync(path.join(HERE, 'results', `ab-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ base: BASE, rows, idle: { A: Object.values(procs.A).map((p) => p.idleMB), B: Object.values(procs.B).map((p) => p.idleMB) } }, null, 2));
await closePools();
process.exit(0);
