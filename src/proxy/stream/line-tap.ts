import { Transform } from 'node:stream';
import { ProxyError } from '../../core/errors';
import { SseDecoder, type SseEvent } from '../../translate/sse/decode-sse';
import { createLineFramer } from './line-framer';

/**
 * Watches an upstream stream without changing it (first-event peek, terminal watch, usage
 * meter). `line` sees every line (or piece of an over-long line, `whole: false`); `event` sees
 * every SSE event of an SSE stream (decoded once, by the one SseDecoder); `end` is called after
 * the last line and event.
 */
export interface StreamObserver {
  /** Each upstream chunk as it arrives, before framing (byte counts). */
  chunk?(chunk: Buffer): void;
  line?(line: Buffer, whole: boolean): void;
  event?(ev: SseEvent): void;
  /** False once this observer needs no more events (decoding stops when nobody does). */
  wantsEvents?(): boolean;
  end?(): void;
}

export interface LineTapOptions {
  /** The stream is SSE (events are decoded); false for Gemini's streamed JSON array. */
  sse: boolean;
  observers: StreamObserver[];
  /** Rewrites one whole line (model rewrite); without it the upstream's chunks pass as they came. */
  rewriteLine?(line: Buffer): Buffer;
  /** SSE: one event (its lines up to the blank line) may hold this many bytes; more fails the stream (issue 15 item 7). */
  maxEventBytes?: number;
}

/** One SSE event from an upstream may be this large (a translation buffers a whole event). */
export const MAX_UPSTREAM_EVENT_BYTES = 16 * 1024 * 1024;

const isBlank = (line: Buffer) => line.length <= 2 && (line[0] === 0x0a || line[0] === 0x0d);

/**
 * The one passthrough framer stage: frames the upstream's bytes into lines once, feeds the
 * observers, and applies the line rewrite. Without a rewrite, output chunks are the input
 * chunks themselves (nothing is held back). An observer that throws is dropped: watching is
 * best-effort, the stream goes on. The readable side buffers up to 256 KiB while nobody reads
 * yet, so the first-event peek (64 KiB) always decides before the upstream is paused.
 */
export function lineTap(opts: LineTapOptions): Transform {
  const framer = createLineFramer();
  const decoder = opts.sse ? new SseDecoder() : undefined;
  let observers = opts.observers;
  const each = (fn: (o: StreamObserver) => void) => {
    for (const o of observers) {
      try {
        fn(o);
      } catch {
        observers = observers.filter((x) => x !== o);
      }
    }
  };
  const onEvent = (ev: SseEvent) => each((o) => o.event?.(ev));
  /**
   * Events are decoded only while an observer still wants them (the peek, until it decided);
   * once nobody does, decoding stays off (wantsEvents never turns true again).
   */
  let decodeOn = decoder !== undefined;
  const decoding = () => (decodeOn &&= observers.some((o) => o.event && (o.wantsEvents?.() ?? true)));
  const maxEvent = opts.sse ? (opts.maxEventBytes ?? MAX_UPSTREAM_EVENT_BYTES) : Infinity;
  let eventBytes = 0;
  /** Where the current chunk's (rewritten) lines go; undefined without a rewrite (the chunk passes as it came). */
  let out: Buffer[] | undefined;
  // Per line: no closure per line or chunk (this runs for every line of every stream).
  const onLine = (line: Buffer, whole: boolean) => {
    if (whole && isBlank(line)) eventBytes = 0;
    else if ((eventBytes += line.length) > maxEvent) {
      throw new ProxyError('bad_gateway', `Upstream sent an event over ${Math.round(maxEvent / 1024 / 1024)} MiB; the upstream request was aborted.`, { retryable: false });
    }
    const list = observers;
    for (let i = 0; i < list.length; i++) {
      const o = list[i]!;
      if (!o.line) continue;
      try {
        o.line(line, whole);
      } catch {
        observers = observers.filter((x) => x !== o);
      }
    }
    if (decodeOn && decoding()) decoder!.push(line, onEvent);
    if (out) out.push(whole && opts.rewriteLine ? opts.rewriteLine(line) : line);
  };
  return new Transform({
    readableHighWaterMark: 256 * 1024,
    transform(chunk: Buffer, _enc, done) {
      const list = observers;
      for (let i = 0; i < list.length; i++) {
        const o = list[i]!;
        if (!o.chunk) continue;
        try {
          o.chunk(chunk);
        } catch {
          observers = observers.filter((x) => x !== o);
        }
      }
      try {
        if (!opts.rewriteLine) {
          out = undefined;
          framer.push(chunk, onLine);
          return done(null, chunk);
        }
        out = [];
        framer.push(chunk, onLine);
        const lines = out;
        out = undefined;
        done(null, lines.length === 0 ? undefined : lines.length === 1 ? lines[0] : Buffer.concat(lines));
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done) {
      const lines: Buffer[] = [];
      out = opts.rewriteLine ? lines : undefined;
      try {
        framer.end(onLine);
      } catch (err) {
        return done(err as Error);
      } finally {
        out = undefined;
      }
      if (decoding()) decoder!.flush(onEvent);
      each((o) => o.end?.());
      done(null, lines.length ? Buffer.concat(lines) : undefined);
    },
  });
}
