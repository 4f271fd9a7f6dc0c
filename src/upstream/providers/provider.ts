import type { AccountConfig, AccountKind, ZaiSection } from '../../core/config';
import type { Dialect } from '../../core/dialect';
import type { HeadersLike } from '../cooldown-hints';
import type { ModelFamily, ModelTier } from '../model-mapping';

export type Action = 'generate' | 'count_tokens';

export interface UpstreamTarget {
  url: string;
  headers: Record<string, string>;
}

/** What a provider needs to address one upstream call. */
export interface TargetInput {
  /** The account's base URL, or the provider's default. */
  base: string;
  key: string;
  wire: Dialect;
  action: Action;
  upstreamModel: string;
  stream: boolean;
  /** Gemini streams: `alt=sse` (false: the streamed JSON array). */
  sse: boolean;
  clientHeaders: Record<string, string | string[] | undefined>;
  passthrough: boolean;
}

/**
 * Everything the proxy knows about one account kind, in one module (src/upstream/providers/
 * <kind>.ts) listed in registry.ts: adding a provider touches its file and the registry list
 * (plus the kind's name and default base URL in core/config.ts, which config files name).
 */
export interface Provider {
  readonly kind: AccountKind;
  /** `/v1/models` `owned_by` for models listed from this kind's accounts. */
  readonly owner: string;
  /** Base URL when the account names none ('' for kinds not reached over HTTP). */
  readonly defaultBaseUrl: string;
  /** The family of this kind's own models: other families' models get a default stand-in. */
  readonly nativeFamily?: ModelFamily;
  /** Stand-in models per tier for another family's model (z.ai: from the config). */
  defaultModels(zaiModels: ZaiSection['models']): Readonly<Record<ModelTier, string>> | undefined;
  /** The dialect spoken over HTTP for a client speaking `client`; undefined: not reached over HTTP. */
  wire(client: Dialect, account?: Pick<AccountConfig, 'baseUrl' | 'responsesApi'>): Dialect | undefined;
  /** URL and auth headers of one call. The client's own credentials are never copied. */
  target(input: TargetInput): UpstreamTarget;
  /** The cooldown (ms from `now`) a failed answer asks for; undefined when it gives no hint. */
  cooldownHint(headers: HeadersLike | undefined, body: string | undefined, now: number): number | undefined;
  /** Whether an error message says the prompt exceeds the model's context (no other account helps). */
  isContextLengthError(message: string): boolean;
  /** The request that lists an account's models (add-account, health), or undefined. */
  modelsProbe(baseUrl: string, apiKey: string): UpstreamTarget | undefined;
}
