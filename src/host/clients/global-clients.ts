/**
 * The clients configured through files in the home directory (issue 21): which files, and how
 * each file's new text is built from what the proxy offers. Pure (paths and merges only).
 */
import { join } from 'node:path';
import { baseUrls } from '../../shared/snippets';
import { CODEX_KEY_VARIABLE } from '../terminal/terminal-env';
import { codexState, mergeCodexConfig } from './codex-merge';
import { geminiState, mergeGeminiEnv, mergeGeminiSettings } from './gemini-merge';
import { mergeOpencodeConfig, opencodeState, type ServedModel } from './opencode-merge';
import type { TextMerge } from './text-merge';

export type GlobalClientId = 'codex' | 'opencode' | 'kilo' | 'gemini-cli';
export type ClientState = 'configured' | 'not configured' | 'out of date';

export interface SetupInput {
  host: string;
  port: number;
  /** The proxy key, only when auth is on. */
  apiKey?: string;
  /** Served models with their limits (opencode / Kilo list them). */
  models: readonly ServedModel[];
  /** The model the user chose, if any. */
  model?: string;
}

export interface ClientFile {
  /** Absolute path. */
  path: string;
  merge(existing: string | undefined): TextMerge;
}

export interface GlobalClient {
  id: GlobalClientId;
  label: string;
  /** Where the settings go, for messages (`~/.codex/config.toml`). */
  where: string;
  files(home: string, input: SetupInput): ClientFile[];
  /** `texts` in the order of `files`. */
  state(texts: Array<string | undefined>, input: SetupInput): ClientState;
}

const OPENCODE_SCHEMA = 'https://opencode.ai/config.json';
const KILO_SCHEMA = 'https://kilo.ai/config.json';

function opencodeLike(id: 'opencode' | 'kilo', label: string, dir: string, file: string, schema: string): GlobalClient {
  return {
    id, label, where: `~/.config/${dir}/${file}`,
    files: (home, input) => [{
      path: join(home, '.config', dir, file),
      merge: (existing) => mergeOpencodeConfig(existing, {
        baseUrl: baseUrls(input.host, input.port).openai, models: input.models, schema,
        ...(input.apiKey ? { apiKey: input.apiKey } : {}), ...(input.model ? { model: input.model } : {}),
      }),
    }],
    state: ([text], input) => opencodeState(text, { baseUrl: baseUrls(input.host, input.port).openai, ...(input.apiKey ? { apiKey: input.apiKey } : {}) }),
  };
}

export const GLOBAL_CLIENTS: readonly GlobalClient[] = [
  {
    id: 'codex', label: 'Codex', where: '~/.codex/config.toml',
    files: (home, input) => [{
      path: join(home, '.codex', 'config.toml'),
      merge: (existing) => mergeCodexConfig(existing, {
        baseUrl: baseUrls(input.host, input.port).openai,
        ...(input.apiKey ? { envKey: CODEX_KEY_VARIABLE } : {}), ...(input.model ? { model: input.model } : {}),
      }),
    }],
    state: ([text], input) => codexState(text, { baseUrl: baseUrls(input.host, input.port).openai, ...(input.apiKey ? { envKey: CODEX_KEY_VARIABLE } : {}) }),
  },
  opencodeLike('opencode', 'opencode', 'opencode', 'opencode.json', OPENCODE_SCHEMA),
  // Kilo Code's CLI and the extension built on it read ~/.config/kilo/{config.json,kilo.json,kilo.jsonc,opencode.json(c)}.
  opencodeLike('kilo', 'Kilo Code', 'kilo', 'kilo.json', KILO_SCHEMA),
  {
    id: 'gemini-cli', label: 'Gemini CLI', where: '~/.gemini/settings.json, ~/.gemini/.env',
    files: (home, input) => {
      const g = { baseUrl: baseUrls(input.host, input.port).gemini, ...(input.apiKey ? { apiKey: input.apiKey } : {}), ...(input.model ? { model: input.model } : {}) };
      return [
        { path: join(home, '.gemini', 'settings.json'), merge: (existing) => mergeGeminiSettings(existing, g) },
        { path: join(home, '.gemini', '.env'), merge: (existing) => mergeGeminiEnv(existing, g) },
      ];
    },
    state: ([settings, env], input) => geminiState(settings, env, { baseUrl: baseUrls(input.host, input.port).gemini, ...(input.apiKey ? { apiKey: input.apiKey } : {}) }),
  },
];

export function globalClient(id: GlobalClientId): GlobalClient {
  return GLOBAL_CLIENTS.find((c) => c.id === id)!;
}
