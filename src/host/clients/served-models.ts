/**
 * The models a client config should list (opencode / Kilo) and offer to pick: what the running
 * proxy answers on GET /v1/models (ids with `context_length` / `max_output_tokens`, issue 18);
 * while it is stopped, the accounts' own model lists with the catalog's limits.
 */
import type { HostContext } from '../context';
import { loadProxyConfig } from '../settings/config-loader';
import { modelLimits } from '../../upstream/model-catalog';
import type { ServedModel } from './opencode-merge';
import { modelsFromList } from './model-list';

export async function servedModels(ctx: HostContext, endpoint: { host: string; port: number }): Promise<ServedModel[]> {
  if (ctx.service.isRunning()) {
    try {
      const key = await ctx.secrets.getOrCreateProxyKey();
      const h = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
      const res = await ctx.fetch(`http://${h}:${endpoint.port}/v1/models`, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(5000) });
      if (res.status === 200) return modelsFromList(JSON.parse(await res.text()));
      ctx.log.warn(`Listing the served models failed: HTTP ${res.status}.`);
    } catch (err) {
      ctx.log.warn(`Listing the served models failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  try {
    const config = await loadProxyConfig(ctx.secrets, ctx.accounts);
    const ids = new Set(config.accounts.filter((a) => a.enabled).flatMap((a) => (a.models ?? []).filter((m) => !m.includes('*') && m.trim() !== '')));
    return [...ids].map((id) => {
      const l = modelLimits(config, id);
      return { id, ...(l?.contextWindow ? { contextWindow: l.contextWindow } : {}), ...(l?.maxOutputTokens ? { maxOutputTokens: l.maxOutputTokens } : {}) };
    });
  } catch {
    return [];
  }
}
