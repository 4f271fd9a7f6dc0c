import { createHash } from 'node:crypto';
import type { RecordedRequest } from './serve';
import { FakeVendor } from './server';
import type { Script } from './wire/turn';

/**
 * An Anthropic fake with prompt caching as api.anthropic.com accounts for it: the request is read
 * as one prefix (tools, then system, then messages, block by block); each block carrying
 * `cache_control` is a breakpoint whose prefix is written to the cache; a later request reads
 * the longest cached prefix found at one of its breakpoints or up to 20 blocks before one
 * (Anthropic's lookback). Usage reports `cache_read_input_tokens`, `cache_creation_input_tokens`
 * and the uncached rest as `input_tokens`; a token is 4 characters of the block's JSON.
 * No breakpoint, no caching — whatever was sent before.
 */
export interface CacheAccount {
  input: number;
  read: number;
  write: number;
  breakpoints: number;
}

const LOOKBACK = 20;

function blocksOf(body: any): any[] {
  const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);
  const system = typeof body?.system === 'string' ? [{ type: 'text', text: body.system }] : arr(body?.system);
  const msgs = arr(body?.messages).flatMap((m: any) =>
    (typeof m?.content === 'string' ? [{ type: 'text', text: m.content }] : arr(m?.content)).map((b: any, i: number) => (i === 0 ? { ...b, role: m.role } : b)));
  return [...arr(body?.tools), ...system, ...msgs];
}

export function accountCache(body: any, store: Set<string>): CacheAccount {
  const blocks = blocksOf(body);
  const hash = createHash('sha256');
  const prefix: Array<{ digest: string; tokens: number }> = [];
  let tokens = 0;
  for (const b of blocks) {
    const { cache_control: _cc, ...rest } = b ?? {};
    const text = JSON.stringify(rest);
    hash.update(text);
    tokens += Math.ceil(text.length / 4);
    prefix.push({ digest: hash.copy().digest('hex'), tokens });
  }
  const breakpoints = blocks.map((b, i) => (b?.cache_control ? i : -1)).filter((i) => i >= 0);
  let read = 0;
  for (const bp of breakpoints) {
    for (let i = bp; i >= Math.max(0, bp - LOOKBACK); i--) {
      if (store.has(prefix[i]!.digest)) {
        read = Math.max(read, prefix[i]!.tokens);
        break;
      }
    }
  }
  const last = breakpoints.at(-1);
  const write = last === undefined ? 0 : Math.max(0, prefix[last]!.tokens - read);
  for (const bp of breakpoints) store.add(prefix[bp]!.digest);
  return { input: Math.max(0, tokens - read - write), read, write, breakpoints: breakpoints.length };
}

/** A caching Anthropic fake answering with `script`; `accounts` holds what each request was billed. */
export async function startCachingAnthropic(apiKey: string, script: Script): Promise<FakeVendor & { cacheLog: CacheAccount[] }> {
  const store = new Set<string>();
  const cacheLog: CacheAccount[] = [];
  let self!: FakeVendor;
  const handler = (req: RecordedRequest, res: Parameters<FakeVendor['serve']>[1]) => {
    if (req.method === 'POST' && req.path === '/v1/messages' && req.json) {
      const cache = accountCache(req.json, store);
      cacheLog.push(cache);
      self.script = (view, n) => ({ ...script(view, n), cache });
    }
    return self.serve(req, res);
  };
  self = await FakeVendor.start({ kind: 'anthropic', apiKey, script, handler });
  return Object.assign(self, { cacheLog });
}
