import { binPath } from '../install';
import { runCli } from '../harness/run-cli';
import { checkNoOutsideHosts, checkPrinted, checkSignatureBack, checkToolResultsArrived, CaseFailure } from '../checks';
import type { CaseCtx, ClientDialect, ScenarioDef } from '../matrix';
import { cliText, cliTool, finalText, pong } from '../scripts';
import type { PinName } from '../versions';

/**
 * Whether a reasoning signature can make the round trip client → upstream → client → upstream:
 * both ends need a carrier. OpenAI chat completions has none, so an OpenAI account carries one only
 * when the proxy passed a Responses call through to /v1/responses (encrypted_content).
 */
export function signatureTravels(client: ClientDialect, ctx: CaseCtx): boolean {
  if (client === 'openai-chat') return false;
  if (ctx.upstream !== 'openai') return true;
  return client === 'openai-responses' && ctx.vendor.requests.some((r) => r.path === '/v1/responses');
}

/** Runs a CLI with a temp HOME, stdin closed, the net trap as its proxy, and a hard time limit. */
export async function runClientCli(ctx: CaseCtx, pin: PinName, args: string[], env: Record<string, string>): Promise<void> {
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: ctx.home,
    USER: process.env.USER ?? 'ci',
    TMPDIR: ctx.home,
    XDG_CONFIG_HOME: `${ctx.home}/.config`,
    XDG_DATA_HOME: `${ctx.home}/.local/share`,
    XDG_CACHE_HOME: `${ctx.home}/.cache`,
    XDG_STATE_HOME: `${ctx.home}/.local/state`,
    TERM: 'dumb',
    NO_COLOR: '1',
    CI: 'true',
    LANG: 'C.UTF-8',
    ...ctx.trap.env(),
  };
  const r = await runCli(binPath(pin), args, { env: { ...base, ...env }, cwd: ctx.work, timeoutMs: ctx.timeoutMs });
  ctx.out = { command: r.command, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, ms: r.ms };
  for (const h of ctx.trap.take()) {
    const ok = ctx.client.tolerateHosts?.find((t) => t.host.test(h));
    if (ok) ctx.notes.push(`tried ${h} (refused by the net trap; tolerated: ${ok.why})`);
    else ctx.outsideHosts.push(h);
  }
  if (r.timedOut) {
    const last = ctx.vendor.requests.at(-1);
    throw new CaseFailure(
      `${pin} did not finish within ${ctx.timeoutMs / 1000} s and was killed. ` +
        `Upstream saw ${ctx.vendor.requests.length} request(s)${last ? `, the last ${last.method} ${last.url} → ${last.status}` : ''}; ` +
        `outside hosts tried: ${ctx.outsideHosts.join(', ') || 'none'}.\nstdout tail: ${r.stdout.slice(-800)}\nstderr tail: ${r.stderr.slice(-800)}`,
    );
  }
  checkNoOutsideHosts(ctx);
  if (r.exitCode !== 0) throw new CaseFailure(`${pin} exited with ${r.exitCode ?? r.signal}.\nstdout: ${r.stdout.slice(-1500)}\nstderr: ${r.stderr.slice(-1500)}`);
}

/** The two CLI scenarios: a plain prompt, and a tool turn reading a file through the agent's own tool. */
export function cliScenarios(
  dialect: ClientDialect,
  run: (ctx: CaseCtx, prompt: string, scenario: 'text' | 'tool') => Promise<void>,
  opts: { timeoutMs?: number } = {},
): ScenarioDef[] {
  return [
    {
      name: 'text',
      timeoutMs: opts.timeoutMs,
      script: (c) => cliText(c.marker),
      run: async (c) => {
        await run(c, 'Reply with the single word pong.', 'text');
        checkPrinted(c, pong(c.marker));
      },
    },
    {
      name: 'tool',
      timeoutMs: opts.timeoutMs && opts.timeoutMs * 1.5,
      script: (c) => cliTool(c.marker, c.secret, c.secretPath, c.signature),
      run: async (c) => {
        await run(c, 'Read the file secret.txt in the current directory with your file reading tool and tell me what it says.', 'tool');
        checkPrinted(c, finalText(c.marker, c.secret));
      },
      checkUpstream: (c) => {
        checkToolResultsArrived(c, [c.secret]);
        if (signatureTravels(dialect, c)) checkSignatureBack(c);
      },
    },
  ];
}
