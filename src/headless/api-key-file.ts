import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateApiKey, isValidProxyKey } from '../core/api-key';

/** Shows only the last 4 characters. */
export function maskKey(key: string): string {
  return `sk-…${key.slice(-4)}`;
}

/**
 * The generated proxy key of a headless install, kept in the data directory with mode 0600.
 * Returns the key and whether it was created now (then the caller prints it once, masked).
 */
export function loadOrCreateKey(dataDir: string): { key: string; path: string; created: boolean } {
  const path = join(dataDir, 'proxy-api-key');
  if (existsSync(path)) {
    const key = readFileSync(path, 'utf8').trim();
    if (isValidProxyKey(key)) {
      tighten(dataDir, path); // a key left readable by an older version
      return { key, path, created: false };
    }
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  tighten(dataDir);
  const key = generateApiKey(randomBytes);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${key}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return { key, path, created: true };
}

/** Data dir 0700, key file 0600, also when they already existed; chmod failures (Windows) are ignored. */
function tighten(dataDir: string, file?: string): void {
  try {
    chmodSync(dataDir, 0o700);
    if (file) chmodSync(file, 0o600);
  } catch {
    /* not ours to change */
  }
}
