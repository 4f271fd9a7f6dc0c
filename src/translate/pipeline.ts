import { ProxyError } from '../core/errors';
import { NormalizeIrStream } from './codecs/shared/normalize-stream';
import type { Stage } from './codecs/shared/stage';
import type { IrStreamEvent } from './ir';
import { SseDecoder, type SseEvent } from './sse/decode-sse';

/**
 * bytes → SSE decoder → upstream stream decoder → normalizer → client stream encoder → bytes,
 * as one synchronous stage. A stage that throws (a bug, or input no decoder anticipated)
 * becomes one error event in the client's dialect; later input is ignored. Never rejects.
 */
export class StreamPipeline implements Stage<Uint8Array, Uint8Array> {
  private readonly sse = new SseDecoder();
  private readonly normalize = new NormalizeIrStream();
  private failed = false;

  constructor(
    private readonly decoder: Stage<SseEvent, IrStreamEvent>,
    private readonly encoder: Stage<IrStreamEvent, Uint8Array>,
  ) {}

  push(chunk: Uint8Array, emit: (b: Uint8Array) => void): void {
    if (this.failed) return;
    try {
      this.sse.push(chunk, (ev) => this.decoder.push(ev, (ir) => this.toClient(ir, emit)));
    } catch (err) {
      this.fail(err, emit);
    }
  }

  flush(emit: (b: Uint8Array) => void): void {
    try {
      if (!this.failed) {
        this.sse.flush((ev) => this.decoder.push(ev, (ir) => this.toClient(ir, emit)));
        this.decoder.flush((ir) => this.toClient(ir, emit));
      }
      this.normalize.flush((ir) => this.encoder.push(ir, emit));
      this.encoder.flush(emit);
    } catch {
      // nothing sensible left to send; the client sees the stream end
    }
  }

  /** The upstream ended without its final event: the client gets an error event, not a normal finish. */
  cut(message: string, emit: (b: Uint8Array) => void): void {
    if (this.failed) return;
    try {
      this.sse.flush((ev) => this.decoder.push(ev, (ir) => this.toClient(ir, emit)));
      this.toClient({ type: 'error', message }, emit);
    } catch {
      // the encoder failed: the stream ends
    }
    this.failed = true;
  }

  private toClient(ev: IrStreamEvent, emit: (b: Uint8Array) => void): void {
    this.normalize.push(ev, (ir) => this.encoder.push(ir, emit));
  }

  private fail(err: unknown, emit: (b: Uint8Array) => void): void {
    this.failed = true;
    const detail = ProxyError.isInstance(err) ? `: ${err.message}` : '';
    try {
      this.toClient({ type: 'error', message: `Could not translate the upstream stream${detail}.` }, emit);
    } catch {
      // encoder itself failed: end the stream
    }
  }
}
