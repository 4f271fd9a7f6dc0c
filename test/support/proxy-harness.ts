import { defaultConfig, type AccountConfig, type ProxyConfig } from '../../src/core/config';
import { createProxyServer } from '../../src/proxy/server';
import type { ProxyDeps, ProxyServer } from '../../src/proxy/server-types';

export interface RunningProxy {
  server: ProxyServer;
  url: string;
  config: ProxyConfig;
  stop(): Promise<void>;
}

export type ConfigPatch = Partial<Omit<ProxyConfig, 'proxy'>> & { proxy?: Partial<ProxyConfig['proxy']> };

export function makeConfig(patch: ConfigPatch = {}): ProxyConfig {
  const d = defaultConfig();
  return {
    ...d,
    ...patch,
    proxy: { ...d.proxy, port: 0, ...patch.proxy },
    zai: { ...d.zai, ...patch.zai },
    monitor: { ...d.monitor, ...patch.monitor },
  } as ProxyConfig;
}

export function account(kind: AccountConfig['kind'], baseUrl: string, extra: Partial<AccountConfig> = {}): AccountConfig {
  return { id: `${kind}-1`, kind, label: `${kind} test`, baseUrl, apiKey: `upstream-key-${kind}`, enabled: true, ...extra };
}

/** The real server on an ephemeral loopback port. */
export async function startProxy(patch: ConfigPatch = {}, deps: ProxyDeps = {}): Promise<RunningProxy> {
  const config = makeConfig(patch);
  const server = createProxyServer(config, deps);
  await server.start();
  const { host, port } = server.status();
  return { server, url: `http://${host}:${port}`, config, stop: () => server.stop() };
}
