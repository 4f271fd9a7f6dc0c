import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, statSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeVendor, sseFrames, openaiChatStream } from '../fakes/vendor';

// The headless contract (issue 2) is relied on elsewhere: these tests pin it.
const CLI = join(process.cwd(), 'dist', 'cli.js');
let dir: string;
const cleanEnv = (extra: Record<string, string> = {}) => {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/API_KEY|BASE_URL|^ANTIGRAVITY_/.test(k)) env[k] = v;
  return { ...env, XDG_DATA_HOME: join(dir, 'xdg'), ...extra };
};

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'agp-cli-'));
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, cfg: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof cfg === 'string' ? cfg : JSON.stringify(cfg));
  return p;
}

for (const c of [
  { name: 'port out of range', cfg: { proxy: { port: 80 }, accounts: [] }, field: /proxy\.port: must be an integer from 1024 to 65535/ },
  { name: 'short key', cfg: { proxy: { apiKey: 'sk-1' } }, field: /proxy\.apiKey: must start with "sk-" and be at least 10 characters/ },
  { name: 'unknown kind', cfg: { accounts: [{ id: 'x', kind: 'bard', apiKey: 'k' }] }, field: /accounts\[0\]\.kind: unknown kind "bard"/ },
  { name: 'bad URL', cfg: { accounts: [{ id: 'x', kind: 'openai', apiKey: 'k', baseUrl: 'not a url' }] }, field: /accounts\[0\]\.baseUrl: must be an http/ },
  { name: 'not JSON', cfg: '{nope', field: /not valid JSON/ },
]) {
  test(`invalid config (${c.name}) → message naming the field, exit 2`, () => {
    const r = spawnSync(process.execPath, [CLI, 'serve', '--config', writeConfig(`${c.name}.json`, c.cfg)], { encoding: 'utf8', env: cleanEnv() });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, c.field);
  });
}

test('invalid env override is reported like a field, exit 2', () => {
  const r = spawnSync(process.execPath, [CLI, 'serve'], { encoding: 'utf8', env: cleanEnv({ ANTIGRAVITY_PORT: 'abc', OPENAI_API_KEY: 'k' }) });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /proxy\.port/);
});

test('no account → the exact start error, exit 1', () => {
  const r = spawnSync(process.execPath, [CLI, 'serve', '--config', writeConfig('empty.json', { proxy: { port: 18_999 } })], { encoding: 'utf8', env: cleanEnv() });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^No available account, please add an account first$/m);
});

test('serve: listening line, generated key (0600, masked), streamed chat, SIGTERM stops cleanly', async () => {
  const up = await FakeVendor.start((_r, res) => sseFrames(res, openaiChatStream(['he', 'llo'])));
  const dataDir = join(dir, 'data');
  const cfg = writeConfig('ok.json', {
    proxy: { port: 18_000 + Math.floor(Math.random() * 2000), authMode: 'strict' },
    accounts: [{ id: 'a1', kind: 'openai', label: 'fake', baseUrl: `${up.url}/v1`, apiKey: 'up-key-xyz', models: ['gpt-4o'] }],
  });
  const child = spawn(process.execPath, [CLI, 'serve', '--config', cfg, '--data-dir', dataDir], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c) => {
        out += c;
        const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`exited early: ${err}`)));
    });
    const keyFile = join(dataDir, 'proxy-api-key');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    const key = readFileSync(keyFile, 'utf8').trim();
    assert.match(key, /^sk-[0-9a-f]{32}$/);
    assert.ok(err.includes(`sk-…${key.slice(-4)}`) && err.includes(keyFile), err);
    assert.ok(!err.includes(key) && !out.includes(key), 'the full key is never printed');
    assert.equal((await fetch(`${url}/healthz`)).status, 401); // strict covers /healthz
    assert.equal((await fetch(`${url}/healthz`, { headers: { authorization: `Bearer ${key}` } })).status, 200);
    const r = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: JSON.stringify({ model: 'gpt-4o', stream: true, messages: [] }) });
    assert.match(await r.text(), /"content":"llo"[\s\S]*\[DONE\]/);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    assert.equal(code, 0);
  } finally {
    child.kill('SIGKILL');
    await up.close();
  }
});
