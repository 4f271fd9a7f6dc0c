/**
 * Issue 15 item 8: monitor files with captured prompts were world-readable (dirs 0755, files
 * 0644). Now the data dir is 0700 and every file in it 0600 (monitor log, usage, generated
 * key); files an older version left readable are tightened on start.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeVendor, json } from '../fakes/vendor';
import { account, startProxy } from '../support/proxy-harness';
import { raw } from '../hardening/support/util';
import { loadOrCreateKey } from '../../src/headless/api-key-file';

const posix = process.platform !== 'win32';
const mode = (p: string) => statSync(p).mode & 0o777;

function walk(dir: string): { dirs: string[]; files: string[] } {
  const out = { dirs: [dir], files: [] as string[] };
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const sub = walk(p);
      out.dirs.push(...sub.dirs);
      out.files.push(...sub.files);
    } else out.files.push(p);
  }
  return out;
}

test('monitor data (records with bodies, usage): dirs 0700, files 0600, old files tightened', { skip: !posix && 'POSIX modes' }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'agp-sec08-'));
  const dataDir = join(root, 'data');
  // What an older version left behind: readable by everyone.
  mkdirSync(join(dataDir, 'monitor'), { recursive: true, mode: 0o755 });
  chmodSync(dataDir, 0o755);
  chmodSync(join(dataDir, 'monitor'), 0o755);
  writeFileSync(join(dataDir, 'monitor', 'usage.json'), JSON.stringify({ version: 1, throughSeq: 0, rows: [] }), { mode: 0o644 });
  chmodSync(join(dataDir, 'monitor', 'usage.json'), 0o644);
  const up = await FakeVendor.start((_r, res) => json(res, 400, { error: { message: 'bad request', type: 'invalid_request_error', param: null, code: null } }));
  const p = await startProxy({ proxy: { authMode: 'off' }, accounts: [account('openai', `${up.url}/v1`)], monitor: { enabled: true, captureBodies: 'all', maxEntries: 100 } }, { dataDir });
  try {
    const r = await raw(p.url, '/v1/chat/completions', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'a secret prompt' }] }) });
    assert.equal(r.status, 400);
    await p.server.monitor()!.flush();
    const { dirs, files } = walk(dataDir);
    assert.ok(files.length >= 2, `records and usage written: ${files.join(', ')}`);
    for (const d of dirs) assert.equal(mode(d).toString(8), '700', d);
    for (const f of files) assert.equal(mode(f).toString(8), '600', f);
  } finally {
    await p.server.dispose();
    await up.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('generated proxy key: data dir 0700, key 0600, an existing readable key is tightened', { skip: !posix && 'POSIX modes' }, () => {
  const root = mkdtempSync(join(tmpdir(), 'agp-sec08k-'));
  try {
    const created = loadOrCreateKey(join(root, 'a'));
    assert.equal(mode(join(root, 'a')).toString(8), '700');
    assert.equal(mode(created.path).toString(8), '600');
    const old = join(root, 'b');
    mkdirSync(old, { mode: 0o755 });
    chmodSync(old, 0o755);
    writeFileSync(join(old, 'proxy-api-key'), 'sk-0123456789abcdef0123456789abcdef\n');
    chmodSync(join(old, 'proxy-api-key'), 0o644);
    const loaded = loadOrCreateKey(old);
    assert.equal(loaded.created, false);
    assert.equal(mode(old).toString(8), '700');
    assert.equal(mode(loaded.path).toString(8), '600');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
