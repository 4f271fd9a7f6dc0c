#!/usr/bin/env node
// CPU profile of the proxy under one load: builds an unminified bundle of src/cli.ts into a temp
// folder (so function names survive), runs it with --cpu-prof against the fake upstream, drives
// the load, stops it and prints the top functions by self time and by inclusive time (per file).
//
//   node bench/profile.mjs [small|small-x|stream|stream-x|body1m|body1m-x|body50m] [--seconds 8] [--c 32]
//   (-x = Anthropic client → OpenAI upstream, i.e. through translation)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { closePools, runLoad } from './driver.mjs';
import { anthropicBody, claudeCodeBody, openaiBody } from './bodies.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const argv = process.argv.slice(2);
const opt = (n, d) => {
  const i = argv.indexOf(`--${n}`);
  return i === -1 ? d : argv[i + 1];
};
const which = argv.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? 'small';
const seconds = Number(opt('seconds', 8));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'antigravity-prof-'));

function start(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.stderr.on('data', () => {});
    child.on('exit', (c) => reject(new Error(`${args[0]} exited ${c}`)));
  });
}

const outfile = path.join(tmp, 'cli.js');
await build({ entryPoints: [path.join(ROOT, 'src', 'cli.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: false, minify: false, logLevel: 'silent' });
// The shared fake vendor (test/fakes/vendor), built next to the CLI.
const fakeVendor = path.join(tmp, 'fake-vendor.mjs');
await build({ entryPoints: [path.join(ROOT, 'test', 'fakes', 'vendor', 'cli.ts')], outfile: fakeVendor, bundle: true, platform: 'node', format: 'esm', target: 'node20', sourcemap: false, minify: false, logLevel: 'silent' });
const fake = await start(process.execPath, [fakeVendor, '--port', '0', '--api-key', 'k']);
const translated = which.endsWith('-x');
const port = 20000 + Math.floor(Math.random() * 20000);
// one account, so the route is fixed: passthrough unless the name ends in -x (Anthropic client → OpenAI)
const anthropicPassthrough = which.startsWith('body') && !translated;
const account = anthropicPassthrough
  ? [{ id: 'a', kind: 'anthropic', label: 'a', baseUrl: fake.url, apiKey: 'k', enabled: true }]
  : [{ id: 'o', kind: 'openai', label: 'o', baseUrl: `${fake.url}/v1`, apiKey: 'k', enabled: true }];
writeFileSync(path.join(tmp, 'cfg.json'), JSON.stringify({ proxy: { port, authMode: 'off' }, accounts: account, modelMapping: {} }));
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ANTIGRAVITY_|GEMINI_|ANTHROPIC_|OPENAI_|ZAI_)/.test(k)));
const proxy = await start(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${tmp}`, outfile, 'serve', '--config', path.join(tmp, 'cfg.json'), '--data-dir', path.join(tmp, 'data')], env);

const H = { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' };
const c = Number(opt('c', which.startsWith('body') ? 4 : 32));
let spec;
if (which.startsWith('small')) spec = translated ? { path: '/v1/messages', headers: H, body: JSON.stringify(anthropicBody('bench', false)) } : { path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body: JSON.stringify(openaiBody('bench', false)) };
else if (which.startsWith('stream')) spec = translated ? { path: '/v1/messages', headers: H, body: JSON.stringify(anthropicBody('bench-n200-d0-s16', true)), stream: true } : { path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body: JSON.stringify(openaiBody('bench-n200-d0-s16', true)), stream: true };
else if (which.startsWith('body1m')) spec = { path: '/v1/messages', headers: H, body: JSON.stringify(claudeCodeBody('bench', 1 << 20)) };
else spec = { path: '/v1/messages', headers: H, body: JSON.stringify(claudeCodeBody('bench', 50 << 20)) };
const r = await runLoad({ origin: proxy.url, ...spec, body: Buffer.from(spec.body), concurrency: c, durationMs: seconds * 1000 });
console.log(`${which}: ${r.ok} ok, ${r.errors} errors (${r.firstError ?? ''}), p50 ${r.p50?.toFixed(2)} ms, ${r.rps.toFixed(0)} req/s`);
await closePools();
await new Promise((res) => {
  proxy.child.once('exit', res);
  proxy.child.kill('SIGINT');
});
fake.child.kill('SIGTERM');

const file = readdirSync(tmp).find((f) => f.endsWith('.cpuprofile'));
const prof = JSON.parse(readFileSync(path.join(tmp, file), 'utf8'));
const keep = path.join(HERE, 'results', 'profiles');
mkdirSync(keep, { recursive: true });
const saved = path.join(keep, `${which}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
copyFileSync(path.join(tmp, file), saved);

// self time per function, inclusive time per function
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const ch of n.children ?? []) parent.set(ch, n.id);
const dt = prof.timeDeltas;
const selfUs = new Map();
for (let i = 0; i < prof.samples.length; i++) selfUs.set(prof.samples[i], (selfUs.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const label = (n) => {
  const cf = n.callFrame;
  const f = cf.url ? cf.url.replace(/^file:\/\//, '').replace(tmp + '/', '') : '';
  return `${cf.functionName || '(anonymous)'} ${f ? `${path.basename(f)}:${cf.lineNumber + 1}` : ''}`.trim();
};
const self = new Map();
const incl = new Map();
for (const [id, us] of selfUs) {
  const n = byId.get(id);
  self.set(label(n), (self.get(label(n)) ?? 0) + us);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur));
    if (seen.has(l)) continue;
    seen.add(l);
    incl.set(l, (incl.get(l) ?? 0) + us);
  }
}
const idle = self.get('(idle)') ?? 0;
const busy = total - idle;
const top = (m, k) => [...m].filter(([l]) => !['(idle)', '(root)', '(program)'].includes(l)).sort((a, b) => b[1] - a[1]).slice(0, k);
console.log(`profile ${saved}\nbusy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms; ${(busy / 1000 / Math.max(1, r.ok)).toFixed(3)} ms CPU per request`);
console.log('\ntop self time (% of busy):');
for (const [l, us] of top(self, 25)) console.log(`  ${((us / busy) * 100).toFixed(1).padStart(5)}%  ${l}`);
console.log('\ntop inclusive time in the bundle (cli.js lines; % of busy):');
for (const [l, us] of top(new Map([...incl].filter(([l]) => l.includes('cli.js'))), 30)) console.log(`  ${((us / busy) * 100).toFixed(1).padStart(5)}%  ${l}`);
// self time attributed to the bundle's source regions (esbuild's `// path` markers): a sample in
// node internals counts for the nearest bundle frame above it
const lines = readFileSync(outfile, 'utf8').split('\n');
const marks = [];
lines.forEach((l, i) => {
  const m = /^\/\/ ((?:node_modules|src)\/\S+)$/.exec(l);
  if (m) marks.push([i, m[1]]);
});
const regionOf = (line) => {
  let lo = 0;
  let hi = marks.length - 1;
  let ans = '(bundle prologue)';
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid][0] <= line) { ans = marks[mid][1]; lo = mid + 1; } else hi = mid - 1;
  }
  const nm = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(ans);
  return nm ? nm[1] : ans;
};
const byRegion = new Map();
for (const [id, us] of selfUs) {
  let cur = id;
  let region;
  for (; cur !== undefined; cur = parent.get(cur)) {
    const cf = byId.get(cur).callFrame;
    if (cf.url && cf.url.endsWith('/cli.js')) { region = regionOf(cf.lineNumber); break; }
  }
  const n = byId.get(id).callFrame.functionName;
  if (['(idle)', '(root)', '(program)'].includes(n)) continue;
  region ??= n === '(garbage collector)' ? '(garbage collector)' : '(node internals, no bundle frame)';
  byRegion.set(region, (byRegion.get(region) ?? 0) + us);
}
console.log('\nCPU by source (self time incl. node internals called from it; % of busy):');
for (const [l, us] of [...byRegion].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${((us / busy) * 100).toFixed(1).padStart(5)}%  ${l}`);
console.log(`\nbundle for line lookups: ${outfile}`);
