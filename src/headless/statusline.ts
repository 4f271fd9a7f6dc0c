/**
 * `antigravity-proxy statusline` (issue 20): Claude Code's status-line command. Claude Code runs
 * it with the session as JSON on stdin (`session_id`, `model.display_name`, `workspace`,
 * `cost.total_cost_usd` …) and shows the first line it prints. This asks the running proxy for
 * the session (`GET /antigravity/v1/sessions/{id}`) and prints
 *   routed model · tokens in/out · session cost · budget left
 * Contract: never throws, always exits 0, answers within about a second; when the proxy cannot
 * be reached (or knows nothing of the session yet) it prints a short line from Claude Code's own
 * data instead. The proxy key is only ever sent to the proxy's own URL, never printed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { defaultDataDir } from './serve';

export interface StatuslineIO {
  stdin: Readable;
  stdout: (line: string) => void;
  env: Record<string, string | undefined>;
  /** Whole budget of the command (stdin + HTTP), default 900 ms. */
  timeoutMs?: number;
}

/** The fields of Claude Code's status-line JSON this reads (all optional: older versions send fewer). */
export interface ClaudeStatus {
  session_id?: string;
  model?: { id?: string; display_name?: string };
  workspace?: { current_dir?: string; project_dir?: string };
  cost?: { total_cost_usd?: number };
}

/** What `GET /antigravity/v1/sessions/{id}` answers (the parts shown). */
export interface SessionAnswer {
  lastModel?: string;
  totals?: { requests?: number; inputTokens?: number; outputTokens?: number; costUsd?: number };
  budget?: { leftUsd?: number };
}

const DEFAULT_PORT = 8045;

/** Where the proxy listens and its key, from the same environment the headless CLI and Claude Code use. */
export function proxyTarget(env: Record<string, string | undefined>): { base: string; key?: string } {
  let base = `http://127.0.0.1:${DEFAULT_PORT}`;
  if (env.ANTIGRAVITY_PORT && /^\d+$/.test(env.ANTIGRAVITY_PORT)) base = `http://127.0.0.1:${env.ANTIGRAVITY_PORT}`;
  else if (env.ANTHROPIC_BASE_URL && /^https?:\/\//i.test(env.ANTHROPIC_BASE_URL)) base = env.ANTHROPIC_BASE_URL.replace(/\/+$/, '').replace(/\/v1$/, '');
  const key = env.ANTIGRAVITY_API_KEY || env.ANTHROPIC_AUTH_TOKEN || keyFile(env);
  return { base, key: key?.trim() || undefined };
}

/** The headless install's generated key (read only: this command never creates one). */
function keyFile(env: Record<string, string | undefined>): string | undefined {
  try {
    const path = join(defaultDataDir(env), 'proxy-api-key');
    return existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined;
  } catch {
    return undefined;
  }
}

function compact(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
  return String(n);
}

const usd = (n: number) => `$${n < 10 ? n.toFixed(n < 1 ? 4 : 2) : n.toFixed(2)}`;

/** The one line: from the proxy's session when there is one, else from Claude Code's own data. */
export function formatStatusline(status: ClaudeStatus, session: SessionAnswer | undefined, reason?: 'offline' | 'unknown' | 'refused'): string {
  const model = session?.lastModel ?? status.model?.display_name ?? status.model?.id ?? 'model ?';
  const parts = [model];
  if (session?.totals) {
    parts.push(`${compact(session.totals.inputTokens ?? 0)} in / ${compact(session.totals.outputTokens ?? 0)} out`);
    const cost = session.totals.costUsd ?? status.cost?.total_cost_usd;
    if (typeof cost === 'number') parts.push(usd(cost));
    if (typeof session.budget?.leftUsd === 'number') parts.push(`budget ${usd(Math.max(0, session.budget.leftUsd))} left`);
    return parts.join(' · ');
  }
  if (typeof status.cost?.total_cost_usd === 'number') parts.push(usd(status.cost.total_cost_usd));
  parts.push(reason === 'unknown' ? 'proxy: no requests yet' : reason === 'refused' ? 'proxy: key refused' : 'proxy offline');
  return parts.join(' · ');
}

function readStdin(stdin: Readable, ms: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      clearTimeout(timer);
      stdin.off('data', onData);
      stdin.off('end', done);
      stdin.off('error', done);
      stdin.pause();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onData = (c: Buffer | string) => {
      const b = typeof c === 'string' ? Buffer.from(c) : c;
      size += b.length;
      if (size <= 1 << 20) chunks.push(b);
    };
    const timer = setTimeout(done, ms);
    stdin.on('data', onData);
    stdin.once('end', done);
    stdin.once('error', done);
  });
}

function parseStatus(text: string): ClaudeStatus {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as ClaudeStatus) : {};
  } catch {
    return {};
  }
}

/** Runs the command; resolves 0 whatever happens. */
export async function runStatusline(io: StatuslineIO): Promise<number> {
  const started = Date.now();
  const budget = io.timeoutMs ?? 900;
  let line: string;
  try {
    const status = parseStatus(await readStdin(io.stdin, Math.floor(budget / 3)));
    const id = typeof status.session_id === 'string' ? status.session_id : '';
    if (!id) {
      line = formatStatusline(status, undefined, 'unknown');
    } else {
      const { base, key } = proxyTarget(io.env);
      const left = Math.max(100, budget - (Date.now() - started));
      try {
        const res = await fetch(`${base}/antigravity/v1/sessions/${encodeURIComponent(id)}`, {
          headers: key ? { authorization: `Bearer ${key}` } : {},
          signal: AbortSignal.timeout(left),
        });
        if (res.ok) line = formatStatusline(status, (await res.json()) as SessionAnswer);
        else line = formatStatusline(status, undefined, res.status === 404 ? 'unknown' : res.status === 401 || res.status === 403 ? 'refused' : 'offline');
      } catch {
        line = formatStatusline(status, undefined, 'offline');
      }
    }
  } catch {
    line = 'antigravity proxy';
  }
  io.stdout(line.replace(/[\r\n]+/g, ' '));
  return 0;
}
