import type { UpstreamTarget } from './provider';
import { ANTHROPIC_VERSION, trimSlash } from './wire';

/** Anthropic's models list (also z.ai's Anthropic-compatible endpoint). */
export function anthropicModelsProbe(baseUrl: string, apiKey: string): UpstreamTarget {
  return { url: `${trimSlash(baseUrl)}/v1/models?limit=1000`, headers: { 'x-api-key': apiKey, 'anthropic-version': ANTHROPIC_VERSION } };
}

/** "prompt is too long: 250000 tokens > 200000 maximum" (Anthropic and compatible servers). */
export function anthropicContextLengthError(message: string): boolean {
  return /prompt is too long|context.length|too many tokens|maximum context/i.test(message);
}
