/** Account metadata in global state (shared by all windows); keys via SecretStore. */
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import { newAccountId, parseStoredAccounts, type StoredAccount } from './accounts-pure';
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

  onDidChange(listener: () => void): { dispose(): void } {
    this.emitter.add(listener);
    return { dispose: () => this.emitter.delete(listener) };
  }

  async add(account: Omit<StoredAccount, 'id' | 'createdAt'>, apiKey: string): Promise<StoredAccount> {
    const existing = this.list();
    const id = newAccountId(existing, () => randomUUID().slice(0, 8));
    const stored: StoredAccount = { ...account, id, createdAt: Date.now() };
    // The key first: an account never exists without the key it was added with.
    await this.secrets.setAccountKey(id, apiKey);
    await this.save([...existing, stored]);
    return stored;
  }

  async remove(id: string): Promise<void> {
    await this.save(this.list().filter((a) => a.id !== id));
    await this.secrets.deleteAccountKey(id);
  }

  async setEnabled(id: string, enabled: boolean): Promise<void> {
    await this.save(this.list().map((a) => (a.id === id ? { ...a, enabled } : a)));
  }

  async keys(): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    for (const a of this.list()) {
      const key = await this.secrets.getAccountKey(a.id);
      if (key) map.set(a.id, key);
    }
    return map;
  }

  private async save(accounts: StoredAccount[]): Promise<void> {
    await this.state.update(STATE_KEY, accounts);
    for (const l of [...this.emitter]) l();
  }
}
