/**
 * How a window tells that a port is held by this extension without sending the proxy key to
 * whatever answers there (issue 15 item 15). Challenge–response: the prober sends a fresh
 * random nonce in `x-antigravity-challenge` on `GET /healthz`; the proxy answers (before auth,
 * on any status) `x-antigravity-proof: <any>.<instance>` where
 *   any      = HMAC-SHA256(proxyKey, "antigravity-proxy-probe/1\n" + nonce + "\n" + port + "\n")
 *   instance = HMAC-SHA256(proxyKey, "antigravity-proxy-probe/1\n" + nonce + "\n" + port + "\n" + instanceId)
 * `port` is the local port the request arrived on, so a program squatting on the probed port
 * cannot relay the challenge to the real proxy on another port and pass its answer off.
 * Only a holder of the key can compute `any` (it is us); `instance` tells this window's own
 * server from another window's without sending the instance id. Every window of one VS Code
 * shares the key (SecretStorage; the host creates it whatever the auth mode), so the proof
 * works with auth on or off. A server without a key proves nothing: not one of our windows.
 * To anyone without the key the proof is random bytes: no version, no instance id.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CHALLENGE_HEADER = 'x-antigravity-challenge';
export const PROOF_HEADER = 'x-antigravity-proof';

const NONCE = /^[0-9a-f]{32,128}$/;

export function isNonce(value: string | undefined): value is string {
  return typeof value === 'string' && NONCE.test(value);
}

function mac(key: string, nonce: string, port: number, instanceId: string): string {
  return createHmac('sha256', key).update(`antigravity-proxy-probe/1\n${nonce}\n${port}\n${instanceId}`).digest('hex');
}

/** The proxy's answer to a challenge (the value of PROOF_HEADER). */
export function proveIdentity(key: string, nonce: string, port: number, instanceId: string): string {
  return `${mac(key, nonce, port, '')}.${mac(key, nonce, port, instanceId)}`;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The prober's check of an answer: `none` (no valid proof: not our proxy, whatever its headers
 * claim), `other` (our proxy, served by another instance) or `self` (this very instance).
 */
export function verifyIdentity(proof: string | null | undefined, key: string, nonce: string, port: number, ownInstanceId: string): 'none' | 'other' | 'self' {
  if (!proof || !key) return 'none';
  const [any, instance] = proof.split('.');
  if (any === undefined || instance === undefined || !same(any, mac(key, nonce, port, ''))) return 'none';
  return same(instance, mac(key, nonce, port, ownInstanceId)) ? 'self' : 'other';
}
