import { parseRetryAfterHeader } from '../cooldown-hints';
import type { Provider } from './provider';
import { WIRE_TARGET } from './wire';

/**
 * VS Code language models: served in-process by the host's LocalProvider (IR in, IR events
 * out), never over HTTP — so no wire dialect, no default models (VS Code lists them), no probe.
 */
export const vscodeLm: Provider = {
  kind: 'vscode-lm',
  owner: 'vscode',
  defaultBaseUrl: '',
  defaultModels: () => undefined,
  wire: () => undefined,
  // Not used: the dispatcher serves these accounts before addressing anything.
  target: (i) => WIRE_TARGET[i.wire](i),
  cooldownHint: (headers, _body, now) => parseRetryAfterHeader(headers, now),
  isContextLengthError: () => false,
  modelsProbe: () => undefined,
};
