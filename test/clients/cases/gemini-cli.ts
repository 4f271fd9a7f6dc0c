import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_MODELS, type ClientDef } from '../matrix';
import { cliScenarios, runClientCli } from './cli-common';

/** Gemini CLI `gemini -p` with GOOGLE_GEMINI_BASE_URL (no /v1beta), key as GEMINI_API_KEY (x-goog-api-key). */
export const geminiCli: ClientDef = {
  name: 'gemini-cli',
  aliases: ['gemini', 'cli'],
  dialect: 'gemini',
  pin: 'gemini-cli',
  scenarios: cliScenarios(
    'gemini',
    (ctx, prompt) => {
      mkdirSync(join(ctx.home, '.gemini'), { recursive: true });
      writeFileSync(
        join(ctx.home, '.gemini', 'settings.json'),
        JSON.stringify({
          privacy: { usageStatisticsEnabled: false },
          general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
          telemetry: { enabled: false },
          security: { auth: { selectedType: 'gemini-api-key' } },
        }),
      );
      return runClientCli(ctx, 'gemini-cli', ['-p', prompt, '-m', CLIENT_MODELS.gemini], {
        GOOGLE_GEMINI_BASE_URL: ctx.proxyUrl,
        GEMINI_API_KEY: ctx.proxyKey,
        GEMINI_CLI_TRUST_WORKSPACE: 'true',
      });
    },
    { timeoutMs: 90_000 },
  ),
};
