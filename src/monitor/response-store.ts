import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-files';

/**
 * Stored OpenAI Responses (issue 18): what `previous_response_id`, `GET /v1/responses/{id}`,
 * `…/input_items` and `DELETE` read. One namespace per proxy key (the sha-256 of the key the
 * client presented; `-` without one), so a key never sees another key's responses. Bounded per
 * namespace: at most `maxResponses` (default 2 000; the oldest go first) and none older than
 * `maxAgeMs` (default 7 days). With a directory each response is one owner-only file
 * `<dir>/<namespace>/<createdAt>_<id>.json` (dir 0700, file 0600, written atomically), so a
 * restarted proxy still knows them; without one they live in memory only. Synchronous file I/O:
 * a store is written after the answer went out, and reads are one small file.
 */
export interface StoredResponse {
  id: string;
  /** Epoch ms. */
  createdAt: number;
  model: string;
  previousResponseId?: string;
  /** The input items this request added (the history before it is `previousResponseId`'s). */
  input: unknown[];
  /** The output items, as the client received them. */
  output: unknown[];
  /** The response object as the client received it. */
  response: Record<string, unknown>;
  /** The account that produced it (reasoning it carries is that account's). */
  accountId?: string;
}

export interface ResponseStore {
  /** `createdAt` defaults to the store's clock. */
  put(owner: string, r: Omit<StoredResponse, 'createdAt'> & { createdAt?: number }): void;
  get(owner: string, id: string): StoredResponse | undefined;
  delete(owner: string, id: string): boolean;
}

export interface ResponseStoreOptions {
  /** Parent directory (the data dir); undefined: memory only. */
  dataDir?: string;
  maxResponses?: number;
  maxAgeMs?: number;
  now?: () => number;
  onError?: (message: string) => void;
}

export const RESPONSES_DIR = 'responses';
export const DEFAULT_MAX_RESPONSES = 2000;
export const DEFAULT_MAX_RESPONSE_AGE_MS = 7 * 24 * 3600 * 1000;

/** Response ids safe as file names (what OpenAI and this proxy issue: `resp_…`). */
const ID_RE = /^[A-Za-z0-9_-]{1,200}$/;
export const isStorableId = (id: string): boolean => ID_RE.test(id);

/** The namespace of a presented proxy key. */
export function ownerOf(key: string | undefined): string {
  return key ? createHash('sha256').update(key).digest('hex').slice(0, 32) : '-';
}

interface Entry { createdAt: number; record?: StoredResponse }

export function createResponseStore(o: ResponseStoreOptions = {}): ResponseStore {
  const max = o.maxResponses ?? DEFAULT_MAX_RESPONSES;
  const maxAge = o.maxAgeMs ?? DEFAULT_MAX_RESPONSE_AGE_MS;
  const now = o.now ?? Date.now;
  const root = o.dataDir !== undefined ? join(o.dataDir, RESPONSES_DIR) : undefined;
  const spaces = new Map<string, Map<string, Entry>>();
  const warn = (m: string) => o.onError?.(`response store: ${m}`);

  const dirOf = (owner: string) => join(root!, owner);
  const fileOf = (owner: string, id: string, createdAt: number) => join(dirOf(owner), `${createdAt}_${id}.json`);

  /** Index of one namespace; read from disk the first time it is needed (records are read lazily). */
  function space(owner: string): Map<string, Entry> {
    let s = spaces.get(owner);
    if (s) return s;
    s = new Map();
    spaces.set(owner, s);
    if (root === undefined) return s;
    let names: string[] = [];
    try {
      names = readdirSync(dirOf(owner));
    } catch {
      return s;
    }
    const found: Array<[string, number]> = [];
    for (const n of names) {
      const m = /^(\d+)_([A-Za-z0-9_-]+)\.json$/.exec(n);
      if (m) found.push([m[2]!, Number(m[1])]);
    }
    found.sort((a, b) => a[1] - b[1]);
    for (const [id, createdAt] of found) s.set(id, { createdAt });
    return s;
  }

  function ensureDir(owner: string): void {
    mkdirSync(dirOf(owner), { recursive: true, mode: PRIVATE_DIR_MODE });
    for (const d of [o.dataDir!, root!, dirOf(owner)]) {
      try {
        chmodSync(d, PRIVATE_DIR_MODE);
      } catch {
        // a foreign owner or Windows: the data is still written
      }
    }
  }

  function remove(owner: string, s: Map<string, Entry>, id: string): void {
    const e = s.get(id);
    if (!e) return;
    s.delete(id);
    if (root === undefined) return;
    try {
      unlinkSync(fileOf(owner, id, e.createdAt));
    } catch {
      // already gone
    }
  }

  /** Drops what is too old, then the oldest beyond the bound (Map order is insertion = age order). */
  function prune(owner: string, s: Map<string, Entry>): void {
    const cutoff = now() - maxAge;
    for (const [id, e] of s) if (e.createdAt < cutoff) remove(owner, s, id);
    while (s.size > max) remove(owner, s, s.keys().next().value!);
  }

  return {
    put(owner, given) {
      if (!isStorableId(given.id)) return;
      const r: StoredResponse = { ...given, createdAt: given.createdAt ?? now() };
      const s = space(owner);
      remove(owner, s, r.id);
      s.set(r.id, { createdAt: r.createdAt, record: root === undefined ? r : undefined });
      if (root !== undefined) {
        try {
          ensureDir(owner);
          const file = fileOf(owner, r.id, r.createdAt);
          const tmp = `${file}.${process.pid}.tmp`;
          writeFileSync(tmp, JSON.stringify(r), { mode: PRIVATE_FILE_MODE });
          renameSync(tmp, file);
        } catch (err) {
          s.delete(r.id);
          warn((err as Error).message);
        }
      }
      prune(owner, s);
    },
    get(owner, id) {
      if (!isStorableId(id)) return undefined;
      const s = space(owner);
      const e = s.get(id);
      if (!e) return undefined;
      if (e.createdAt < now() - maxAge) {
        remove(owner, s, id);
        return undefined;
      }
      if (e.record) return e.record;
      try {
        return JSON.parse(readFileSync(fileOf(owner, id, e.createdAt), 'utf8')) as StoredResponse;
      } catch {
        s.delete(id);
        return undefined;
      }
    },
    delete(owner, id) {
      if (!isStorableId(id)) return false;
      const s = space(owner);
      if (!s.has(id)) return false;
      remove(owner, s, id);
      return true;
    },
  };
}

/** Removes every stored response (tests, "forget everything"). */
export function clearResponseStore(dataDir: string): void {
  rmSync(join(dataDir, RESPONSES_DIR), { recursive: true, force: true });
}
