import { chmod, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Monitor records hold captured prompts and answers: only the owner may list or read them. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` (and missing parents) owner-only, and tightens what an older version left
 * behind: the directory, its parent (the data dir) and every file directly in it. chmod
 * failures (foreign owner, Windows) are ignored: the data is still written.
 */
export async function ensurePrivateDir(dir: string, parent?: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const quiet = (p: Promise<unknown>) => p.catch(() => {});
  if (parent !== undefined) await quiet(chmod(parent, PRIVATE_DIR_MODE));
  await quiet(chmod(dir, PRIVATE_DIR_MODE));
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) if (e.isFile()) await quiet(chmod(join(dir, e.name), PRIVATE_FILE_MODE));
}
