/**
 * Issue 15, tests: a gzip bomb to every route of the headless proxy in LAN mode (auth
 * `auto` → every path but /healthz needs the key), sent without a key as an attacker on the
 * network would; the proxy process's peak RSS (VmHWM) stays under 200 MB. Before the fix the
 * body reader inflated and parsed before the router or auth answered (a 100 KB body: 5.7 GB).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { raw } from '../hardening/support/util';
import { freePort, gzipBomb } from './support/wire';
import { startHeadless } from './support/headless';

const ROUTES: [string, string][] = [
  ['POST', '/healthz'],
  ['POST', '/'],
  ['POST', '/v1/chat/completions'],
  ['POST', '/v1/responses'],
  ['POST', '/v1/messages'],
  ['POST', '/v1/messages/count_tokens'],
  ['POST', '/v1beta/models/gemini-2.5-flash:generateContent'],
  ['POST', '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse'],
  ['POST', '/v1/models'],
  ['POST', '/v1/api/event_logging/batch'],
  ['POST', '/chat/completions'],
  ['POST', '/nope'],
  ['PUT', '/v1/chat/completions'],
  ['GET', '/healthz'],
];

test('gzip bomb (90 MiB inflated, ~90 KB sent) to every route in LAN mode: peak RSS under 200 MB', { skip: !existsSync('/proc/self/status') && 'needs /proc (Linux)' }, async () => {
  const port = await freePort();
  const h = await startHeadless({
    proxy: { port, allowLanAccess: true, authMode: 'auto' },
    accounts: [{ id: 'o', kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-upstream-never-called' }],
  });
  try {
    const bomb = gzipBomb(90);
    const before = h.peakRss()!;
    for (const [method, path] of ROUTES) {
      for (const auth of [{}, { authorization: 'Bearer sk-wrong-key-123456' }] as Record<string, string>[]) {
        const r = await raw(`http://127.0.0.1:${port}`, path, { method, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', ...auth }, body: bomb, timeoutMs: 20_000 });
        assert.ok([401, 404, 405].includes(r.status) || (method === 'GET' && r.status === 200), `${method} ${path}: ${r.status} ${r.text.slice(0, 200)}`);
      }
    }
    const peak = h.peakRss()!;
    console.log(`# peak RSS ${(peak / 1048576).toFixed(0)} MB`);
    assert.ok(peak < 200 * 1024 * 1024, `peak RSS ${(peak / 1048576).toFixed(0)} MB (at start ${(before / 1048576).toFixed(0)} MB)`);
  } finally {
    await h.stop();
  }
});
