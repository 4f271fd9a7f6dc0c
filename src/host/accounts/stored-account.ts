/**
 * An account's metadata as kept in global state (the key lives in SecretStorage): its shape,
 * defensive parsing and fresh ids (pure, no `vscode`).
 */
import type { AccountKind } from '../../core/config';

export interface StoredAccount {
  id: string;
  kind: AccountKind;
  label: string;
  baseUrl?: string;
  models?: string[];
  priority?: number;
  weight?: number;
  enabled: boolean;
  vendor?: string;
  family?: string;
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
  const kinds: readonly string[] = ['gemini', 'anthropic', 'zai', 'openai', 'vscode-lm'];
  return value.filter((a): a is StoredAccount =>
    typeof a === 'object' && a !== null &&
    typeof (a as StoredAccount).id === 'string' &&
    typeof (a as StoredAccount).label === 'string' &&
    kinds.includes((a as StoredAccount).kind) &&
    typeof (a as StoredAccount).enabled === 'boolean');
}
