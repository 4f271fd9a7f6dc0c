import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/free-port';
import { waitListening } from '../../support/listening';

/** The checkout whose proxy is tested: this repo, or CLIENTS_PROXY_DIR (e.g. an exported older commit). */
const REPO = process.env.CLIENTS_PROXY_DIR || join(__dirname, '..', '..', '..');
export const CLI = join(REPO, 'dist', 'cli.js');

/** Builds dist/cli.js (`node esbuild.mjs`) once per test process. */
let built = false;
export function buildProxy(): void {
  if (built) return;
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`node esbuild.mjs failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  built = true;
}

/** The environment without anything that would add accounts or override the config. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/API_KEY|BASE_URL|^ANTIGRAVITY_|^(HTTPS?|ALL|NO)_PROXY$/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}

/** The headless proxy (`node dist/cli.js serve --config …`) as a child process, with its log kept. */
export class ProxyProcess {
  log = '';
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly key: string,
    private readonly dir: string,
    readonly config: unknown,
  ) {}

  static async start(config: { proxy: Record<string, unknown>; [k: string]: unknown }, startTimeoutMs = 20_000): Promise<ProxyProcess> {
    buildProxy();
    const dir = mkdtempSync(join(tmpdir(), 'agp-clients-proxy-'));
    const port = await freePort();
    const full = { ...config, proxy: { ...config.proxy, port } };
    const cfgPath = join(dir, 'config.json');
    writeFileSync(cfgPath, JSON.stringify(full, null, 2));
    const child = spawn(process.execPath, [CLI, 'serve', '--config', cfgPath, '--data-dir', join(dir, 'data')], {
      env: cleanEnv({ XDG_DATA_HOME: join(dir, 'xdg'), ANTIGRAVITY_DEBUG: '1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stderr!.on('data', (c) => (log += c));
    const url = await waitListening(child, startTimeoutMs, (out) => `\nstdout: ${out}\nstderr: ${log}`);
    const p = new ProxyProcess(child, url, String((full.proxy as Record<string, unknown>).apiKey), dir, full);
    p.log = log;
    child.stderr!.removeAllListeners('data');
    child.stderr!.on('data', (c) => (p.log += c));
    child.stdout!.on('data', (c) => (p.log += `[stdout] ${c}`));
    return p;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(): Promise<void> {
    if (this.alive) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      const t = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
