/**
 * The undici dispatcher for upstream calls when `proxy.upstreamProxy` is set: an HTTP(S)
 * forward proxy (`ProxyAgent`, CONNECT tunnelling for https upstreams). Credentials in the
 * URL (`http://user:pass@host:3128`) become `Proxy-Authorization: Basic …`.
 * The caller owns the returned dispatcher and closes it when the proxy stops.
 */
import { ProxyAgent, type Dispatcher } from 'undici';
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
  return new ProxyAgent(token ? { uri: url.toString(), token } : { uri: url.toString() });
}
