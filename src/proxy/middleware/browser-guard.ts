import type { Context, Next } from 'koa';
import { ProxyError } from '../../core/errors';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return LOOPBACK_NAMES.has(h) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h.endsWith('.localhost');
}

/** `Host` header → hostname without port (IPv6 literals keep their brackets). */
export function hostnameOf(host: string | undefined): string {
  if (!host) return '';
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0] ?? '';
}

/**
 * The origins a browser context may call from: VS Code webviews (our own panel) and what the
 * user listed in `proxy.allowedOrigins`. A page on another localhost port (any dev server, or a
 * page it loads) is NOT trusted: loopback says where a page is served, not who wrote it.
 */
function isTrustedOrigin(origin: string, allowed: readonly string[]): boolean {
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).protocol === 'vscode-webview:';
  } catch {
    return false;
  }
}

export interface BrowserGuardOptions {
  /** True when bound to 127.0.0.1: DNS-rebinding protection applies. */
  loopbackOnly(): boolean;
  /** True when no key is required for this request's path. */
  authOff(): boolean;
  /** `proxy.allowedOrigins`: browser origins granted CORS besides `vscode-webview://`. */
  allowedOrigins?(): readonly string[];
}

/**
 * Browser safety (DESIGN §2): a web page must not reach the user's accounts. When bound to
 * loopback, a non-loopback `Host` means DNS rebinding; with auth off, a foreign `Origin` means
 * a web page. CORS is only ever granted to trusted origins (see isTrustedOrigin).
 */
export function browserGuard(opts: BrowserGuardOptions) {
  const check = browserCheck(opts);
  return async function browserGuardMiddleware(ctx: Context, next: Next): Promise<void> {
    if (check(ctx)) await next();
  };
}

/** browserGuard as one synchronous step (the app's gate): false when the request was answered here (a preflight); throws when refused. */
export function browserCheck(opts: BrowserGuardOptions): (ctx: Context) => boolean {
  return function browserCheckStep(ctx: Context): boolean {
    if (opts.loopbackOnly() && !isLoopbackHost(hostnameOf(ctx.get('host')))) {
      throw new ProxyError('permission', 'Host not allowed: this proxy only answers requests addressed to localhost (DNS rebinding protection).');
    }
    const origin = ctx.get('origin');
    const trusted = origin === '' || isTrustedOrigin(origin, opts.allowedOrigins?.() ?? []);
    if (ctx.method === 'OPTIONS') {
      if (trusted && origin) grantCors(ctx, origin);
      ctx.status = 204;
      return false;
    }
    if (!trusted && opts.authOff()) {
      throw new ProxyError('permission', 'Cross-origin requests from web pages are refused while authentication is off.');
    }
    if (trusted && origin) grantCors(ctx, origin);
    return true;
  };
}

function grantCors(ctx: Context, origin: string): void {
  ctx.set('access-control-allow-origin', origin);
  ctx.set('vary', 'Origin');
  ctx.set('access-control-allow-methods', 'GET, HEAD, POST, OPTIONS');
  ctx.set('access-control-allow-headers', ctx.get('access-control-request-headers') || 'authorization, content-type, x-api-key, x-goog-api-key, anthropic-version, anthropic-beta');
  ctx.set('access-control-max-age', '600');
}
