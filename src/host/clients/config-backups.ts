/**
 * Backups of client config files taken before Configure… writes (issue 21), for "Restore
 * Previous": one JSON file per configure run in the extension's global storage
 * (`client-backups/<client>/<timestamp>.json`, mode 0600 — the old text may hold the user's own
 * keys), the newest restored first. A file that did not exist is recorded as such, and restoring
 * removes it. No `vscode`: plain fs, so it is unit-tested.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface BackedUpFile { path: string; existed: boolean; text?: string }
export interface Backup { client: string; at: string; files: BackedUpFile[] }

/** How many backups are kept per client. */
const KEEP = 10;

export class ConfigBackups {
  constructor(private readonly dir: string) {}

  async save(client: string, files: BackedUpFile[], now = new Date()): Promise<Backup> {
    const backup: Backup = { client, at: now.toISOString(), files };
    const dir = join(this.dir, client);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${now.getTime()}.json`), JSON.stringify(backup), { mode: 0o600 });
    const names = await this.names(client);
    for (const old of names.slice(0, Math.max(0, names.length - KEEP))) await rm(join(dir, old), { force: true });
    return backup;
  }

  /** The newest backup of a client, if any. */
  async latest(client: string): Promise<Backup | undefined> {
    const name = (await this.names(client)).at(-1);
    if (!name) return undefined;
    return JSON.parse(await readFile(join(this.dir, client, name), 'utf8')) as Backup;
  }

  /** Puts the newest backup's files back (removing those that did not exist) and drops that backup. */
  async restoreLatest(client: string): Promise<Backup | undefined> {
    const name = (await this.names(client)).at(-1);
    if (!name) return undefined;
    const backup = JSON.parse(await readFile(join(this.dir, client, name), 'utf8')) as Backup;
    for (const f of backup.files) {
      if (!f.existed) {
        await rm(f.path, { force: true });
        continue;
      }
      await mkdir(dirname(f.path), { recursive: true });
      await writeFile(f.path, f.text ?? '');
    }
    await rm(join(this.dir, client, name), { force: true });
    return backup;
  }

  /** Backup file names, oldest first (names are epoch milliseconds). */
  private async names(client: string): Promise<string[]> {
    try {
      return (await readdir(join(this.dir, client))).filter((n) => /^\d+\.json$/.test(n)).sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
    } catch {
      return [];
    }
  }
}
