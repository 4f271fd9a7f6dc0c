/**
 * Bringing a disabled account back (issue 14, "disable only what is dead"). An account the
 * vendor called dead (pool: failure class `auth`) is asked again, with backoff (30 s, 1 min,
 * 2 min … capped at 30 min: AccountStates' probe table), through its kind's FREE models list
 * (providers/<kind>.ts `modelsProbe`) — never a paid generate call. A 200 revives it; anything
 * else waits for the next, longer delay. Kinds without a models probe (in-process accounts)
 * stay disabled until the config changes (pool.update).
 */
import type { Dispatcher } from 'undici';
import { request } from './client/undici-request';
import type { AccountConfig } from '../core/config';
import type { AccountStates } from './account-state';
import { providerOf } from './providers/registry';

/** Does the account answer its models list with a 200 now? Never throws. */
export type Probe = (account: AccountConfig) => Promise<boolean>;

/** Longest a probe may take before it counts as "not back". */
const PROBE_TIMEOUT_MS = 15_000;

/** The default probe: GET the kind's models list with the account's key (through the upstream proxy, if any). */
export function modelsListProbe(dispatcher?: () => Dispatcher | undefined): Probe {
  return async (account) => {
    const provider = providerOf(account.kind);
    const target = provider.modelsProbe(account.baseUrl || provider.defaultBaseUrl, account.apiKey ?? '');
    if (!target) return false;
    try {
      const res = await request(target.url, {
        method: 'GET',
        headers: target.headers,
        headersTimeout: PROBE_TIMEOUT_MS,
        bodyTimeout: PROBE_TIMEOUT_MS,
        dispatcher: dispatcher?.(),
      });
      await res.body.dump();
      return res.statusCode === 200;
    } catch {
      return false;
    }
  };
}

/** Whether `account`'s kind can be re-probed at all. */
export function canProbe(account: AccountConfig): boolean {
  const provider = providerOf(account.kind);
  return provider.modelsProbe(account.baseUrl || provider.defaultBaseUrl, account.apiKey ?? '') !== undefined;
}

export interface ReproberDeps {
  now: () => number;
  probe: Probe;
  /** The account as configured now (undefined: removed); a probe uses the current key. */
  account: (id: string) => AccountConfig | undefined;
  /** Told after a probe revived an account (status listeners). */
  onRevived?: (id: string) => void;
}

export interface Reprober {
  /** Plans the next probe of a disabled account at its `nextProbeAt` (replacing any planned one). */
  schedule(id: string): void;
  /** Drops the planned probe of `id` (re-enabled by a config change, or removed). */
  cancel(id: string): void;
  /** Stops every planned probe (the pool is discarded). */
  close(): void;
}

export function createReprober(states: AccountStates, deps: ReproberDeps): Reprober {
  const timers = new Map<string, NodeJS.Timeout>();

  const cancel = (id: string) => {
    const t = timers.get(id);
    if (t) clearTimeout(t);
    timers.delete(id);
  };

  async function run(id: string): Promise<void> {
    timers.delete(id);
    const account = deps.account(id);
    if (!account || !states.isDisabled(id)) return;
    const alive = await deps.probe(account);
    // The verdict may have changed while the probe ran (a new key, a removed account).
    if (deps.account(id) !== account || !states.isDisabled(id)) return;
    if (alive) {
      states.revive(id);
      deps.onRevived?.(id);
      return;
    }
    states.probeFailed(id, deps.now());
    schedule(id);
  }

  function schedule(id: string): void {
    cancel(id);
    const account = deps.account(id);
    const s = states.get(id);
    if (!account || !canProbe(account)) {
      s.nextProbeAt = undefined;
      return;
    }
    if (s.nextProbeAt === undefined) return;
    const t = setTimeout(() => void run(id), Math.max(0, s.nextProbeAt - deps.now()));
    // A planned probe never keeps the process alive.
    t.unref?.();
    timers.set(id, t);
  }

  return {
    schedule,
    cancel,
    close() {
      for (const id of [...timers.keys()]) cancel(id);
    },
  };
}
