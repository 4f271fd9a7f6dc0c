/**
 * Zero-config terminals (issue 21): which variables new integrated terminals get while the proxy
 * serves. Pure, so the rules are unit-tested without VS Code.
 *
 * Contract: base URLs always; the proxy key only when auth is on, and never under a `*_API_KEY`
 * name — headless `serve` reads GEMINI_/ANTHROPIC_/OPENAI_/ZAI_API_KEY as upstream accounts, so a
 * proxy started from such a terminal would route through itself. ANTIGRAVITY_PROXY_TOKEN is the
 * name Configure Codex writes as `env_key`; headless reads nothing by that name.
 */
import { baseUrls } from '../../shared/snippets';

export const TERMINAL_VARIABLES = [
  'ANTHROPIC_BASE_URL',
  'ANTHROPIC_AUTH_TOKEN',
  'OPENAI_BASE_URL',
  'GOOGLE_GEMINI_BASE_URL',
  'ANTIGRAVITY_PROXY_TOKEN',
] as const;
export type TerminalVariable = (typeof TERMINAL_VARIABLES)[number];

/** The variable Configure Codex names as `env_key` (the proxy key, when auth is on). */
export const CODEX_KEY_VARIABLE: TerminalVariable = 'ANTIGRAVITY_PROXY_TOKEN';

/** Variables that carry the proxy key: set only when auth is on. */
const SECRET_VARIABLES: ReadonlySet<TerminalVariable> = new Set(['ANTHROPIC_AUTH_TOKEN', 'ANTIGRAVITY_PROXY_TOKEN']);

export interface TerminalEnvInput {
  /** Where local clients reach the serving proxy; undefined when nothing serves. */
  endpoint: { host: string; port: number } | undefined;
  /** `antigravity.terminal.injectEnvironment`. */
  enabled: boolean;
  /** `antigravity.terminal.variables`; undefined or empty = all. Unknown names are ignored. */
  variables?: readonly string[];
  /** Effective auth mode is not `off`. */
  authOn: boolean;
  /** The proxy key (only read when auth is on). */
  apiKey?: string;
}

/** The variables to put into new terminals; empty when nothing should be injected. */
export function terminalEnv(input: TerminalEnvInput): Partial<Record<TerminalVariable, string>> {
  if (!input.enabled || !input.endpoint) return {};
  const urls = baseUrls(input.endpoint.host, input.endpoint.port);
  const all: Record<TerminalVariable, string | undefined> = {
    ANTHROPIC_BASE_URL: urls.anthropic,
    ANTHROPIC_AUTH_TOKEN: input.apiKey,
    OPENAI_BASE_URL: urls.openai,
    GOOGLE_GEMINI_BASE_URL: urls.gemini,
    ANTIGRAVITY_PROXY_TOKEN: input.apiKey,
  };
  const chosen = input.variables && input.variables.length > 0 ? new Set(input.variables) : undefined;
  const out: Partial<Record<TerminalVariable, string>> = {};
  for (const name of TERMINAL_VARIABLES) {
    if (chosen && !chosen.has(name)) continue;
    if (SECRET_VARIABLES.has(name) && !input.authOn) continue;
    const value = all[name];
    if (value) out[name] = value;
  }
  return out;
}
