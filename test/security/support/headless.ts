import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(process.cwd(), 'dist', 'cli.js');

export interface Headless {
  child: ChildProcess;
  port: number;
  dir: string;
  stderr(): string;
  /** Peak resident set size of the proxy process (VmHWM), in bytes; undefined off Linux. */
  peakRss(): number | undefined;
  stop(): Promise<void>;
}

/** The headless proxy as its own process (`node dist/cli.js serve --config`), as deployed. */
export async function startHeadless(config: Record<string, unknown>): Promise<Headless> {
  if (!existsSync(CLI)) {
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`build failed: ${b.stderr}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'agp-sec-'));
  const cfg = join(dir, 'config.json');
  writeFileSync(cfg, JSON.stringify(config));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/API_KEY|BASE_URL|^ANTIGRAVITY_/.test(k)) env[k] = v;
  const child = spawn(process.execPath, [CLI, 'serve', '--config', cfg, '--data-dir', join(dir, 'data')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless proxy did not start: ${err}`)), 15_000);
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`headless proxy exited with ${code}: ${err}`));
    });
  });
  return {
    child,
    port,
    dir,
    stderr: () => err,
    peakRss() {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return m ? Number(m[1]) * 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
