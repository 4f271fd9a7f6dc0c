import { isAscii } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Context, Next } from 'koa';
import { ProxyError } from '../../core/errors';
import { exchangeOf } from '../exchange';
import { assertJsonDepth } from './json-depth';
import { lingerOnClose } from './polite-close';

/** DESIGN §2: at least 100 MiB (Claude Code sends multi-megabyte bodies). */
export const BODY_LIMIT_BYTES = 100 * 1024 * 1024;
const LIMIT_TEXT = '100 MiB';

/**
 * Reads every POST body once, as bytes, whatever its content type (clients differ), inflating
 * gzip / deflate / br with the same limit on the inflated size (no bombs). The bytes are kept
 * for passthrough (the exchange's `rawBody`: forwarded without re-encoding) and parsed once into
 * `ctx.request.body`. A `"__proto__"` key is parsed as an own data property (JSON.parse never
 * sets a prototype); code that copies client keys does so with define semantics (see
 * translate/codecs/shared/json.ts `setOwn`), so no content needs refusing. Measured: koa-bodyparser's chunk-wise decode + secure parse cost a third
 * of the CPU of a 1 MB request; this is one `toString` and one `JSON.parse`.
 */
export function body(limit = BODY_LIMIT_BYTES, takesBody: (ctx: Context) => boolean = () => true, rate: MinRate = { windowMs: RATE_WINDOW_MS, minBytes: MIN_RATE_BYTES }) {
  const step = bodyStep(limit, takesBody, rate);
  return async function bodyMiddleware(ctx: Context, next: Next): Promise<void> {
    const reading = step(ctx);
    if (reading) await reading;
    await next();
  };
}

/** body as one step (the app's gate): a promise while a body is read, undefined when none is. */
export function bodyStep(limit = BODY_LIMIT_BYTES, takesBody: (ctx: Context) => boolean = () => true, rate: MinRate = { windowMs: RATE_WINDOW_MS, minBytes: MIN_RATE_BYTES }): (ctx: Context) => Promise<void> | undefined {
  return function bodyStep_(ctx: Context): Promise<void> | undefined {
    if (ctx.method !== 'POST' || !takesBody(ctx)) {
      // Not read (a 405, a 404, a dropped telemetry batch): nothing of it is inflated or parsed,
      // and the connection is not kept for a next request behind an unread body.
      if (hasBody(ctx.req)) ctx.set('connection', 'close');
      return undefined;
    }
    return readBody(ctx, limit, rate).then((raw) => {
      exchangeOf(ctx).rawBody = raw;
      assertJsonDepth(raw);
      (ctx.request as { body?: unknown }).body = parseJson(raw);
    });
  };
}

function hasBody(req: IncomingMessage): boolean {
  const len = Number(req.headers['content-length'] ?? 0);
  return req.headers['transfer-encoding'] !== undefined || (Number.isFinite(len) && len > 0);
}

/**
 * Minimum upload rate (besides the server's whole-request timeout, server.ts): a client that
 * sends less than MIN_RATE_BYTES per RATE_WINDOW_MS (counted on the wire, before inflating)
 * is answered 408 and the connection closed, so trickling bodies cannot pin sockets.
 */
export const RATE_WINDOW_MS = 10_000;
export const MIN_RATE_BYTES = 10 * 1024;
export interface MinRate {
  windowMs: number;
  minBytes: number;
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    // ASCII-only bodies (most): latin1 is the same text and ~4× cheaper to decode than utf8.
    return JSON.parse(raw.toString(isAscii(raw) ? 'latin1' : 'utf8'));
  } catch (err) {
    const m = (err as Error)?.message ?? '';
    const detail = err instanceof SyntaxError && m.length < 200 ? `: ${m}` : '';
    throw new ProxyError('invalid_request', `Malformed JSON in request body${detail}.`, { cause: err });
  }
}

function decoderFor(encoding: string): Transform | undefined | null {
  switch (encoding) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return null;
  }
}

function tooLarge(ctx: Context): ProxyError {
  // The client may still be sending: do not keep the connection for its next request, and
  // read on after the 413 so the client gets to read it (polite-close.ts).
  ctx.set('connection', 'close');
  lingerOnClose(ctx.req.socket);
  return new ProxyError('request_too_large', `Request body is larger than the proxy's limit of ${LIMIT_TEXT}.`);
}

function readBody(ctx: Context, limit: number, minRate: MinRate): Promise<Buffer> {
  const req: IncomingMessage = ctx.req;
  const encoding = String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
  const declared = Number(req.headers['content-length']);
  const decoder = decoderFor(encoding);
  if (decoder === null) {
    ctx.set('connection', 'close');
    return Promise.reject(new ProxyError('invalid_request', 'Unsupported Content-Encoding: send identity, gzip, deflate or br.', { status: 415 }));
  }
  if (!decoder && Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(ctx));

  return new Promise<Buffer>((resolve, reject) => {
    const source: Readable = decoder ? req.pipe(decoder) : req;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let onSettled = () => {};
    const settle = (err?: ProxyError) => {
      if (settled) return;
      settled = true;
      onSettled();
      source.off('data', onData);
      if (err) {
        source.off('end', onEnd);
        if (decoder) {
          req.unpipe(decoder);
          decoder.destroy();
        }
        req.resume(); // drain what the client still sends; the connection closes after the answer
        reject(err);
      } else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) return settle(tooLarge(ctx));
      chunks.push(c);
    };
    const onEnd = () => settle();
    source.on('data', onData);
    source.once('end', onEnd);
    source.once('error', (err: NodeJS.ErrnoException) =>
      settle(new ProxyError('invalid_request', err?.code?.startsWith('Z_') ? 'Compressed request body could not be decompressed.' : 'Request body could not be read.', { cause: err })),
    );
    req.once('aborted', () => settle(new ProxyError('invalid_request', 'Request body was not received completely.')));
    let wire = 0;
    let lastWindow = 0;
    const countWire = (c: Buffer) => (wire += c.length);
    req.on('data', countWire);
    const rate = setInterval(() => {
      if (wire - lastWindow >= minRate.minBytes) return void (lastWindow = wire);
      ctx.set('connection', 'close');
      settle(new ProxyError('invalid_request', 'Request body arrived too slowly.', { status: 408 }));
    }, minRate.windowMs);
    rate.unref?.();
    onSettled = () => {
      clearInterval(rate);
      req.off('data', countWire);
    };
    if (decoder) req.once('error', (err) => settle(new ProxyError('invalid_request', 'Request body could not be read.', { cause: err })));
  });
}
