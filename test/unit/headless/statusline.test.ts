import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FakeVendor, json, anthropicResponse, USAGE } from '../../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../../support/proxy-harness';
import { formatStatusline, proxyTarget, runStatusline } from '../../../src/headless/statusline';

const RECORDED = readFileSync(join(__dirname, '../../fixtures/claude-code/statusline.json'), 'utf8');
const SESSION = (JSON.parse(RECORDED) as { session_id: string }).session_id;
const KEY = 'sk-statusline-proxy-key-31337';

let vendor: FakeVendor;
let proxy: RunningProxy;
let dataDir: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'agp-statusline-'));
  vendor = await FakeVendor.start((_req, res) => json(res, 200, anthropicResponse('done', 'claude-sonnet-4-5')));
  proxy = await startProxy({
    proxy: { authMode: 'strict', apiKey: KEY },
    monitor: { enabled: true, captureBodies: 'none', maxEntries: 50 },
    accounts: [account('anthropic', vendor.url, { id: 'ant' })],
    // A per-session budget (issue 20 budgets): the line says what is left of it.
    ...({ budgets: { sessionUsd: 5, mode: 'warn' } } as object),
  }, { dataDir });
  for (const agent of ['main', 'sub-1']) {
    const r = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'x-claude-code-session-id': SESSION, 'x-claude-code-agent-id': agent },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 32, messages: [{ role: 'user', content: 'go' }] }),
    });
    assert.equal(r.status, 200, await r.text());
  }
});

after(async () => {
  await proxy?.stop();
  await vendor?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function run(env: Record<string, string>, input = RECORDED, timeoutMs?: number): Promise<{ code: number; lines: string[]; ms: number }> {
  const lines: string[] = [];
  const t = Date.now();
  const code = await runStatusline({ stdin: Readable.from([input]), stdout: (l) => lines.push(l), env, timeoutMs });
  return { code, lines, ms: Date.now() - t };
}

const port = () => String(proxy.server.status().port);

test('recorded Claude Code status-line JSON + running proxy → routed model · tokens in/out · cost · budget left', async () => {
  const { code, lines } = await run({ ANTIGRAVITY_PORT: port(), ANTIGRAVITY_API_KEY: KEY });
  assert.equal(code, 0);
  assert.equal(lines.length, 1);
  const [model, tokens, cost, budget] = lines[0].split(' · ');
  assert.equal(model, 'claude-sonnet-4-5', 'the model the proxy routed to, not Claude Code\'s display name');
  assert.equal(tokens, `${2 * USAGE.input} in / ${2 * USAGE.output} out`);
  assert.match(cost, /^\$\d+\.\d+$/);
  assert.match(budget, /^budget \$\d+\.\d\d left$/);
  assert.ok(!lines[0].includes(KEY));
});

test('the key and URL come from Claude Code\'s own environment (ANTHROPIC_BASE_URL / ANTHROPIC_AUTH_TOKEN)', async () => {
  const { lines } = await run({ ANTHROPIC_BASE_URL: proxy.url, ANTHROPIC_AUTH_TOKEN: KEY, XDG_DATA_HOME: dataDir });
  assert.match(lines[0], /^claude-sonnet-4-5 · \d+ in \/ \d+ out/);
  assert.deepEqual(proxyTarget({ ANTHROPIC_BASE_URL: 'http://127.0.0.1:9999/v1/', ANTHROPIC_AUTH_TOKEN: 'sk-x', XDG_DATA_HOME: dataDir }), { base: 'http://127.0.0.1:9999', key: 'sk-x' });
  assert.equal(proxyTarget({ XDG_DATA_HOME: dataDir }).base, 'http://127.0.0.1:8045');
});

test('a wrong key, an unknown session and garbage input each give a short line, exit 0', async () => {
  const refused = await run({ ANTIGRAVITY_PORT: port(), ANTIGRAVITY_API_KEY: 'sk-not-the-right-key', XDG_DATA_HOME: dataDir });
  assert.deepEqual(refused.lines, ['Sonnet 4.5 · $0.0123 · proxy: key refused']);
  const unknown = await run({ ANTIGRAVITY_PORT: port(), ANTIGRAVITY_API_KEY: KEY }, RECORDED.replace(SESSION, 'never-seen-session'));
  assert.deepEqual(unknown.lines, ['Sonnet 4.5 · $0.0123 · proxy: no requests yet']);
  const garbage = await run({ ANTIGRAVITY_PORT: port() }, '{not json');
  assert.equal(garbage.code, 0);
  assert.deepEqual(garbage.lines, ['model ? · proxy: no requests yet']);
});

test('proxy not reachable → a short line from Claude Code\'s data, exit 0, well under 1 s', async () => {
  // A port that was just free: nothing listens there.
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const free = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  const { code, lines, ms } = await run({ ANTIGRAVITY_PORT: String(free), ANTIGRAVITY_API_KEY: KEY });
  assert.equal(code, 0);
  assert.deepEqual(lines, ['Sonnet 4.5 · $0.0123 · proxy offline']);
  assert.ok(ms < 1000, `${ms} ms`);
  assert.equal(formatStatusline({}, undefined, 'offline'), 'model ? · proxy offline');
});

test('a stdin that never closes does not hang the command', async () => {
  const stdin = new Readable({ read() {} }); // open forever, no data
  const lines: string[] = [];
  const t = Date.now();
  const code = await runStatusline({ stdin, stdout: (l) => lines.push(l), env: { ANTIGRAVITY_PORT: port() }, timeoutMs: 600 });
  assert.equal(code, 0);
  assert.deepEqual(lines, ['model ? · proxy: no requests yet']);
  assert.ok(Date.now() - t < 1000);
});

test('dist/cli.js statusline: the real command, unreachable proxy, exits 0 at once', () => {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', XDG_DATA_HOME: dataDir, ANTIGRAVITY_PORT: '1' };
  const t = Date.now();
  const r = spawnSync(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), 'statusline'], { input: RECORDED, encoding: 'utf8', env, timeout: 5000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'Sonnet 4.5 · $0.0123 · proxy offline\n');
  assert.ok(Date.now() - t < 3000, `${Date.now() - t} ms`);
});

test('Configure Claude Code: the statusLine merge adds ours, keeps other settings, never replaces a user\'s own', async () => {
  const { mergeStatusLine, statusLineCommand } = await import('../../../src/host/clients/statusline-merge');
  const cmd = statusLineCommand('/home/dev/.vscode/extensions/antigravity-proxy-0.1.0/');
  assert.equal(cmd, 'node "/home/dev/.vscode/extensions/antigravity-proxy-0.1.0/dist/cli.js" statusline');
  const fresh = mergeStatusLine('{"env":{"ANTHROPIC_AUTH_TOKEN":"sk-x"}}', cmd);
  assert.ok(fresh.ok && fresh.changed);
  assert.deepEqual(JSON.parse(fresh.text), { env: { ANTHROPIC_AUTH_TOKEN: 'sk-x' }, statusLine: { type: 'command', command: cmd } });
  assert.deepEqual(mergeStatusLine(fresh.text, cmd), { ok: true, text: fresh.text, changed: false });
  assert.deepEqual(mergeStatusLine('{"statusLine":{"type":"command","command":"~/.claude/mine.sh"}}', cmd), { ok: false, reason: 'taken' });
  assert.deepEqual(mergeStatusLine('{oops', cmd), { ok: false, reason: 'invalid' });
});
