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
import { zaiDispatchActive, type ProxyConfig } from '../core/config';
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

/** True when `baseUrl` is a loopback address on the proxy's own port. */
export function pointsAtSelf(baseUrl: string | undefined, port: number): boolean {
  if (!baseUrl) return false;
  try {
    const u = new URL(baseUrl);
    const p = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
    return LOOPBACK.has(u.hostname.toLowerCase()) && p === port;
  } catch {
    return false;
  }
}

/** Removes env accounts that point at this proxy; one stderr note each. */
export function dropSelfLoops(config: ProxyConfig, note: (line: string) => void): void {
  config.accounts = config.accounts.filter((a) => {
    const spec = ENV_ACCOUNTS.find((s) => s.id === a.id);
    if (!spec || !pointsAtSelf(a.baseUrl, config.proxy.port)) return true;
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
