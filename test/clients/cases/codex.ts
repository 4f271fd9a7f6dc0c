import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_MODELS, type ClientDef } from '../matrix';
import { cliScenarios, runClientCli } from './cli-common';

/** Codex `codex exec` with a custom provider speaking Responses at <proxy>/v1. */
export const codex: ClientDef = {
  name: 'codex',
  aliases: ['cli'],
  dialect: 'openai-responses',
  pin: 'codex',
  scenarios: cliScenarios(
    'openai-responses',
    (ctx, prompt) => {
      const codexHome = join(ctx.home, '.codex');
      mkdirSync(codexHome, { recursive: true });
      writeFileSync(
        join(codexHome, 'config.toml'),
        `check_for_update_on_startup = false
model = "${CLIENT_MODELS.codex}"
model_provider = "antigravity"

[model_providers.antigravity]
name = "Antigravity Proxy"
base_url = "${ctx.proxyUrl}/v1"
env_key = "ANTIGRAVITY_API_KEY"
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 0

[analytics]
enabled = false

[feedback]
enabled = false

[features]
plugins = false
`,
      );
      return runClientCli(ctx, 'codex', ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', prompt], {
        CODEX_HOME: codexHome,
        ANTIGRAVITY_API_KEY: ctx.proxyKey,
      });
    },
    { timeoutMs: 90_000 },
  ),
};
