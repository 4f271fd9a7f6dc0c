/**
 * Entry of `dist/tokenizer.js` (esbuild.mjs): the BPE encodings bundled on their own, beside
 * core.js and cli.js, so neither grows by megabytes nor parses them before a count needs them.
 * Each encoding is evaluated on its first request only.
 */
import type { BpeEncoding } from './count-tokens-bpe';

export function encoding(name: BpeEncoding): { countTokens(text: string): number } {
  return name === 'o200k_base' ? require('gpt-tokenizer/encoding/o200k_base') : require('gpt-tokenizer/encoding/cl100k_base');
}
