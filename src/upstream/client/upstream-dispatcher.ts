/**
 * The undici dispatcher for upstream calls when `proxy.upstreamProxy` is set: an HTTP(S)
 * forward proxy (`ProxyAgent`, CONNECT tunnelling for https upstreams). Credentials in the
 * URL (`http://user:pass@host:3128`) become `Proxy-Authorization: Basic …`.
 * The caller owns the returned dispatcher and closes it when the proxy stops.
 */
import type { Dispatcher, ProxyAgent } from 'undici';
import { ProxyError } from '../../core/errors';
import { upstreamProxyUrlProblem } from '../../core/validate-config';

/** Validates the URL (the core's rule); returns undefined for an empty setting (direct connections). */
export function createUpstreamDispatcher(upstreamProxy: string): Dispatcher | undefined {
  const raw = upstreamProxy.trim();
  if (raw === '') return undefined;
  const problem = upstreamProxyUrlProblem(raw);
  if (problem) throw new ProxyError('invalid_request', problem, { retryable: false });
  const url = new URL(raw);
  const token = url.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
    : undefined;
  url.username = '';
  url.password = '';
  // undici's index (all of undici: it also adds the `connect` API the CONNECT tunnel uses) is
  // loaded only when an upstream proxy is set; direct calls use undici-request.ts.
  const Agent = (require('undici') as { ProxyAgent: typeof ProxyAgent }).ProxyAgent;
  return new Agent(token ? { uri: url.toString(), token } : { uri: url.toString() });
}
