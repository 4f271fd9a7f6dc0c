import { existsSync, readFileSync } from 'node:fs';
import { homedir, networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { configSecrets, effectiveAuthMode, type ProxyConfig } from '../core/config';
import { createProxyServer } from '../proxy/server';
import { redactingLogger, type Logger } from '../core/logger';
import { createRedactor, type Redactor } from '../core/redactor';
import { StartError } from '../core/start-error';
import { ConfigError, parseConfig } from '../core/validate-config';
import { loadOrCreateKey, maskKey } from './api-key-file';
import { applyEnvOverrides } from './env-overrides';
import { terminalSafe } from '../core/terminal-safe';
import { applyDemoMode, dropSelfLoops } from './demo-mode';

export interface ServeIo {
  env: Record<string, string | undefined>;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  version: string;
}

/** Exit codes of the fixed headless contract: 2 invalid config, 1 start failure. */
export const EXIT_CONFIG = 2;
export const EXIT_START = 1;

export function defaultDataDir(env: Record<string, string | undefined>): string {
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'antigravity-proxy');
}

/** This machine's interface addresses: with LAN access on, a base URL naming one of them on our port is the proxy itself. */
function localAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
}

/** Reads, overrides and validates the config; returns an exit code instead of throwing. */
export function loadConfig(configPath: string | undefined, io: ServeIo): ProxyConfig | number {
  let raw: Record<string, unknown> = {};
  if (configPath) {
    const path = resolve(configPath);
    if (!existsSync(path)) {
      io.stderr(`Invalid config: file ${path} does not exist`);
      return EXIT_CONFIG;
    }
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      // Node's message quotes an excerpt of the file, which may be part of a key: drop the excerpt.
      const why = (err as Error).message.replace(/,? ?(?:\.\.\.)?"[^]*"(?:\.\.\.)?/, '');
      io.stderr(`Invalid config: ${path} is not valid JSON (${why})`);
      return EXIT_CONFIG;
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      io.stderr('Invalid config:');
      io.stderr('  (root): must be a JSON object');
      return EXIT_CONFIG;
    }
  }
  try {
    return parseConfig(applyEnvOverrides(raw, io.env));
  } catch (err) {
    if (!ConfigError.isInstance(err)) throw err;
    io.stderr('Invalid config:');
    for (const p of err.problems) io.stderr(`  ${p.field}: ${p.rule}`);
    return EXIT_CONFIG;
  }
}

/** The headless log on stderr; every line passes the Redactor (configured keys and credential shapes) and is made terminal-safe. */
export function stderrLogger(io: Pick<ServeIo, 'stderr'>, debug: boolean, redactor: Redactor): Logger {
  const at = () => new Date().toISOString();
  // Messages quote client-chosen text (model names, paths): one line each, no escape sequences.
  return redactingLogger({
    debug: (m) => debug && io.stderr(`${at()} debug ${terminalSafe(m)}`),
    info: (m) => io.stderr(`${at()} info  ${terminalSafe(m)}`),
    warn: (m) => io.stderr(`${at()} warn  ${terminalSafe(m)}`),
    error: (m) => io.stderr(`${at()} error ${terminalSafe(m)}`),
  }, redactor.text);
}

/** `serve`: runs until SIGINT/SIGTERM; resolves with the process exit code. */
export async function serve(flags: Record<string, string | true>, rawIo: ServeIo): Promise<number> {
  // Everything written to stderr passes the Redactor; the config's keys join it once loaded
  // (before that, only credential shapes are caught, e.g. in a JSON parse error's excerpt).
  let secrets: readonly string[] = [];
  const redactor = createRedactor(() => secrets);
  const io: ServeIo = { ...rawIo, stderr: (line) => rawIo.stderr(redactor.text(line)) };
  const configPath = typeof flags.config === 'string' ? flags.config : undefined;
  if (flags.config === true) {
    io.stderr('Invalid arguments: --config needs a file path');
    return EXIT_CONFIG;
  }
  const dataDir = typeof flags['data-dir'] === 'string' ? resolve(flags['data-dir']) : defaultDataDir(io.env);
  const loaded = loadConfig(configPath, io);
  if (typeof loaded === 'number') return loaded;
  const config = loaded;
  // issue 16: no self-loops through env accounts; demo mode (--demo, or nothing configured at all).
  dropSelfLoops(config, io.stderr, localAddresses());
  const demoNote = applyDemoMode(config, { flag: flags.demo === true, configPath });
  if (demoNote) io.stderr(demoNote);
  secrets = configSecrets(config);
  if (effectiveAuthMode(config.proxy) !== 'off' && !config.proxy.apiKey) {
    const k = loadOrCreateKey(dataDir);
    config.proxy.apiKey = k.key;
    secrets = configSecrets(config);
    if (k.created) io.stderr(`Generated a proxy API key ${maskKey(k.key)}; it is stored in ${k.path} (mode 0600).`);
  }
  const logger = stderrLogger(rawIo, Boolean(io.env.ANTIGRAVITY_DEBUG), redactor);
  if (config.proxy.allowLanAccess && effectiveAuthMode(config.proxy) === 'off') {
    logger.warn('LAN access is on and authentication is off: anyone on your network can use your accounts.');
  }
  const server = createProxyServer(config, { logger, version: io.version, dataDir });
  try {
    await server.start();
  } catch (err) {
    if (StartError.isInstance(err)) {
      io.stderr(err.message);
      if (err.code === 'NO_ACCOUNT') io.stderr('Hint: add an account to the config file or set GEMINI_API_KEY, ANTHROPIC_API_KEY, OPENAI_API_KEY or ZAI_API_KEY.');
      await server.dispose();
      return EXIT_START;
    }
    throw err;
  }
  const { host, port } = server.status();
  io.stdout(`listening on http://${host}:${port}`);
  return new Promise<number>((resolveExit) => {
    // Ctrl-C under `npm start` arrives twice (from the terminal and forwarded by scripts/start.mjs):
    // later signals are ignored while stopping, instead of killing the process mid-shutdown.
    let stopping = false;
    const onInt = () => shutdown('SIGINT');
    const onTerm = () => shutdown('SIGTERM');
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info(`${signal}: stopping`);
      const done = (code: number) => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        resolveExit(code);
      };
      server.dispose().then(() => done(0), () => done(1));
    };
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}
