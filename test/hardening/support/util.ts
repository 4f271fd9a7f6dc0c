import { request, Agent, type IncomingHttpHeaders } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorDialect } from '../../../src/core/dialect';

/** Deterministic PRNG (mulberry32): a failing case is reproduced from its seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof prng>;

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export interface RawOptions {
  method?: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  timeoutMs?: number;
  agent?: Agent | false;
}

/** node:http (fetch cannot set Host, send invalid UTF-8 verbatim or mismatched headers). */
export function raw(base: string, path: string, opts: RawOptions = {}): Promise<RawResponse> {
  const u = new URL(base);
  const headers = { ...opts.headers };
  // Node frames bodies of GET/DELETE only with an explicit length (no chunked default).
  const lower = Object.keys(headers).map((k) => k.toLowerCase());
  if (opts.body !== undefined && !lower.includes('content-length') && !lower.includes('transfer-encoding')) headers['content-length'] = String(Buffer.byteLength(opts.body));
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path, method: opts.method ?? 'POST', headers, agent: opts.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`timeout after ${opts.timeoutMs ?? 30_000} ms: ${opts.method ?? 'POST'} ${path}`)), opts.timeoutMs ?? 30_000);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(opts.body);
  });
}

const STACK = /\n\s+at [^\n]*[(:]|node_modules|\.ts:\d+|\.js:\d+/;

/**
 * Returns a problem description, or undefined when `r` is a well-formed error of `dialect`
 * (DESIGN §2: OpenAI {"error":{message,type,code}}, Anthropic {"type":"error","error":{type,message}},
 * Gemini {"error":{code,message,status}}), never a stack trace.
 */
export function errorProblem(dialect: ErrorDialect | 'any', r: Pick<RawResponse, 'status' | 'headers' | 'text'>): string | undefined {
  if (r.status < 400 || r.status > 599) return `status ${r.status} is not an error`;
  if (STACK.test(r.text)) return `stack trace or internals leaked: ${r.text.slice(0, 200)}`;
  if (!String(r.headers['content-type'] ?? '').includes('application/json')) return `content-type ${r.headers['content-type']}`;
  let b: any;
  try {
    b = JSON.parse(r.text);
  } catch {
    return `body is not JSON: ${r.text.slice(0, 200)}`;
  }
  const str = (v: unknown) => typeof v === 'string' && v.length > 0;
  if (dialect === 'any') {
    const problems = (['openai', 'anthropic', 'gemini'] as const).map((d) => errorProblem(d, r));
    return problems.some((p) => p === undefined) ? undefined : problems.join(' / ');
  }
  switch (dialect) {
    case 'openai':
      if (!b?.error || !str(b.error.message) || !str(b.error.type) || !('code' in b.error) || 'type' in b) return `not an OpenAI error: ${r.text.slice(0, 200)}`;
      return undefined;
    case 'anthropic':
      if (b?.type !== 'error' || !str(b.error?.type) || !str(b.error?.message)) return `not an Anthropic error: ${r.text.slice(0, 200)}`;
      return undefined;
    case 'gemini':
      if (b?.error?.code !== r.status || !str(b.error.message) || !str(b.error.status)) return `not a Gemini error: ${r.text.slice(0, 200)}`;
      return undefined;
  }
}

/** Records unhandled rejections and uncaught exceptions while installed. */
export function faultTracker() {
  const faults: string[] = [];
  const onRej = (e: unknown) => faults.push(`unhandledRejection: ${(e as Error)?.stack ?? e}`);
  const onExc = (e: unknown) => faults.push(`uncaughtException: ${(e as Error)?.stack ?? e}`);
  process.on('unhandledRejection', onRej);
  process.on('uncaughtException', onExc);
  return {
    faults,
    dispose() {
      process.off('unhandledRejection', onRej);
      process.off('uncaughtException', onExc);
    },
  };
}

/** A real gc() without --expose-gc on the command line (scripts/test.mjs fixes the node flags). */
export const gc: () => void = (() => {
  setFlagsFromString('--expose-gc');
  const g = runInNewContext('gc') as () => void;
  return () => {
    g();
    g();
  };
})();

export function memory() {
  gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers };
}

export const MiB = 1024 * 1024;
export const mb = (n: number) => `${(n / MiB).toFixed(1)} MiB`;

/** Active handles by type (TCPSocketWrap, TCPServerWrap, Timeout, …). */
export function resources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitFor(pred: () => boolean, timeoutMs: number, stepMs = 20): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (pred()) return true;
    await sleep(stepMs);
  }
  return pred();
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}

export function distribution(xs: number[]): string {
  return `n=${xs.length} min=${percentile(xs, 0).toFixed(1)} p50=${percentile(xs, 50).toFixed(1)} p90=${percentile(xs, 90).toFixed(1)} p99=${percentile(xs, 99).toFixed(1)} max=${Math.max(...xs).toFixed(1)}`;
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Runs `tasks` with at most `limit` in flight. */
export async function pool<T>(n: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}
