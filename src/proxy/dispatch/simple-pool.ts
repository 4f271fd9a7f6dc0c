import type { ProxyConfig } from '../config';
import type { Dialect } from '../dialect';
import { ProxyError } from '../errors';
import type { AccountPool, Candidate, ModelInfo } from '../../upstream/pool-types';

/** Temporary: first enabled account whose kind speaks the client's dialect. Replaced by the real pool. */
export function createSimplePool(initial: ProxyConfig): AccountPool {
  let config = initial;
  const wireOf = (kind: string, client: Dialect): Dialect | undefined => {
    if (kind === 'openai') return client === 'openai-responses' ? 'openai-responses' : 'openai-chat';
    if (kind === 'anthropic' || kind === 'zai') return 'anthropic';
    if (kind === 'gemini') return 'gemini';
    return undefined;
  };
  return {
    plan(req) {
      const candidates: Candidate[] = [];
      for (const account of config.accounts) {
        const wire = wireOf(account.kind, req.clientDialect);
        if (!account.enabled || !wire || wire.split('-')[0] !== req.clientDialect.split('-')[0]) continue;
        const model = config.modelMapping[req.clientModel] ?? req.clientModel;
        candidates.push({ account, upstreamModel: model, wire });
      }
      if (candidates.length === 0) throw new ProxyError('not_found', `No account serves model ${req.clientModel}.`);
      return { clientModel: req.clientModel, candidates };
    },
    report() {},
    recordUsage() {},
    models(): ModelInfo[] {
      return config.accounts.flatMap((a) => (a.models ?? []).filter((m) => !m.includes('*')).map((id) => ({ id, ownedBy: a.kind })));
    },
    status() {
      return [];
    },
    update(c) {
      config = c;
    },
    size() {
      return config.accounts.filter((a) => a.enabled).length;
    },
  };
}
