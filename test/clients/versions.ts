/**
 * Pinned client versions (the ones CLIENTS.md was observed with). Bumping one is a deliberate
 * change: the cache folder is keyed by name@version, so a bump installs fresh.
 */
export interface PinnedPackage {
  /** npm package name */
  pkg: string;
  version: string;
  /** executable name under node_modules/.bin (CLIs only) */
  bin?: string;
}

export const PINS = {
  'claude-code': { pkg: '@anthropic-ai/claude-code', version: '2.1.197', bin: 'claude' },
  codex: { pkg: '@openai/codex', version: '0.169.0', bin: 'codex' },
  'gemini-cli': { pkg: '@google/gemini-cli', version: '0.61.0', bin: 'gemini' },
  // 7.8.1 lacks its Linux platform packages in the registry: pin 7.7.7.
  kilo: { pkg: '@kilocode/cli', version: '7.7.7', bin: 'kilo' },
  opencode: { pkg: 'opencode-ai', version: '1.18.33', bin: 'opencode' },
  openai: { pkg: 'openai', version: '6.49.0' },
  'anthropic-sdk': { pkg: '@anthropic-ai/sdk', version: '1.14.0' },
  genai: { pkg: '@google/genai', version: '2.32.0' },
  'generative-ai': { pkg: '@google/generative-ai', version: '0.24.1' },
} as const satisfies Record<string, PinnedPackage>;

export type PinName = keyof typeof PINS;
