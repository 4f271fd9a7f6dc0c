import { spawn } from 'node:child_process';

export interface CliRun {
  command: string;
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

/**
 * Runs a client CLI non-interactively: stdin closed (Codex and opencode wait for EOF), its own
 * process group so a timeout kills the whole tree, and a hard time limit.
 */
export async function runCli(bin: string, args: string[], opts: { env: Record<string, string>; cwd: string; timeoutMs: number }): Promise<CliRun> {
  const t0 = Date.now();
  const child = spawn(bin, args, { env: opts.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  let timedOut = false;
  const killTree = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killTree('SIGTERM');
    setTimeout(() => killTree('SIGKILL'), 3000).unref();
  }, opts.timeoutMs);
  const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once('error', (e) => {
      stderr += `\nspawn error: ${e.message}`;
      resolve({ code: null, signal: null });
    });
    child.once('close', (c, s) => resolve({ code: c, signal: s }));
  });
  clearTimeout(timer);
  // Leftover grandchildren (language servers, helpers) must not outlive the case.
  killTree('SIGKILL');
  return { command: [bin, ...args].join(' '), exitCode: code, signal, stdout, stderr, timedOut, ms: Date.now() - t0 };
}
