/**
 * The undici dispatcher for upstream calls when `proxy.upstreamProxy` is set: an HTTP(S)
 * forward proxy (`ProxyAgent`, CONNECT tunnelling for https upstreams). Credentials in the
 * URL (`http://user:pass@host:3128`) become `Proxy-Authorization: Basic …`.
 * The caller owns the returned dispatcher and closes it when the proxy stops.
 */
import { ProxyAgent, type Dispatcher } from 'undici';
import { ProxyError } from '../../core/errors';
import { redact } from '../../core/redactor';

/** Validates the URL; returns undefined for an empty setting (direct connections). */
export function createUpstreamDispatcher(upstreamProxy: string): Dispatcher | undefined {
  const raw = upstreamProxy.trim();
  if (raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProxyError('invalid_request', `Invalid upstream proxy URL "${redact(raw)}": expected http://host:port or https://host:port.`, { retryable: false });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyError('invalid_request', `Unsupported upstream proxy scheme "${url.protocol}" in "${redact(raw)}": only http:// and https:// proxies are supported.`, { retryable: false });
  }
  if (!url.hostname) {
    throw new ProxyError('invalid_request', `Invalid upstream proxy URL "${redact(raw)}": the host is missing.`, { retryable: false });
  }
  const token = url.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
    : undefined;
  url.username = '';
  url.password = '';
  return new ProxyAgent(token ? { uri: url.toString(), token } : { uri: url.toString() });
}
