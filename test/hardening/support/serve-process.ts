import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitListening } from '../../support/listening';
export { freePort } from '../../support/free-port';

export const CLI = join(process.cwd(), 'dist', 'cli.js');


export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** `node dist/cli.js serve --config <file> --data-dir <dir>`, as deployed; resolves once it listens. */
export async function spawnServe(configPath: string, dataDir: string): Promise<ServeProcess> {
  if (!existsSync(CLI)) {
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`build failed: ${b.stderr}`);
  }
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/API_KEY|BASE_URL|^ANTIGRAVITY_/.test(k)) env[k] = v;
  const child = spawn(process.execPath, [CLI, 'serve', '--config', configPath, '--data-dir', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const url = await waitListening(child, 20_000, () => `stderr: ${err}`);
  return { child, url, exited, stderr: () => err };
}

/** Ends a child a test started (SIGKILL when it does not exit on its own). */
export async function ensureStopped(p: ServeProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGKILL');
  await p.exited;
}
