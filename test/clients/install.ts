import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PINS, type PinName } from './versions';

/** `${XDG_CACHE_HOME:-$HOME/.cache}/antigravity-proxy/clients` — outside the repo, reused across runs. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLIENTS_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'antigravity-proxy', 'clients');
}

export function installDir(name: PinName): string {
  const p = PINS[name];
  return join(cacheRoot(), `${p.pkg.replace('/', '+')}@${p.version}`);
}

/** Present when a previous install finished (the marker is written last). */
export function isInstalled(name: PinName): boolean {
  return existsSync(join(installDir(name), '.installed'));
}

/**
 * Installs one pinned package with the ordinary npm client into its own prefix, unless already
 * there. Installs into a temp sibling and renames, so an interrupted install never looks complete.
 * Returns the install prefix and the time it took (0 when cached).
 */
export function ensureInstalled(name: PinName, log: (l: string) => void = () => {}): { dir: string; ms: number } {
  const dir = installDir(name);
  if (isInstalled(name)) return { dir, ms: 0 };
  const p = PINS[name];
  const t0 = Date.now();
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  // A package.json of our own keeps npm from walking up into some other project.
  writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: 'client-cache', private: true }));
  log(`installing ${p.pkg}@${p.version} into ${dir}`);
  const r = spawnSync('npm', ['install', '--prefix', tmp, `${p.pkg}@${p.version}`, '--no-audit', '--no-fund', '--no-save', '--loglevel=error'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 15 * 60_000,
  });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`npm install ${p.pkg}@${p.version} failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  writeFileSync(join(tmp, '.installed'), new Date().toISOString());
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return { dir, ms: Date.now() - t0 };
}

/** Path of a CLI's executable inside its install prefix. */
export function binPath(name: PinName): string {
  const p = PINS[name] as { bin?: string };
  if (!p.bin) throw new Error(`${name} has no executable`);
  return join(installDir(name), 'node_modules', '.bin', p.bin);
}

// `node --import tsx test/clients/install.ts [names…]`: warm the cache (CI can run this as its own step).
if (process.argv[1] && /install\.ts$/.test(process.argv[1])) {
  const names = (process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(PINS)) as PinName[];
  const t0 = Date.now();
  for (const n of names) {
    const { dir, ms } = ensureInstalled(n, (l) => console.log(l));
    console.log(`${n}: ${ms ? `installed in ${(ms / 1000).toFixed(1)} s` : 'cached'} (${dir})`);
  }
  console.log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
