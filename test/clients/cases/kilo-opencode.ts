import { CLIENT_MODELS, type CaseCtx, type ClientDef } from '../matrix';
import { cliScenarios, runClientCli } from './cli-common';

/** Kilo Code CLI and opencode share a config shape: an @ai-sdk/openai-compatible provider at <proxy>/v1. */
function providerConfig(ctx: CaseCtx): string {
  const m = CLIENT_MODELS.openai;
  return JSON.stringify({
    $schema: 'https://opencode.ai/config.json',
    model: `antigravity/${m}`,
    small_model: `antigravity/${m}`,
    enabled_providers: ['antigravity'],
    autoupdate: false,
    share: 'disabled',
    provider: {
      antigravity: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Antigravity Proxy',
        options: { baseURL: `${ctx.proxyUrl}/v1`, apiKey: ctx.proxyKey },
        models: { [m]: { name: m, tool_call: true } },
      },
    },
  });
}

export const kilo: ClientDef = {
  name: 'kilo',
  aliases: ['kilocode', 'cli'],
  dialect: 'openai-chat',
  pin: 'kilo',
  scenarios: cliScenarios(
    'openai-chat',
    (ctx, prompt) =>
      runClientCli(ctx, 'kilo', ['run', prompt], {
        KILO_CONFIG_CONTENT: providerConfig(ctx),
        KILO_DISABLE_MODELS_FETCH: '1',
        KILO_DISABLE_AUTOUPDATE: '1',
        KILO_TELEMETRY_LEVEL: 'off',
        KILO_DISABLE_SHARE: '1',
        KILO_DISABLE_SESSION_INGEST: '1',
        KILO_DISABLE_PRESENCE: '1',
        KILO_DISABLE_LSP_DOWNLOAD: '1',
        KILO_DISABLE_CODEBASE_INDEXING: '1',
        KILO_DISABLE_DEFAULT_PLUGINS: '1',
      }),
    { timeoutMs: 120_000 },
  ),
};

export const opencode: ClientDef = {
  name: 'opencode',
  aliases: ['cli'],
  dialect: 'openai-chat',
  pin: 'opencode',
  tolerateHosts: [{ host: /^registry\.npmjs\.org(:443)?$/, why: 'opencode 1.18.33 always tries a background install of @opencode-ai/plugin into ~/.config/opencode; no switch turns it off, and it answers fine without it' }],
  scenarios: cliScenarios(
    'openai-chat',
    (ctx, prompt) =>
      runClientCli(ctx, 'opencode', ['run', prompt], {
        OPENCODE_CONFIG_CONTENT: providerConfig(ctx),
        OPENCODE_DISABLE_MODELS_FETCH: '1',
        OPENCODE_DISABLE_AUTOUPDATE: '1',
        OPENCODE_DISABLE_SHARE: '1',
        OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
        OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
      }),
    { timeoutMs: 90_000 },
  ),
};
