/** Settings + SecretStorage + account metadata → ProxyConfig for the core. */
import type { ProxyConfig } from '../../core/config';
import type { AccountStore } from '../accounts/account-store';
import type { SecretStore } from '../accounts/secrets';
import { currentSettings } from './settings';
import { assertValidSettings, toProxyConfig } from './settings-to-config';

export async function loadProxyConfig(secrets: SecretStore, accounts: AccountStore): Promise<ProxyConfig> {
  const settings = currentSettings();
  // A setting the core would reject never reaches it (the running proxy keeps its config).
  assertValidSettings(settings);
  const [proxyApiKey, zaiApiKey, accountKeys] = await Promise.all([
    secrets.getOrCreateProxyKey(),
    secrets.getZaiKey(),
    accounts.keys(),
  ]);
  return toProxyConfig(settings, { proxyApiKey, zaiApiKey, accountKeys }, accounts.list());
}
