/**
 * z.ai dispatch for Anthropic-dialect requests (as in the reference app):
 *  - off:       z.ai is not used by the dispatcher (a configured `zai`-kind account still is).
 *  - exclusive: every Anthropic-dialect request goes to z.ai, and only there.
 *  - pooled:    z.ai is one more slot in the scheduler's rotation.
 *  - fallback:  z.ai is tried only after every other account: when all of them are cooling,
 *               disabled or fail during the request.
 * Other client dialects never reach the dispatcher. It appears in the pool as a synthetic
 * account with id `zai`.
 */
import { zaiDispatchActive, type AccountConfig, type ZaiSection } from '../core/config';
import type { Dialect } from '../core/dialect';
import { familyOf, zaiModelFor } from './model-mapping';

export const ZAI_ACCOUNT_ID = 'zai';

export type ZaiRole = 'none' | 'exclusive' | 'pooled' | 'fallback';

export function zaiAccount(zai: ZaiSection): AccountConfig {
  return { id: ZAI_ACCOUNT_ID, kind: 'zai', label: 'z.ai', baseUrl: zai.baseUrl, apiKey: zai.apiKey, enabled: true };
}

/** The dispatcher's role for a request of `clientDialect`. */
export function zaiRole(zai: ZaiSection, clientDialect: Dialect): ZaiRole {
  if (clientDialect !== 'anthropic' || !zaiDispatchActive(zai)) return 'none';
  return zai.dispatchMode === 'off' ? 'none' : zai.dispatchMode;
}

/**
 * The GLM model for a request: a `modelMapping` result that already names a GLM model wins;
 * otherwise the client model's family (opus / sonnet / haiku) picks from `zai.models`.
 */
export function zaiUpstreamModel(clientModel: string, mappedModel: string, zai: ZaiSection): string {
  if (familyOf(mappedModel) === 'glm') return mappedModel;
  return zaiModelFor(clientModel, zai.models);
}
