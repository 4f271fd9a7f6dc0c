/**
 * First run as a new user does it (issue 16): `git clone` of this repository into a temp dir,
 * `npm start` there with an empty HOME and no key variables, then the SDKs against the demo.
 * The clone has no node_modules: the bootstrap (scripts/bootstrap.mjs) must install them; only
 * the npm cache is shared (prefer-offline), so the install needs no network when it is warm.
 *
 * It clones HEAD: it tests the committed state of the tree, not uncommitted edits.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { freePort } from '../support/free-port';

const git = spawnSync('git', ['--version'], { encoding: 'utf8' });
const skip = git.error || git.status !== 0 ? 'git is not installed: the fresh-clone test needs it' : false;


function npmCache(): string {
  if (process.env.npm_config_cache) return process.env.npm_config_cache;
  const r = spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8', shell: process.platform === 'win32' });
  return r.stdout.trim();
}

/** The `dist/cli.js serve` process below `root` (Linux /proc), to signal it alone. */
function servePid(root: number): number | undefined {
  if (!existsSync('/proc')) return undefined;
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const below = (pid: number): boolean => pid === root || (parents.has(pid) && pid > 1 && below(parents.get(pid)!));
  for (const pid of parents.keys()) {
    if (pid === root || !below(pid)) continue;
    try {
      if (/dist\/cli\.js\0serve/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) return pid;
    } catch { /* gone */ }
  }
  return undefined;
}

test('fresh clone: npm start installs, builds and serves the demo to the OpenAI, Anthropic and Gemini SDKs', { skip, timeout: 420_000 }, async () => {
  const root = spawnSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).stdout.trim();
  const tmp = mkdtempSync(join(tmpdir(), 'agp-fresh-clone-'));
  const repo = join(tmp, 'repo');
  const home = join(tmp, 'home');
  mkdirSync(home);
  let child: ChildProcess | undefined;
  try {
    const clone = spawnSync('git', ['clone', '--quiet', '--no-local', root, repo], { encoding: 'utf8' });
    assert.equal(clone.status, 0, clone.stderr);
    assert.ok(!existsSync(join(repo, 'node_modules')), 'a clone has no node_modules');

    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (v !== undefined && !/API_KEY|BASE_URL|^ANTIGRAVITY_|^npm_|^XDG_|^NODE_OPTIONS$|^NODE_TEST/i.test(k)) env[k] = v;
    }
    const port = await freePort();
    Object.assign(env, {
      HOME: home, USERPROFILE: home, ANTIGRAVITY_PORT: String(port),
      npm_config_cache: npmCache(), npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false',
    });
    child = spawn('npm', ['start'], { cwd: repo, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let out = '';
    let err = '';
    child.stderr!.on('data', (c) => (err += c));
    const exited = new Promise<number | null>((resolve) => child!.on('close', (code) => resolve(code))); // after stdio ends
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening on" within 300 s\n${out}\n${err}`)), 300_000);
      child!.stdout!.on('data', (c) => {
        out += c;
        const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited (${code}) before listening\n${out}\n${err}`));
      });
    });
    assert.equal(url, `http://127.0.0.1:${port}`);
    assert.match(err, /Installing dependencies \(npm ci\)…/);
    assert.ok(existsSync(join(repo, 'node_modules', '.package-lock.json')), 'installed into the clone');
    const demoAt = err.indexOf('Demo mode:');
    assert.ok(demoAt >= 0 && demoAt < err.lastIndexOf('listening on'), `demo line before listening:\n${err}`);

    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);

    const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'not-needed', maxRetries: 0 });
    const chat = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello from the fresh clone' }] });
    assert.match(chat.choices[0]!.message.content ?? '', /Antigravity Proxy demo upstream[\s\S]*"Hello from the fresh clone"/);
    assert.ok((chat.usage?.completion_tokens ?? 0) > 0);
    const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'stream' }] });
    const pieces: string[] = [];
    for await (const chunk of stream) {
      const d = chunk.choices[0]?.delta?.content;
      if (d) pieces.push(d);
    }
    assert.ok(pieces.length >= 3, `${pieces.length} streamed pieces`);
    assert.match(pieces.join(''), /Antigravity Proxy demo upstream/);

    const anthropic = new Anthropic({ baseURL: url, apiKey: 'not-needed', maxRetries: 0 });
    const msg = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 256, messages: [{ role: 'user', content: 'Hello Claude' }] });
    const block = msg.content[0];
    assert.equal(block?.type, 'text');
    assert.match(block?.type === 'text' ? block.text : '', /Antigravity Proxy demo upstream[\s\S]*"Hello Claude"/);

    const gemini = new GoogleGenAI({ apiKey: 'not-needed', httpOptions: { baseUrl: url } });
    const g = await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hello Gemini' });
    assert.match(g.text ?? '', /Antigravity Proxy demo upstream[\s\S]*"Hello Gemini"/);

    // Stop the proxy with SIGINT; npm start (scripts/start.mjs) then ends with its exit code.
    const pid = servePid(child.pid!);
    if (pid) process.kill(pid, 'SIGINT');
    else process.kill(-child.pid!, 'SIGINT'); // no /proc: Ctrl-C to the whole group
    const code = await exited;
    assert.match(err, /SIGINT: stopping/);
    if (pid) assert.equal(code, 0, err);
    child = undefined;
  } finally {
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch { /* already gone */ }
    }
    rmSync(tmp, { recursive: true, force: true });
  }
});
