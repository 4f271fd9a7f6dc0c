import { DEFAULT_BASE_URLS } from '../../core/config';
import { parseAnthropicReset, parseRetryAfterHeader } from '../cooldown-hints';
import { anthropicContextLengthError, anthropicModelsProbe } from './anthropic-models';
import type { Provider } from './provider';
import { anthropicTarget } from './wire';

/** z.ai (GLM) through its Anthropic-compatible endpoint; stand-in models come from `zai.models`. */
export const zai: Provider = {
  kind: 'zai',
  owner: 'z.ai',
  defaultBaseUrl: DEFAULT_BASE_URLS.zai,
  nativeFamily: 'glm',
  defaultModels: (zaiModels) => zaiModels,
  wire: () => 'anthropic',
  target: anthropicTarget,
  cooldownHint: (headers, _body, now) => parseRetryAfterHeader(headers, now) ?? parseAnthropicReset(headers, now),
  isContextLengthError: anthropicContextLengthError,
  modelsProbe: anthropicModelsProbe,
};
