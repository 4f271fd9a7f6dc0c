/**
 * TerminalEnvSync (issue 21) against a recording environment collection: not persistent, the
 * variables set while the proxy runs, cleared on stop and on dispose (deactivation), with a
 * description, and untouched by status updates that change nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installVscodeFake } from '../vscode-fake';

installVscodeFake();

type Status = { kind: 'stopped' } | { kind: 'running'; host: string; port: number; accounts: number; activeRequests: number };

test('running → variables; counters → no churn; stopped → cleared; dispose → cleared', async () => {
  const { TerminalEnvSync } = await import('../../../../src/host/terminal/terminal-env-sync');
  const ops: string[] = [];
  const vars = new Map<string, string>();
  const collection = {
    persistent: true,
    description: undefined as unknown,
    clear: () => { ops.push('clear'); vars.clear(); },
    replace: (name: string, value: string) => { ops.push(`replace ${name}`); vars.set(name, value); },
  };
  let status: Status = { kind: 'stopped' };
  const listeners = new Set<() => void>();
  const logs: string[] = [];
  const ctx = {
    service: { status: () => status, onDidChange: (l: () => void) => { listeners.add(l); return () => listeners.delete(l); } },
    secrets: { getOrCreateProxyKey: async () => 'sk-never-in-terminals-when-auth-off', onDidChange: () => ({ dispose: () => undefined }) },
    log: { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m) },
  };
  const sync = new TerminalEnvSync(collection as never, ctx as never);
  const settle = () => new Promise((r) => setTimeout(r, 10));
  const emit = async () => { for (const l of [...listeners]) l(); await settle(); };
  await settle();
  assert.equal(collection.persistent, false, 'the key is never written to disk');
  assert.equal(vars.size, 0);

  status = { kind: 'running', host: '0.0.0.0', port: 8123, accounts: 1, activeRequests: 0 };
  await emit();
  // Default settings: auth "auto" without LAN access = off → base URLs only.
  assert.deepEqual(Object.fromEntries(vars), {
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:8123',
    OPENAI_BASE_URL: 'http://127.0.0.1:8123/v1',
    GOOGLE_GEMINI_BASE_URL: 'http://127.0.0.1:8123',
  });
  assert.match(String((collection.description as { value: string }).value), /Antigravity Proxy at http:\/\/127\.0\.0\.1:8123\/v1/);

  ops.length = 0;
  status = { ...status, activeRequests: 3 };
  await emit();
  assert.deepEqual(ops, [], 'a counter update leaves the collection alone');

  status = { kind: 'stopped' };
  await emit();
  assert.equal(vars.size, 0);
  assert.ok(logs.some((l) => /no longer get/.test(l)));
  assert.ok(!logs.join('\n').includes('sk-never'), 'no key in the log');

  status = { kind: 'running', host: '127.0.0.1', port: 8123, accounts: 1, activeRequests: 0 };
  await emit();
  assert.equal(vars.size, 3);
  sync.dispose();
  assert.equal(vars.size, 0, 'deactivation clears');
  assert.equal(listeners.size, 0);
});
