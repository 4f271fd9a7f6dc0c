import { DEFAULT_BASE_URLS } from '../../core/config';
import { parseGeminiRetry, parseRetryAfterHeader } from '../cooldown-hints';
import type { Provider } from './provider';
import { geminiTarget, trimSlash } from './wire';

/** Google AI Studio (Gemini API): `x-goog-api-key`, `/v1beta/models/<m>:generateContent`. */
export const gemini: Provider = {
  kind: 'gemini',
  owner: 'google',
  defaultBaseUrl: DEFAULT_BASE_URLS.gemini,
  nativeFamily: 'gemini',
  defaultModels: () => ({ opus: 'gemini-2.5-pro', sonnet: 'gemini-2.5-pro', haiku: 'gemini-2.5-flash' }),
  wire: () => 'gemini',
  target: geminiTarget,
  cooldownHint: (headers, body, now) => parseRetryAfterHeader(headers, now) ?? parseGeminiRetry(body, now),
  // "The input token count (N) exceeds the maximum number of tokens allowed (M)."
  isContextLengthError: (m) => /exceeds the maximum number of tokens|context.length|too many tokens/i.test(m),
  modelsProbe: (baseUrl, apiKey) => ({ url: `${trimSlash(baseUrl)}/v1beta/models?pageSize=1000`, headers: { 'x-goog-api-key': apiKey } }),
};
