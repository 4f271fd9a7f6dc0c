import type { AccountConfig } from '../../core/config';
import { DEFAULT_BASE_URLS } from '../../core/config';
import { parseOpenAiReset, parseRetryAfterHeader } from '../cooldown-hints';
import type { Provider } from './provider';
import { openAiTarget, trimSlash } from './wire';

/**
 * Most OpenAI-compatible servers (DeepSeek, Ollama, vLLM, …) only have /chat/completions, so
 * Responses clients are translated to chat unless the account says it speaks Responses
 * (`responsesApi: true`) or is OpenAI itself.
 */
function speaksResponses(account?: Pick<AccountConfig, 'baseUrl' | 'responsesApi'>): boolean {
  if (account?.responsesApi !== undefined) return account.responsesApi;
  return !account?.baseUrl || /^https:\/\/api\.openai\.com(\/|$)/.test(account.baseUrl);
}

/** OpenAI and OpenAI-compatible servers: `Authorization: Bearer`, `/chat/completions` or `/responses`. */
export const openai: Provider = {
  kind: 'openai',
  owner: 'openai',
  defaultBaseUrl: DEFAULT_BASE_URLS.openai,
  nativeFamily: 'openai',
  defaultModels: () => ({ opus: 'gpt-4o', sonnet: 'gpt-4o', haiku: 'gpt-4o-mini' }),
  wire: (client, account) => (client === 'openai-responses' && speaksResponses(account) ? 'openai-responses' : 'openai-chat'),
  target: openAiTarget,
  cooldownHint: (headers, _body, now) => parseRetryAfterHeader(headers, now) ?? parseOpenAiReset(headers),
  // "This model's maximum context length is 128000 tokens" / code `context_length_exceeded`.
  isContextLengthError: (m) => /context.length|maximum context|too many tokens/i.test(m),
  modelsProbe: (baseUrl, apiKey) => ({ url: `${trimSlash(baseUrl)}/models`, headers: apiKey ? { authorization: `Bearer ${apiKey}` } : ({} as Record<string, string>) }),
};
