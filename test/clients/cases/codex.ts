import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseFailure } from '../checks';
import { CLIENT_MODELS, type CaseCtx, type ClientDef, type ScenarioDef } from '../matrix';
import { pong } from '../scripts';
import { cliScenarios, runClientCli } from './cli-common';

/**
 * Codex's config for the proxy. `compact`: the provider is named "OpenAI" — Codex then compacts
 * remotely (`POST /v1/responses/compact`), which the proxy answers for every upstream kind — and
 * the auto-compaction limit is tiny, so the second turn of a session compacts first.
 */
function writeConfig(ctx: CaseCtx, compact = false): string {
  const codexHome = join(ctx.home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(
    join(codexHome, 'config.toml'),
    `check_for_update_on_startup = false
model = "${CLIENT_MODELS.codex}"
model_provider = "antigravity"
${compact ? 'model_auto_compact_token_limit = 10\n' : ''}
[model_providers.antigravity]
name = "${compact ? 'OpenAI' : 'Antigravity Proxy'}"
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
  return codexHome;
}

function codexRun(ctx: CaseCtx, codexHome: string, args: string[]): Promise<void> {
  return runClientCli(ctx, 'codex', ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', ...args], {
    CODEX_HOME: codexHome,
    ANTIGRAVITY_API_KEY: ctx.proxyKey,
  });
}

/** The proxy's own compaction prompt (src/proxy/responses/compaction.ts): only /v1/responses/compact sends it. */
const COMPACT_PROMPT_START = 'Compact the conversation above into a handoff summary';
const summaryOf = (marker: string) => `SUMMARY-${marker}`;
const afterCompaction = (marker: string) => `AFTER-COMPACTION-${marker}`;

/**
 * Issue 18: a multi-turn Codex session (`exec`, then `exec resume --last`) whose second turn
 * compacts remotely first; the summary the upstream wrote must come back in the next turn's
 * history, on every upstream kind.
 */
const compactScenario: ScenarioDef = {
  name: 'compact',
  translationFree: true,
  timeoutMs: 150_000,
  script: (c) => (v) => {
    if (v.jsonSchema !== undefined) return { text: '{}' };
    if (v.allText.includes(COMPACT_PROMPT_START)) return { text: summaryOf(c.marker) };
    if (v.allText.includes(summaryOf(c.marker))) return { text: afterCompaction(c.marker) };
    return { text: pong(c.marker) };
  },
  run: async (c) => {
    const home = writeConfig(c, true);
    await codexRun(c, home, ['Reply with the single word pong.']);
    if (!c.out.stdout.includes(pong(c.marker))) throw new CaseFailure(`turn 1: codex did not print ${pong(c.marker)}.\nstdout: ${c.out.stdout.slice(-1500)}`);
    await codexRun(c, home, ['resume', '--last', 'Now say what you remember.']);
    if (!c.out.stdout.includes(afterCompaction(c.marker))) {
      throw new CaseFailure(`turn 2: codex did not print ${afterCompaction(c.marker)} (the compacted summary did not reach the upstream).\nstdout: ${c.out.stdout.slice(-1500)}\nstderr: ${c.out.stderr.slice(-1500)}`);
    }
  },
  checkUpstream: (c) => {
    const compacts = c.vendor.requests.filter((r) => r.view?.allText.includes(COMPACT_PROMPT_START));
    if (compacts.length !== 1) throw new CaseFailure(`expected exactly one compaction call through /v1/responses/compact, the vendor saw ${compacts.length}.`);
  },
};

/** Codex `codex exec` with a custom provider speaking Responses at <proxy>/v1. */
export const codex: ClientDef = {
  name: 'codex',
  aliases: ['cli'],
  dialect: 'openai-responses',
  pin: 'codex',
  scenarios: [
    ...cliScenarios('openai-responses', (ctx, prompt) => codexRun(ctx, writeConfig(ctx), [prompt]), { timeoutMs: 90_000 }),
    compactScenario,
  ],
};
