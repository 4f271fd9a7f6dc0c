/**
 * Headless demo mode through dist/cli.js (issue 16): `serve` with no account anywhere starts the
 * demo and says so before the listening line; `--demo` forces it; an env account pointing at the
 * proxy itself is skipped with a note. (`serve --config` without accounts still exits 1: cli.test.ts.)
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from '../support/free-port';

const CLI = join(process.cwd(), 'dist', 'cli.js');
let dir: string;
const cleanEnv = (extra: Record<string, string> = {}) => {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/API_KEY|BASE_URL|^ANTIGRAVITY_/.test(k)) env[k] = v;
  return { ...env, XDG_DATA_HOME: join(dir, 'xdg'), ...extra };
};

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'agp-demo-cli-'));
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));


/** Runs `serve` until it listens; returns its URL, its stderr so far and a stop() giving the exit code. */
async function serve(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line: ${err}`)), 15_000);
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', () => reject(new Error(`exited early: ${err}`)));
  }).catch((e) => {
    child.kill('SIGKILL');
    throw e;
  });
  const stop = () => new Promise<number | null>((resolve) => {
    child.on('exit', (c) => resolve(c));
    child.kill('SIGINT');
  });
  return { url, stderr: () => err, stop };
}

async function chat(url: string): Promise<string> {
  const r = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }) });
  assert.equal(r.status, 200);
  return ((await r.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content;
}

test('serve with no config and no key variable: demo mode, announced before the listening line', async () => {
  const port = await freePort();
  const s = await serve([], cleanEnv({ ANTIGRAVITY_PORT: String(port) }));
  try {
    const err = s.stderr();
    const demoAt = err.indexOf('Demo mode: no account is configured');
    assert.ok(demoAt >= 0, err);
    assert.ok(demoAt < err.indexOf('listening on'), 'the demo line comes first');
    assert.match(err, /To leave it, add an account to \.\/antigravity-proxy\.json/);
    assert.equal(s.url, `http://127.0.0.1:${port}`);
    assert.match(await chat(s.url), /Antigravity Proxy demo upstream/);
  } finally {
    assert.equal(await s.stop(), 0);
  }
});

test('serve --demo: only the demo, even with accounts in the config file', async () => {
  const port = await freePort();
  const cfg = join(dir, 'with-account.json');
  // An account whose upstream does not exist: a request reaching it would fail.
  writeFileSync(cfg, JSON.stringify({ proxy: { port }, accounts: [{ id: 'o', kind: 'openai', apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1' }] }));
  const s = await serve(['--demo', '--config', cfg], cleanEnv());
  try {
    assert.match(s.stderr(), /Demo mode \(--demo\)/);
    assert.match(await chat(s.url), /Antigravity Proxy demo upstream/);
  } finally {
    assert.equal(await s.stop(), 0);
  }
});

test('an env key whose base URL is this proxy is ignored with a note (then demo mode)', async () => {
  const port = await freePort();
  const s = await serve([], cleanEnv({ ANTIGRAVITY_PORT: String(port), ANTHROPIC_API_KEY: 'sk-ant-loop-secret', ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}` }));
  try {
    const err = s.stderr();
    assert.match(err, /Ignoring ANTHROPIC_API_KEY: ANTHROPIC_BASE_URL \(http:\/\/127\.0\.0\.1:\d+\) points at this proxy itself/);
    assert.match(err, /Demo mode: no account is configured/);
    assert.ok(!err.includes('sk-ant-loop-secret'));
    assert.match(await chat(s.url), /Antigravity Proxy demo upstream/);
  } finally {
    assert.equal(await s.stop(), 0);
  }
});
