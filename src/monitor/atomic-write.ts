import { open, rename, unlink } from 'node:fs/promises';

let counter = 0;

/**
 * Replaces `path` with `data` so that readers (and a crash at any point) see either the old
 * file or the complete new one: write a temp file next to it, fsync, rename over.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${++counter}.tmp`;
  const fh = await open(tmp, 'w', 0o600); // owner-only: monitor data holds prompts
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}
