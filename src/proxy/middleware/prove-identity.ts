import type { Context, Next } from 'koa';
import { CHALLENGE_HEADER, isNonce, PROOF_HEADER, proveIdentity } from '../identity-proof';

/**
 * Answers the port probe's challenge on `GET /healthz` (see identity-proof.ts), before auth:
 * the prober sends no key, and in `strict` mode the answer is a 401 that still carries the
 * proof. No key configured: no proof (nothing to prove it with).
 */
export function proveIdentityMiddleware(opts: { apiKey(): string; instanceId: string }) {
  const step = proveIdentityStep(opts);
  return async function proveIdentity_(ctx: Context, next: Next): Promise<void> {
    step(ctx);
    await next();
  };
}

/** proveIdentityMiddleware as one synchronous step (the app's gate). */
export function proveIdentityStep(opts: { apiKey(): string; instanceId: string }): (ctx: Context) => void {
  return function proveIdentityStep_(ctx: Context): void {
    const nonce = ctx.get(CHALLENGE_HEADER);
    const key = opts.apiKey();
    if (key && (ctx.method === 'GET' || ctx.method === 'HEAD') && ctx.path === '/healthz' && isNonce(nonce)) {
      const port = ctx.req.socket.localPort;
      if (port !== undefined) ctx.set(PROOF_HEADER, proveIdentity(key, nonce, port, opts.instanceId));
    }
  };
}
