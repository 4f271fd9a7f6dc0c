/**
 * Account metadata in global state (shared by all windows); keys via SecretStore. Every change
 * ends with a revision bump in SecretStorage, whose change event reaches the other windows
 * (global state's does not), so the window serving the proxy reloads its accounts.
 */
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import { newAccountId, parseStoredAccounts, type StoredAccount } from './stored-account';
import type { SecretStore } from './secrets';

const STATE_KEY = 'antigravity.accounts';

export class AccountStore {
  private readonly emitter = new Set<() => void>();

  constructor(private readonly state: vscode.Memento, private readonly secrets: SecretStore) {}

  list(): StoredAccount[] {
    return parseStoredAccounts(this.state.get<unknown>(STATE_KEY));
  }

  get(id: string): StoredAccount | undefined {
    return this.list().find((a) => a.id === id);
  }

  /** In-process changes (this window); other windows' changes arrive as SecretStore changes. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.emitter.add(listener);
    return { dispose: () => this.emitter.delete(listener) };
  }

  /**
   * The list first, the key second, the revision last: another window reacts to the secret
   * changes and must find the new list already written. A z.ai account's key becomes the z.ai
   * dispatch key when there is none yet.
   */
  async add(account: Omit<StoredAccount, 'id' | 'createdAt'>, apiKey: string): Promise<StoredAccount> {
    const existing = this.list();
    const id = newAccountId(existing, () => randomUUID().slice(0, 8));
    const stored: StoredAccount = { ...account, id, createdAt: Date.now() };
    await this.state.update(STATE_KEY, [...existing, stored]);
    await this.secrets.setAccountKey(id, apiKey);
    if (account.kind === 'zai' && apiKey.trim() && !(await this.secrets.getZaiKey())) await this.secrets.setZaiKey(apiKey);
    await this.changed();
    return stored;
  }

  /**
   * Removing the z.ai account whose key is the dispatch key hands dispatch to another z.ai
   * account's key, or clears it: a removed account's key must not keep serving.
   */
  async remove(id: string): Promise<void> {
    const removed = this.get(id);
    const removedKey = await this.secrets.getAccountKey(id);
    const rest = this.list().filter((a) => a.id !== id);
    await this.state.update(STATE_KEY, rest);
    await this.secrets.deleteAccountKey(id);
    if (removed?.kind === 'zai' && removedKey && (await this.secrets.getZaiKey()) === removedKey.trim()) {
      let next = '';
      for (const a of rest.filter((x) => x.kind === 'zai')) next ||= (await this.secrets.getAccountKey(a.id)) ?? '';
      await this.secrets.setZaiKey(next);
    }
    await this.changed();
  }

  async setEnabled(id: string, enabled: boolean): Promise<void> {
    await this.state.update(STATE_KEY, this.list().map((a) => (a.id === id ? { ...a, enabled } : a)));
    await this.changed();
  }

  /** Edit Account: changes the metadata (never the id, kind or creation time). */
  async update(id: string, patch: AccountPatch): Promise<void> {
    await this.state.update(STATE_KEY, this.list().map((a) => (a.id === id ? withPatch(a, patch) : a)));
    await this.changed();
  }

  /**
   * Edit Account: a new key. A z.ai account whose old key was the dispatch key hands the new one
   * to dispatch too (the old key must not keep serving).
   */
  async setKey(id: string, apiKey: string): Promise<void> {
    const account = this.get(id);
    if (!account) return;
    const oldKey = await this.secrets.getAccountKey(id);
    await this.secrets.setAccountKey(id, apiKey);
    if (account.kind === 'zai' && oldKey && (await this.secrets.getZaiKey()) === oldKey.trim()) await this.secrets.setZaiKey(apiKey);
    await this.changed();
  }

  async keys(): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    for (const a of this.list()) {
      const key = await this.secrets.getAccountKey(a.id);
      if (key) map.set(a.id, key);
    }
    return map;
  }

  private async changed(): Promise<void> {
    await this.secrets.bumpAccountsRevision();
    for (const l of [...this.emitter]) l();
  }
}

/** What Edit Account may change; `models: undefined` (or empty) removes the list (serve all). */
export type AccountPatch = Partial<Pick<StoredAccount, 'label' | 'baseUrl' | 'models' | 'vendor' | 'family'>>;

function withPatch(a: StoredAccount, patch: AccountPatch): StoredAccount {
  const next: StoredAccount = { ...a };
  for (const [k, v] of Object.entries(patch) as Array<[keyof AccountPatch, AccountPatch[keyof AccountPatch]]>) {
    const empty = v === undefined || (Array.isArray(v) && v.length === 0) || v === '';
    if (empty) delete next[k];
    else (next as unknown as Record<string, unknown>)[k] = v;
  }
  return next;
}
