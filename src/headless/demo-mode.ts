/**
 * Headless first run (issue 16): which accounts `serve` really uses.
 * - Env accounts whose base URL is this proxy itself are dropped with a note: a terminal set up
 *   to use the proxy (ANTHROPIC_BASE_URL=http://127.0.0.1:8045 + ANTHROPIC_API_KEY) would
 *   otherwise make the proxy call itself in a loop.
 * - Demo mode: `--demo` serves only the built-in demo upstream (config file and env accounts are
 *   set aside, the z.ai dispatcher is off; proxy settings such as port and auth still apply).
 *   Without `--config` and with no env account, `serve` starts in demo mode by itself. With
 *   `--config`, a config without a usable account still fails with the fixed start error.
 */
import { bindHost, zaiDispatchActive, type ProxyConfig } from '../core/config';
import { demoAccount } from '../upstream/providers/demo';
import { ENV_ACCOUNTS } from './env-overrides';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', '0.0.0.0']);

export const DEMO_AUTO_NOTE =
  'Demo mode: no account is configured, so the built-in demo upstream answers every request (no vendor is called). '
  + 'To leave it, add an account to ./antigravity-proxy.json (see antigravity-proxy.example.json) '
  + 'or set GEMINI_API_KEY, ANTHROPIC_API_KEY or OPENAI_API_KEY, then restart.';
export const DEMO_FLAG_NOTE =
  'Demo mode (--demo): the built-in demo upstream answers every request; the accounts of the config file and environment are not used. '
  + 'To leave it, restart without --demo.';

/** Where the proxy listens, for the self-loop guard (issue 21): its bind host and, when bound to all interfaces, this machine's addresses. */
export interface ListenAddress {
  host: string;
  /** The machine's own interface addresses (os.networkInterfaces); only used when `host` is 0.0.0.0 / ::. */
  localAddresses?: readonly string[];
}

const unbracket = (h: string) => h.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');

/**
 * True when `baseUrl` reaches the proxy itself: a loopback address (127.0.0.0/8, ::1, localhost,
 * 0.0.0.0) on the proxy's own port, or — given where it listens — its bind host, or any address of
 * this machine when it listens on all interfaces.
 */
export function pointsAtSelf(baseUrl: string | undefined, port: number, listen?: ListenAddress): boolean {
  if (!baseUrl) return false;
  try {
    const u = new URL(baseUrl);
    const p = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
    if (p !== port) return false;
    const host = unbracket(u.hostname);
    if (LOOPBACK.has(host) || LOOPBACK.has(u.hostname.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host)) return true;
    if (!listen) return false;
    const bound = unbracket(listen.host);
    if (host === bound) return true;
    return (bound === '0.0.0.0' || bound === '::') && (listen.localAddresses ?? []).some((a) => unbracket(a) === host);
  } catch {
    return false;
  }
}

/** Removes env accounts that point at this proxy; one stderr note each. */
export function dropSelfLoops(config: ProxyConfig, note: (line: string) => void, localAddresses: readonly string[] = []): void {
  const listen: ListenAddress = { host: bindHost(config.proxy), localAddresses };
  config.accounts = config.accounts.filter((a) => {
    const spec = ENV_ACCOUNTS.find((s) => s.id === a.id);
    if (!spec || !pointsAtSelf(a.baseUrl, config.proxy.port, listen)) return true;
    note(`Ignoring ${spec.key}: ${spec.baseUrl} (${a.baseUrl}) points at this proxy itself. Unset ${spec.baseUrl} in this terminal to use that key.`);
    return false;
  });
}

/** Applies demo mode when asked for or when nothing else could serve; returns the note to print, if any. */
export function applyDemoMode(config: ProxyConfig, opts: { flag: boolean; configPath: string | undefined }): string | undefined {
  const nothing = config.accounts.length === 0 && !zaiDispatchActive(config.zai);
  if (!opts.flag && (opts.configPath !== undefined || !nothing)) return undefined;
  config.accounts = [demoAccount()];
  config.zai = { ...config.zai, dispatchMode: 'off' };
  return opts.flag ? DEMO_FLAG_NOTE : DEMO_AUTO_NOTE;
}
