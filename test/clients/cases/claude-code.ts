import { CLIENT_MODELS, type ClientDef } from '../matrix';
import { cliScenarios, runClientCli } from './cli-common';

/** Claude Code `claude -p`, base URL without /v1, key as ANTHROPIC_API_KEY (x-api-key). */
export const claudeCode: ClientDef = {
  name: 'claude',
  aliases: ['claude-code', 'cli'],
  dialect: 'anthropic',
  pin: 'claude-code',
  scenarios: cliScenarios(
    'anthropic',
    (ctx, prompt, scenario) =>
      runClientCli(ctx, 'claude-code', ['-p', prompt, '--model', CLIENT_MODELS.anthropic, ...(scenario === 'tool' ? ['--allowedTools', 'Read'] : [])], {
        ANTHROPIC_BASE_URL: ctx.proxyUrl,
        ANTHROPIC_API_KEY: ctx.proxyKey,
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_TELEMETRY: '1',
        DISABLE_AUTOUPDATER: '1',
        DISABLE_ERROR_REPORTING: '1',
      }),
    { timeoutMs: 90_000 },
  ),
};
