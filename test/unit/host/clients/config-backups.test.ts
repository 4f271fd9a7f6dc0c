/** Restore Previous (issue 21): backups of client configs, newest first, with files that did not exist removed on restore. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfigBackups } from '../../../../src/host/clients/config-backups';
import { GLOBAL_CLIENTS } from '../../../../src/host/clients/global-clients';
import { modelsFromList } from '../../../../src/host/clients/model-list';

const dir = mkdtempSync(join(tmpdir(), 'ag-backups-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('restore puts back the newest backup, then the one before; a file that did not exist is removed', async () => {
  const home = join(dir, 'home');
  mkdirSync(join(home, '.codex'), { recursive: true });
  const file = join(home, '.codex', 'config.toml');
  const other = join(home, '.gemini', '.env');
  const b = new ConfigBackups(join(dir, 'store'));
  writeFileSync(file, 'v1\n');
  await b.save('codex', [{ path: file, existed: true, text: 'v1\n' }], new Date(1000));
  writeFileSync(file, 'v2\n');
  await b.save('codex', [{ path: file, existed: true, text: 'v2\n' }, { path: other, existed: false }], new Date(2000));
  mkdirSync(join(home, '.gemini'), { recursive: true });
  writeFileSync(file, 'v3\n');
  writeFileSync(other, 'x=1\n');
  assert.equal((await b.latest('codex'))?.at, new Date(2000).toISOString());
  assert.equal(statSync(join(dir, 'store', 'codex', '2000.json')).mode & 0o777, 0o600, 'backups may hold keys: user-only');
  await b.restoreLatest('codex');
  assert.equal(readFileSync(file, 'utf8'), 'v2\n');
  assert.equal(existsSync(other), false);
  await b.restoreLatest('codex');
  assert.equal(readFileSync(file, 'utf8'), 'v1\n');
  assert.equal(await b.restoreLatest('codex'), undefined);
  assert.equal(await b.latest('opencode'), undefined);
});

test('at most ten backups per client are kept', async () => {
  const b = new ConfigBackups(join(dir, 'many'));
  for (let i = 1; i <= 12; i++) await b.save('kilo', [{ path: join(dir, 'k.json'), existed: true, text: String(i) }], new Date(i * 1000));
  const seen: string[] = [];
  for (let r = await b.latest('kilo'); r; r = await b.latest('kilo')) {
    seen.push(r.files[0]!.text!);
    await b.restoreLatest('kilo');
  }
  assert.deepEqual(seen, ['12', '11', '10', '9', '8', '7', '6', '5', '4', '3']);
});

test('the served models come from the proxy\'s /v1/models with their limits', () => {
  assert.deepEqual(modelsFromList({ object: 'list', data: [
    { id: 'gemini-3-flash', object: 'model', context_length: 1048576, max_input_tokens: 1048576, max_output_tokens: 65536 },
    { id: 'mystery', object: 'model' },
    { object: 'model' },
  ] }), [{ id: 'gemini-3-flash', contextWindow: 1048576, maxOutputTokens: 65536 }, { id: 'mystery' }]);
  assert.deepEqual(modelsFromList({ error: {} }), []);
});

test('each home-directory client writes where its CLI reads', () => {
  const input = { host: '127.0.0.1', port: 8045, models: [] };
  const paths = Object.fromEntries(GLOBAL_CLIENTS.map((c) => [c.id, c.files('/h', input).map((f) => f.path)]));
  assert.deepEqual(paths, {
    codex: ['/h/.codex/config.toml'],
    opencode: ['/h/.config/opencode/opencode.json'],
    kilo: ['/h/.config/kilo/kilo.json'],
    'gemini-cli': ['/h/.gemini/settings.json', '/h/.gemini/.env'],
  });
});
