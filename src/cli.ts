import { parseArgs } from './headless/args';
import { resolve } from 'node:path';
import { serve, EXIT_CONFIG, defaultDataDir } from './headless/serve';
import { runMonitorCommand, runUsageCommand } from './headless/monitor-commands';
import { runStatusline } from './headless/statusline';

import { VERSION } from './core/version';

const USAGE = `Antigravity Proxy ${VERSION} (headless)

Usage:
  antigravity-proxy serve [--config <file>] [--data-dir <dir>] [--demo]
  antigravity-proxy monitor [--data-dir <dir>] [--json] [--limit N] [--errors] [--bodies]
  antigravity-proxy usage [--data-dir <dir>] [--json] [--days N] [--by day|account|model]
  antigravity-proxy statusline   (Claude Code's status line: session JSON on stdin, one line out)
  antigravity-proxy --version

Environment: ANTIGRAVITY_PORT, ANTIGRAVITY_API_KEY, ANTIGRAVITY_AUTH_MODE, ANTIGRAVITY_ALLOW_LAN;
accounts from GEMINI_API_KEY, ANTHROPIC_API_KEY (+ANTHROPIC_BASE_URL), OPENAI_API_KEY
(+OPENAI_BASE_URL), ZAI_API_KEY. With no --config and no such variable, serve starts in demo mode
(a built-in demo upstream, no vendor called); --demo forces it and sets configured accounts aside.`;

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['json', 'help', 'version', 'errors', 'demo']);
  if (args.flags.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const io = {
    env: process.env,
    stdout: (l: string) => process.stdout.write(`${l}\n`),
    stderr: (l: string) => process.stderr.write(`${l}\n`),
    version: VERSION,
  };
  switch (args.command) {
    case 'serve':
      return serve(args.flags, io);
    case 'statusline': {
      const code = await runStatusline({ stdin: process.stdin, stdout: io.stdout, env: process.env });
      process.stdin.destroy(); // a stdin left open by the caller must not keep the process alive
      return code;
    }
    case 'monitor':
    case 'usage': {
      const dataDir = typeof args.flags['data-dir'] === 'string' ? resolve(args.flags['data-dir']) : defaultDataDir(process.env);
      const rest = argv.slice(argv.indexOf(args.command) + 1);
      const cio = { stdout: process.stdout, stderr: process.stderr, dataDir };
      return args.command === 'monitor' ? runMonitorCommand(rest, cio) : runUsageCommand(rest, cio);
    }
    case undefined:
    case 'help':
      io.stdout(USAGE);
      return args.command === undefined && !args.flags.help ? EXIT_CONFIG : 0;
    default:
      io.stderr(`Unknown command "${args.command}".\n\n${USAGE}`);
      return EXIT_CONFIG;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`Fatal: ${(err as Error)?.message ?? err}\n`);
    process.exitCode = 1;
  },
);
