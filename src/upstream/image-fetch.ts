import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { ProxyError } from '../core/errors';

/**
 * Fetches an image a client referenced by URL, for upstreams that only take inline data
 * (Gemini). Guarded like a server-side fetch must be: http(s) only, every address the host
 * resolves to checked (private, loopback, link-local, CGNAT, multicast and reserved ranges
 * refused) and the connection pinned to the checked address, redirects followed by hand and
 * checked the same way, 20 MB cap, 15 s for the whole fetch, image content types only.
 * Every refusal is a 400 (`invalid_request`) that says why.
 */
export interface ImageFetchOptions {
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  /**
   * Addresses exempt from the range check. For tests only (a fake image server on 127.0.0.1);
   * the default is none, so loopback is refused.
   */
  allowAddresses?: readonly string[];
  /** The client's abort. */
  signal?: AbortSignal;
}

export interface FetchedImage {
  mediaType: string;
  /** base64 */
  data: string;
}

export const IMAGE_FETCH_MAX_BYTES = 20 * 1024 * 1024;
export const IMAGE_FETCH_TIMEOUT_MS = 15_000;

const BLOCKED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]] as const) {
  BLOCKED.addSubnet(net, bits, 'ipv6');
}

/** Why an address may not be fetched from, or undefined when it may. */
export function blockedAddressReason(address: string, allow: readonly string[] = []): string | undefined {
  if (allow.includes(address)) return undefined;
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return blockedAddressReason(mapped, allow);
  const blocked = family === 4 ? BLOCKED.check(address, 'ipv4') : BLOCKED.check(address, 'ipv6');
  return blocked ? `${address} is a private, loopback, link-local or reserved address` : undefined;
}

function refused(url: string, why: string): ProxyError {
  return new ProxyError('invalid_request', `Image URL ${shortUrl(url)} was refused: ${why}.`, { code: 'image_url_refused', retryable: false });
}

/** The URL as shown in errors: no query (it may hold a token), bounded. */
function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`.slice(0, 200);
  } catch {
    return url.slice(0, 80);
  }
}

/** A DNS lookup that refuses a host when any address it resolves to is blocked (the socket uses the checked address). */
function guardedLookup(allow: readonly string[]): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as unknown as LookupAddress[];
      const bad = list.map((a) => blockedAddressReason(a.address, allow)).find(Boolean);
      if (bad) return callback(Object.assign(new Error(bad), { code: 'EADDRBLOCKED' }), '', 0);
      if (list.length === 0) return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/** Fetches one image URL (following at most `maxRedirects` checked redirects). Throws ProxyError(invalid_request). */
export async function fetchImage(url: string, o: ImageFetchOptions = {}): Promise<FetchedImage> {
  const maxBytes = o.maxBytes ?? IMAGE_FETCH_MAX_BYTES;
  const timeoutMs = o.timeoutMs ?? IMAGE_FETCH_TIMEOUT_MS;
  const allow = o.allowAddresses ?? [];
  const deadline = Date.now() + timeoutMs;
  let current = url;
  for (let hop = 0; hop <= (o.maxRedirects ?? 3); hop++) {
    const res = await get(current, allow, Math.max(1, deadline - Date.now()), o.signal, url, timeoutMs);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      current = new URL(res.headers.location, current).toString();
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw refused(url, `the server answered HTTP ${status}`);
    }
    const mediaType = String(res.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!/^image\/[a-z0-9.+-]+$/.test(mediaType) && mediaType !== 'application/pdf') {
      res.resume();
      throw refused(url, `its content type is ${mediaType || 'missing'}, not an image`);
    }
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.destroy();
      throw refused(url, `it is larger than ${maxBytes} bytes`);
    }
    const body = await readCapped(res, maxBytes, Math.max(1, deadline - Date.now()), url, timeoutMs);
    return { mediaType, data: body.toString('base64') };
  }
  throw refused(url, 'too many redirects');
}

function get(url: string, allow: readonly string[], timeoutMs: number, signal: AbortSignal | undefined, original: string, limitMs: number): Promise<IncomingMessage> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.reject(refused(original, 'it is not a valid URL'));
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return Promise.reject(refused(original, `${u.protocol} URLs are not fetched (only http and https)`));
  if (u.username || u.password) return Promise.reject(refused(original, 'URLs with credentials are not fetched'));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const bad = blockedAddressReason(host, allow);
    if (bad) return Promise.reject(refused(original, bad));
  }
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(u, { method: 'GET', lookup: guardedLookup(allow), headers: { accept: 'image/*', 'user-agent': 'antigravity-proxy/0.1' }, signal });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), timeoutMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (err.code === 'EADDRBLOCKED') reject(refused(original, err.message));
      else if (err.code === 'ETIMEDOUT') reject(refused(original, `no answer within the ${limitText(limitMs)} limit`));
      else if (err.name === 'AbortError') reject(new ProxyError('api_error', 'Client closed the connection.', { status: 499, retryable: false }));
      else reject(refused(original, `it could not be fetched (${err.code ?? 'network error'})`));
    });
    req.end();
  });
}

function readCapped(res: IncomingMessage, maxBytes: number, timeoutMs: number, url: string, limitMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      res.destroy();
      reject(refused(url, `it did not arrive within the ${limitText(limitMs)} limit`));
    }, timeoutMs);
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        clearTimeout(timer);
        res.destroy();
        reject(refused(url, `it is larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(c);
    });
    res.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    res.on('error', () => {
      clearTimeout(timer);
      reject(refused(url, 'the connection broke while reading it'));
    });
  });
}

function limitText(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
