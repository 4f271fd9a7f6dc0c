import type { AccountKind } from '../../core/config';
import { parseRetryAfterHeader } from '../cooldown-hints';
import type { Provider } from './provider';
import { WIRE_TARGET } from './wire';

/**
 * The registry entry of a kind served in process by a LocalProvider (IR in, IR events out),
 * never over HTTP: no wire dialect, no base URL, no default models, no probe.
 */
export function inProcessProvider(kind: AccountKind, owner: string): Provider {
  return {
    kind,
    owner,
    defaultBaseUrl: '',
    defaultModels: () => undefined,
    wire: () => undefined,
    // Not used: the dispatcher serves in-process accounts before addressing anything.
    target: (i) => WIRE_TARGET[i.wire](i),
    cooldownHint: (headers, _body, now) => parseRetryAfterHeader(headers, now),
    isContextLengthError: () => false,
    modelsProbe: () => undefined,
  };
}
