/**
 * An account's metadata as kept in global state (the key lives in SecretStorage): its shape,
 * defensive parsing and fresh ids (pure, no `vscode`).
 */
import { ACCOUNT_KINDS, zaiDispatchActive, type AccountKind, type StructuredOutputsMode, type ZaiSection } from '../../core/config';

export interface StoredAccount {
  id: string;
  kind: AccountKind;
  label: string;
  baseUrl?: string;
  models?: string[];
  priority?: number;
  weight?: number;
  /** Concurrency caps (issue 19): see AccountConfig. */
  maxConcurrent?: number;
  requestsPerMinute?: number;
  enabled: boolean;
  vendor?: string;
  family?: string;
  /** anthropic / zai: how the vendor takes structured output (see AccountConfig.structuredOutputs). */
  structuredOutputs?: StructuredOutputsMode;
  /** Flat-rate (subscription) account: cost shown as "included" (issue 20; see AccountConfig.flatRate). */
  flatRate?: boolean;
  createdAt: number;
}

export function newAccountId(existing: readonly StoredAccount[], random: () => string): string {
  let id = random();
  while (existing.some((a) => a.id === id)) id = random();
  return id;
}

/** Parses stored global state defensively: a corrupt entry is dropped, not fatal. */
export function parseStoredAccounts(value: unknown): StoredAccount[] {
  if (!Array.isArray(value)) return [];
  // Every kind the core knows, `demo` too (issue 16): Add Account never offers it, but a stored
  // list that holds one (written by another version or by hand) must still load and render.
  const kinds: readonly string[] = ACCOUNT_KINDS;
  return value.filter((a): a is StoredAccount =>
    typeof a === 'object' && a !== null &&
    typeof (a as StoredAccount).id === 'string' &&
    typeof (a as StoredAccount).label === 'string' &&
    kinds.includes((a as StoredAccount).kind) &&
    typeof (a as StoredAccount).enabled === 'boolean');
}

/**
 * Whether a Start could find an account now — the host's mirror of the core's NO_ACCOUNT rule
 * (pool size > 0): an enabled account of any kind (in VS Code the in-process kinds are always
 * routable), or active z.ai dispatch (enabled, a mode other than off, a key).
 */
export function hasUsableAccount(accounts: readonly Pick<StoredAccount, 'enabled'>[], zai: Pick<ZaiSection, 'enabled' | 'dispatchMode' | 'apiKey'>): boolean {
  return accounts.some((a) => a.enabled) || zaiDispatchActive({ ...zai, baseUrl: '', models: { opus: '', sonnet: '', haiku: '' } });
}
