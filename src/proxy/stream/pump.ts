import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { ProxyError, toProxyError } from '../../core/errors';
import type { ByteScrubber } from '../../core/redactor';
import type { StreamFraming } from './stream-framing';
import { ByteTail } from './byte-tail';

export interface PumpOptions {
  framing: StreamFraming;
  /** Send a keep-alive when nothing was written for this long (DESIGN §2: at most 10 s). */
  keepAliveMs: number;
  /** Give up when the source is silent this long (Infinity: the send step's stall watchdog, measured on upstream bytes, decides). */
  idleTimeoutMs: number;
  /** Called once per source chunk written (for TTFB, sizes, body capture). */
  onChunk?(chunk: Uint8Array): void;
  /** Redacts secrets an upstream echoed (split-safe: what it holds back is written at the end). */
  scrub?: ByteScrubber;
  /** False when the source ended without its dialect's final event: the client gets an error event. */
  complete?(): boolean;
  /** Called once when the pump ends: `aborted` when the client went away first. */
  onEnd?(result: { aborted: boolean; error?: ProxyError }): void;
}

const ignore = () => {};

/**
 * A source failure after the first byte, as the client is told it: a lost or silent upstream
 * connection is the upstream's fault (502 / timeout), not an internal proxy error.
 */
export function streamFault(err: unknown): ProxyError {
  if (ProxyError.isInstance(err)) return ProxyError.from(err);
  const e = err as { code?: string; name?: string; status?: unknown; statusCode?: unknown; cause?: { code?: string } } | undefined;
  const code = e?.code ?? e?.cause?.code;
  if (code === 'UND_ERR_BODY_TIMEOUT') return new ProxyError('timeout', 'Upstream went silent mid-stream.', { retryable: false, cause: err });
  if (e?.name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
    return new ProxyError('api_error', 'Request aborted.', { status: 499, retryable: false, cause: err });
  }
  if (typeof e?.status !== 'number' && typeof e?.statusCode !== 'number' && typeof code === 'string' && /^(UND_ERR_|E[A-Z]+$|ERR_STREAM_PREMATURE_CLOSE)/.test(code)) {
    return new ProxyError('bad_gateway', `Upstream connection failed mid-stream (${code}).`, { retryable: false, cause: err });
  }
  return toProxyError(err);
}

/**
 * Writes a byte stream to the client as it arrives: no buffering, backpressure honoured,
 * keep-alives during silence (only at event boundaries), a dialect-correct error event when
 * the source fails, and the source destroyed the moment the client disconnects.
 */
export function pumpStream(res: ServerResponse, source: Readable, opts: PumpOptions): Promise<void> {
  return new Promise((resolve) => {
    const tail = new ByteTail();
    let lastWrite = Date.now();
    let lastRead = Date.now();
    let done = false;

    const write = (chunk: Uint8Array | string): boolean => {
      lastWrite = Date.now();
      tail.push(chunk);
      return res.write(chunk);
    };

    const finish = (aborted: boolean, error?: ProxyError) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
      res.off('close', onClose);
      res.off('drain', onDrain);
      // undici's body emits 'error' (RequestAbortedError) when destroyed without one: with our
      // listener gone that would be an uncaught exception and take the whole process down.
      source.on('error', ignore);
      if (!source.destroyed) source.destroy();
      if (!aborted && !res.writableEnded) {
        const held = opts.scrub?.flush();
        if (held && held.byteLength > 0) {
          opts.onChunk?.(held);
          write(held);
        }
        if (error) {
          const t = tail.get();
          const prefix = opts.framing.atBoundary(t) ? '' : '\n\n';
          res.write(prefix + opts.framing.error(error, t));
        }
        res.end();
      }
      opts.onEnd?.({ aborted, error });
      resolve();
    };

    const onData = (input: Uint8Array) => {
      lastRead = Date.now();
      if (input.byteLength === 0) return;
      const chunk = opts.scrub ? opts.scrub.push(input) : input;
      if (chunk.byteLength === 0) return;
      opts.onChunk?.(chunk);
      if (!write(chunk)) source.pause();
    };
    const onDrain = () => source.resume();
    const onEnd = () =>
      opts.complete && !opts.complete()
        ? finish(false, new ProxyError('bad_gateway', 'Upstream ended the stream before its final event.', { retryable: false }))
        : finish(false);
    const onError = (err: unknown) => finish(false, streamFault(err));
    const onClose = () => {
      if (!res.writableFinished) finish(true);
    };

    const tick = Math.max(20, Math.min(opts.keepAliveMs, opts.idleTimeoutMs) / 4);
    const timer = setInterval(() => {
      const now = Date.now();
      if (now - lastRead >= opts.idleTimeoutMs) {
        finish(false, new ProxyError('timeout', `Upstream sent nothing for ${Math.round(opts.idleTimeoutMs / 1000)} s.`));
        return;
      }
      if (now - lastWrite >= opts.keepAliveMs && opts.framing.atBoundary(tail.get()) && res.writableLength === 0) {
        write(opts.framing.keepAlive);
      }
    }, tick);
    timer.unref?.();

    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', onError);
    res.on('drain', onDrain);
    res.on('close', onClose);
    // A source that failed before the pump attached (e.g. while its first event was peeked).
    if (source.errored) return onError(source.errored);
    // A source handed over paused (so that every listener was attached first) starts here.
    source.resume();
  });
}
