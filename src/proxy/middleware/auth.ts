import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import { effectiveAuthMode, type ProxySection } from '../../core/config';
import { ProxyError } from '../../core/errors';
import { exchangeOf } from '../exchange';

/** The key a client sent, in any of the forms the SDKs use (DESIGN §2). */
export function presentedKey(ctx: Pick<Context, 'get' | 'query'>): string | undefined {
  const auth = ctx.get('authorization');
  if (auth) return auth.replace(/^Bearer\s+/i, '').trim();
  const k = ctx.get('x-api-key') || ctx.get('x-goog-api-key');
  if (k) return k.trim();
  const q = ctx.query.key;
  return typeof q === 'string' ? q : Array.isArray(q) ? q[0] : undefined;
}

/** Constant-time: both sides are hashed first so neither length nor content leaks through timing. */
export function keysEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

export function authRequired(proxy: Pick<ProxySection, 'authMode' | 'allowLanAccess'>, method: string, path: string): boolean {
  const mode = effectiveAuthMode(proxy);
  if (mode === 'off') return false;
  if (mode === 'strict') return true;
  // all_except_health: the health check and Claude Code's HEAD / warm-up stay open.
  return !(path === '/healthz' || (path === '/' && method === 'HEAD'));
}

/**
 * Refuses a request that needs a key and has none or a wrong one. A request let through is
 * `admitted` (from then on the monitor may record it: before, only a counter, issue 15 item 13)
 * and `identified` when its client may learn who we are (a valid key, or auth off): only then
 * do the identity headers go out (item 14).
 */
export function auth(proxy: () => ProxySection) {
  const step = authStep(proxy);
  return async function authMiddleware(ctx: Context, next: Next): Promise<void> {
    step(ctx);
    await next();
  };
}

/** auth as one synchronous step (the app's gate): throws when refused. */
export function authStep(proxy: () => ProxySection): (ctx: Context) => void {
  return function authStep_(ctx: Context): void {
    const p = proxy();
    const key = presentedKey(ctx);
    const valid = Boolean(key && p.apiKey && key.length <= 4096 && keysEqual(key, p.apiKey));
    if (authRequired(p, ctx.method, ctx.path)) {
      if (!key) throw new ProxyError('authentication', 'Missing API key: send the proxy key as Authorization: Bearer <key>, x-api-key or x-goog-api-key.');
      if (!valid) throw new ProxyError('authentication', 'Invalid API key for this proxy.', { code: 'invalid_api_key' });
    }
    const trace = exchangeOf(ctx).trace;
    trace.admitted = true;
    trace.identified = valid || effectiveAuthMode(p) === 'off';
  };
}
