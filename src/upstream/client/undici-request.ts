import type { Dispatcher } from 'undici';

/**
 * undici's `request(url, options)`, loaded without undici's index: the index evaluates every
 * part of undici at startup (fetch, WebSocket, cache stores, mock agents — about 1 MB of the
 * bundle and several MB of heap) while the proxy only needs the request API and the global
 * dispatcher (an Agent). Same behaviour as the index's `request` for what we pass: an absolute
 * URL string, a method, and an optional dispatcher (default: undici's global one).
 */
type RequestApi = (this: Dispatcher, opts: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

let api: { request: RequestApi; globalDispatcher: () => Dispatcher } | undefined;

function load(): NonNullable<typeof api> {
  if (api) return api;
  const request = require('undici/lib/api/api-request') as RequestApi;
  const { getGlobalDispatcher } = require('undici/lib/global') as { getGlobalDispatcher(): Dispatcher };
  api = { request, globalDispatcher: getGlobalDispatcher };
  return api;
}

export type UndiciRequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & {
  method: Dispatcher.HttpMethod;
  dispatcher?: Dispatcher;
};

export function request(url: string, opts: UndiciRequestOptions): Promise<Dispatcher.ResponseData> {
  const { request: send, globalDispatcher } = load();
  const u = new URL(url);
  const { dispatcher = globalDispatcher(), ...rest } = opts;
  return send.call(dispatcher, { ...rest, origin: u.origin, path: u.search ? `${u.pathname}${u.search}` : u.pathname });
}
