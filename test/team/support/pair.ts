import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../../src/core/logger';
import { startProxy, type ConfigPatch, type RunningProxy } from '../../support/proxy-harness';
import { redisClient, waitSubscribers } from './redis-server';

export interface Instance extends RunningProxy {
  warnings: string[];
  infos: string[];
}

export interface Pair {
  a: Instance;
  b: Instance;
  prefix: string;
  close(): Promise<void>;
}

let counter = 0;

/** Two proxy instances (each with its own data dir and monitor) sharing `redisUrl` under a fresh key prefix. */
export async function startPair(redisUrl: string, patch: ConfigPatch): Promise<Pair> {
  const prefix = `t${process.pid}-${++counter}:`;
  const dirs: string[] = [];
  const one = async (name: string): Promise<Instance> => {
    const dir = mkdtempSync(join(tmpdir(), `ag-team-${name}-`));
    dirs.push(dir);
    const warnings: string[] = [];
    const infos: string[] = [];
    const logger: Logger = { debug() {}, info: (m) => infos.push(m), warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
    const p = await startProxy({ proxy: { authMode: 'off' }, ...patch, state: { redis: redisUrl, keyPrefix: prefix } }, { dataDir: dir, logger, instanceId: `inst-${name}-${counter}` });
    return { ...p, warnings, infos };
  };
  const a = await one('a');
  const b = await one('b');
  const look = redisClient(redisUrl);
  try {
    await waitSubscribers(look, prefix, 2);
  } finally {
    look.disconnect();
  }
  return {
    a,
    b,
    prefix,
    async close() {
      await Promise.all([a.server.dispose({ drainSeconds: 0 }), b.server.dispose({ drainSeconds: 0 })]);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  account?: string;
  text: string;
  ms: number;
}

/** One OpenAI chat request (non-streamed unless asked). */
export async function chat(url: string, opts: { model?: string; session?: string; text?: string; stream?: boolean } = {}): Promise<Answer> {
  const t0 = Date.now();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.session) headers['x-claude-code-session-id'] = opts.session;
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ model: opts.model ?? 'gpt-4o', stream: opts.stream ?? false, messages: [{ role: 'user', content: opts.text ?? 'hi tok-x' }] }),
  });
  const text = await res.text();
  return { status: res.status, account: res.headers.get('x-antigravity-account') ?? undefined, text, ms: Date.now() - t0 };
}

export async function getJson(url: string): Promise<Record<string, unknown>> {
  const res = await fetch(url);
  return (await res.json()) as Record<string, unknown>;
}

/** Polls `check` every 20 ms until it returns a value (not undefined) or `timeoutMs` passes. */
export async function until<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<{ value: T; ms: number }> {
  const t0 = Date.now();
  for (;;) {
    const v = await check();
    if (v !== undefined) return { value: v, ms: Date.now() - t0 };
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The state of `accountId` as the instance at `url` reports it (GET /antigravity/v1/accounts). */
export async function accountState(url: string, accountId: string): Promise<string | undefined> {
  const body = (await getJson(`${url}/antigravity/v1/accounts`)) as { accounts: Array<{ id: string; state: string }> };
  return body.accounts.find((a) => a.id === accountId)?.state;
}
