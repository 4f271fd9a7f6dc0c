import { DEFAULT_BASE_URLS } from '../../core/config';
import { parseAnthropicReset, parseRetryAfterHeader } from '../cooldown-hints';
import { anthropicContextLengthError, anthropicModelsProbe } from './anthropic-models';
import type { Provider } from './provider';
import { anthropicTarget } from './wire';

/** Anthropic and Anthropic-compatible servers: `x-api-key`, `/v1/messages`. */
export const anthropic: Provider = {
  kind: 'anthropic',
  owner: 'anthropic',
  defaultBaseUrl: DEFAULT_BASE_URLS.anthropic,
  nativeFamily: 'claude',
  defaultModels: () => ({ opus: 'claude-opus-4-1', sonnet: 'claude-sonnet-4-5', haiku: 'claude-haiku-4-5' }),
  wire: () => 'anthropic',
  target: anthropicTarget,
  cooldownHint: (headers, _body, now) => parseRetryAfterHeader(headers, now) ?? parseAnthropicReset(headers, now),
  isContextLengthError: anthropicContextLengthError,
  modelsProbe: anthropicModelsProbe,
};
