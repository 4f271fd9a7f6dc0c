import { Transform } from 'node:stream';
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
}

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
  /** Events are decoded only while an observer still wants them (the peek, until it decided). */
  const decoding = () => decoder !== undefined && observers.some((o) => o.event && (o.wantsEvents?.() ?? true));
  const collect = (out: Buffer[] | undefined) => (line: Buffer, whole: boolean) => {
    each((o) => o.line?.(line, whole));
    if (decoding()) decoder!.push(line, onEvent);
    if (out) out.push(whole && opts.rewriteLine ? opts.rewriteLine(line) : line);
  };
  return new Transform({
    readableHighWaterMark: 256 * 1024,
    transform(chunk: Buffer, _enc, done) {
      each((o) => o.chunk?.(chunk));
      if (!opts.rewriteLine) {
        framer.push(chunk, collect(undefined));
        return done(null, chunk);
      }
      const out: Buffer[] = [];
      framer.push(chunk, collect(out));
      done(null, out.length === 0 ? undefined : out.length === 1 ? out[0] : Buffer.concat(out));
    },
    flush(done) {
      const out: Buffer[] = [];
      framer.end(collect(opts.rewriteLine ? out : undefined));
      if (decoding()) decoder!.flush(onEvent);
      each((o) => o.end?.());
      done(null, out.length ? Buffer.concat(out) : undefined);
    },
  });
}
