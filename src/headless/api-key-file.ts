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
    if (isValidProxyKey(key)) return { key, path, created: false };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = generateApiKey(randomBytes);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${key}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return { key, path, created: true };
}
