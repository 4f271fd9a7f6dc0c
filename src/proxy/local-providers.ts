import { ProxyError } from '../core/errors';
import type { LocalProvider } from '../upstream/local-provider';

/**
 * Which account kinds are served in process (a LocalProvider) rather than over HTTP: the one
 * place the dispatcher learns it, by kind. `vscode-lm` is always in process; outside VS Code
 * its provider says so (a retryable 503, so another account may answer). Other in-process
 * kinds (the demo) are registered by passing their providers.
 */
export type LocalProviders = (kind: string) => LocalProvider | undefined;

export function localProviders(vscodeLm: LocalProvider | undefined, others: Readonly<Record<string, LocalProvider>> = {}): LocalProviders {
  const byKind = new Map<string, LocalProvider>(Object.entries(others));
  byKind.set('vscode-lm', vscodeLm ?? outsideVsCode);
  return (kind) => byKind.get(kind);
}

const unavailable = (label: string) =>
  new ProxyError('unavailable', `Account ${label} (VS Code language models) is only available inside VS Code.`, { retryable: true });

/** `vscode-lm` in the headless server: every call fails over to the next account. */
const outsideVsCode: LocalProvider = {
  // What the account lists still routes to it (and fails over): the model is not silently unknown.
  models: (account) => account.models ?? [],
  stream(_request, account) {
    throw unavailable(account.label);
  },
  countTokens(_request, account) {
    return Promise.reject(unavailable(account.label));
  },
};
