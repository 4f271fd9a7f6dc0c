import { createHash } from 'node:crypto';

/**
 * Redis key names of team mode, all under the configured prefix (default "antigravity:"):
 *   cool:<account>\0<model>   epoch ms the cooldown ends (PX = the cooldown)
 *   disabled:<account>        {"status","at"} (PX 30 min; re-probed by every instance)
 *   bind:<digest>             [account, expiresAt] (PX = the binding's idle TTL)
 *   slots:<account>           ZSET lease id → lease expiry (server time, ms)
 *   usage:<day>               HASH <account>\0<model>\0<field> → counter; usage:days SET
 *   spend:day:<day>           billed USD of the day;  spend:session:<digest>  of one session
 *   usage:batch:<id>          marks an applied usage batch (idempotent retries)
 *   blob:<key>                stored Responses (JSON)
 *   events                    the change channel (pub/sub)
 * Account ids come from the config (never a key); session keys and client session ids are
 * digested, so nothing a client sent is stored verbatim.
 */
export function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

export interface Keys {
  prefix: string;
  cool(accountId: string, model: string): string;
  disabled(accountId: string): string;
  bind(digested: string): string;
  slots(accountId: string): string;
  blob(key: string): string;
  channel: string;
}

export function keysOf(prefix: string): Keys {
  return {
    prefix,
    cool: (a, m) => `${prefix}cool:${a}\u0000${m}`,
    disabled: (a) => `${prefix}disabled:${a}`,
    bind: (d) => `${prefix}bind:${d}`,
    slots: (a) => `${prefix}slots:${a}`,
    blob: (k) => `${prefix}blob:${k}`,
    channel: `${prefix}events`,
  };
}

/** One message on the change channel; `i` is the sending instance (its own are skipped). */
export type StateEvent =
  | { i: string; t: 'cool'; a: string; m: string; u: number }
  | { i: string; t: 'disabled'; a: string; s: number; at: number }
  | { i: string; t: 'enabled'; a: string }
  | { i: string; t: 'bind'; k: string; a: string; e: number }
  | { i: string; t: 'slot'; a: string }
  | { i: string; t: 'spend'; d: Array<[string, number]>; s: Array<[string, number]> };
