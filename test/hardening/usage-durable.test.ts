/**
 * issue 14: usage totals survive a SIGKILL — every request that got an answer is counted
 * exactly once after a restart — and the monitor keeps at most maxEntries records on disk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeVendor } from '../fakes/vendor';
import { CLI, ensureStopped, freePort, spawnServe, type ServeProcess } from './support/serve-process';

const MAX_ENTRIES = 40;

/** One chat request on its own connection; true when the whole answer was read. */
function answered(url: string): Promise<boolean> {
  const u = new URL(url);
  const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
  return new Promise((resolve) => {
    const req = request({ host: u.hostname, port: u.port, path: '/v1/chat/completions', method: 'POST', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        try {
          resolve(res.statusCode === 200 && Array.isArray(JSON.parse(Buffer.concat(parts).toString('utf8')).choices));
        } catch {
          resolve(false);
        }
      });
      res.on('error', () => resolve(false));
      res.on('aborted', () => resolve(false));
    });
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

function usageRequests(dataDir: string): number {
  const r = spawnSync(process.execPath, [CLI, 'usage', '--data-dir', dataDir, '--json', '--days', '0'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean).reduce((n, l) => n + (JSON.parse(l) as { requests: number }).requests, 0);
}

function recordsOnDisk(dataDir: string): number {
  const dir = join(dataDir, 'monitor');
  return readdirSync(dir).filter((f) => /^records-\d+\.jsonl$/.test(f))
    .reduce((n, f) => n + readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).length, 0);
}

test('SIGKILL during 300 requests: after a restart usage counts every answered request exactly once; at most maxEntries records on disk', { timeout: 120_000 }, async () => {
  const vendor = await FakeVendor.start();
  const dir = mkdtempSync(join(tmpdir(), 'agp-usage-'));
  const dataDir = join(dir, 'data');
  const cfg = join(dir, 'config.json');
  writeFileSync(cfg, JSON.stringify({
    proxy: { port: await freePort(), authMode: 'off' },
    monitor: { enabled: true, captureBodies: 'none', maxEntries: MAX_ENTRIES },
    accounts: [{ id: 'a', kind: 'openai', label: 'A', baseUrl: `${vendor.url}/v1`, apiKey: 'sk-upstream-test-key' }],
  }));
  let p: ServeProcess | undefined;
  try {
    p = await spawnServe(cfg, dataDir);
    const proc = p;
    let ok = 0;
    let next = 0;
    const TOTAL = 300;
    const KILL_AT = 170;
    // 12 clients in parallel; the proxy is killed mid-run, with requests in flight.
    const worker = async () => {
      while (next < TOTAL) {
        next++;
        if (await answered(proc.url)) ok++;
        if (ok >= KILL_AT && proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));
    const exit = await p.exited;
    assert.equal(exit.signal, 'SIGKILL');
    assert.ok(ok >= KILL_AT && ok < TOTAL, `answered ${ok} of ${TOTAL}`);
    assert.equal(usageRequests(dataDir), ok, 'usage read after the kill counts every answered request once');

    // Restart (it replays and checkpoints), serve a few more, stop cleanly.
    p = await spawnServe(cfg, dataDir);
    let more = 0;
    for (let i = 0; i < 5; i++) if (await answered(p.url)) more++;
    assert.equal(more, 5);
    p.child.kill('SIGTERM');
    assert.equal((await p.exited).code, 0);
    assert.equal(usageRequests(dataDir), ok + more, 'after a restart and a clean stop: still exact');
    const onDisk = recordsOnDisk(dataDir);
    assert.ok(onDisk <= MAX_ENTRIES, `${onDisk} records on disk > maxEntries ${MAX_ENTRIES}`);
    const listed = spawnSync(process.execPath, [CLI, 'monitor', '--data-dir', dataDir, '--json', '--limit', '1000', '--config', cfg], { encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    assert.equal(listed.stdout.trim().split('\n').length, MAX_ENTRIES, 'the CLI lists the newest maxEntries');
  } finally {
    await ensureStopped(p);
    await vendor.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
