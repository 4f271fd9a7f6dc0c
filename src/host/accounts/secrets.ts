/** SecretStorage: the proxy API key, the z.ai key and every account key. Nothing secret goes elsewhere. */
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import { generateApiKey, validateApiKey } from '../../core/api-key';

const PROXY_KEY = 'antigravity.proxy.apiKey';
const ZAI_KEY = 'antigravity.zai.apiKey';
/**
 * Bumped after every account change (list in global state, key, enabled flag). SecretStorage's
 * change event reaches every window, global state's does not: the window serving the proxy
 * reloads its config on it.
 */
const ACCOUNTS_REVISION = 'antigravity.accounts.revision';
const accountKey = (id: string) => `antigravity.account.${id}.apiKey`;

export class SecretStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Fires for every secret change (including other windows), to hot-update a running proxy. */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key.startsWith('antigravity.')) listener();
    });
  }

  async getProxyKey(): Promise<string | undefined> {
    return (await this.secrets.get(PROXY_KEY)) || undefined;
  }

  /** The key, generated (`sk-` + 32 hex) and stored on first use. */
  async getOrCreateProxyKey(): Promise<string> {
    const existing = await this.getProxyKey();
    if (existing) return existing;
    const key = generateApiKey((n) => randomBytes(n));
    await this.secrets.store(PROXY_KEY, key);
    return key;
  }

  async setProxyKey(key: string): Promise<void> {
    const error = validateApiKey(key);
    if (error) throw new Error(error);
    await this.secrets.store(PROXY_KEY, key.trim());
  }

  async regenerateProxyKey(): Promise<string> {
    const key = generateApiKey((n) => randomBytes(n));
    await this.secrets.store(PROXY_KEY, key);
    return key;
  }

  async getZaiKey(): Promise<string> {
    return (await this.secrets.get(ZAI_KEY)) ?? '';
  }

  /** An empty key deletes it (z.ai dispatch then has no key). */
  async setZaiKey(key: string): Promise<void> {
    if (key.trim()) await this.secrets.store(ZAI_KEY, key.trim());
    else await this.secrets.delete(ZAI_KEY);
  }

  async getAccountKey(id: string): Promise<string | undefined> {
    return (await this.secrets.get(accountKey(id))) || undefined;
  }

  async setAccountKey(id: string, key: string): Promise<void> {
    if (key) await this.secrets.store(accountKey(id), key.trim());
    else await this.secrets.delete(accountKey(id));
  }

  async deleteAccountKey(id: string): Promise<void> {
    await this.secrets.delete(accountKey(id));
  }

  /** Signals an account change to every window (see ACCOUNTS_REVISION). */
  async bumpAccountsRevision(): Promise<void> {
    // Unique, not a counter: two windows bumping at once must still each change the value.
    await this.secrets.store(ACCOUNTS_REVISION, `${Date.now()}-${randomBytes(4).toString('hex')}`);
  }
}
