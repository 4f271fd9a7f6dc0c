import type { AccountConfig } from '../../core/config';
import type { Dialect } from '../../core/dialect';
import type { Action, UpstreamTarget } from '../providers/provider';
import { providerOf } from '../providers/registry';

export type { Action, UpstreamTarget } from '../providers/provider';

function baseUrlOf(account: AccountConfig): string {
  return account.baseUrl || providerOf(account.kind).defaultBaseUrl;
}

/**
 * Where and how to call an account for one request: the account's provider addresses it.
 * The client's own credentials are never copied: only the account's key, and for Anthropic the
 * version/beta headers that shape behaviour.
 */
export function upstreamTarget(
  account: AccountConfig,
  wire: Dialect,
  action: Action,
  upstreamModel: string,
  stream: boolean,
  clientHeaders: Record<string, string | string[] | undefined>,
  passthrough: boolean,
  /** Gemini streams: `alt=sse` (false: the streamed JSON array, for a passthrough to an array client). */
  sse = true,
): UpstreamTarget {
  return providerOf(account.kind).target({
    base: baseUrlOf(account), key: account.apiKey ?? '', wire, action, upstreamModel, stream, sse, clientHeaders, passthrough,
  });
}
