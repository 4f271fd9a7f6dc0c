import type { Readable, Transform } from 'node:stream';
import { ProxyError } from '../../core/errors';
import { beforeFirstEvent, firstEventPeek } from '../stream/peek-first-event';
import { lineTap, type StreamObserver } from '../stream/line-tap';
import { renamesModel, rewriteModelLine } from '../stream/rewrite-model-stage';
import type { StallWatchdog } from '../stream/stall-watchdog';
import { stageTransform } from '../stream/stage-transform';
import { terminalWatch } from '../stream/terminal-watch';
import type { TranslateContext, Translation } from '../../translate';
import type { Candidate } from '../../upstream/pool-types';
import type { UpstreamResponse } from '../../upstream/client/call-upstream';
import type { ClientCall } from './client-call';

const CUT_SHORT = 'Upstream ended the stream before its final event.';

export interface OpenedStream {
  /** What the pump sends to the client (paused: the pump resumes it). */
  source: Readable;
  /** Passthrough: false when the upstream ended without its final event (translations say so themselves). */
  complete?: () => boolean;
}

export interface StreamGuard {
  /** The attempt's stall watchdog: fed every upstream byte here, owned by the stream from here on. */
  dog: StallWatchdog;
  /** The one Redactor over the account secrets (error text built from upstream bytes). */
  redact(text: string): string;
}

const ignore = () => {};

/**
 * Turns a 200 upstream stream into what the client is sent, or into a failed attempt while
 * nothing has reached the client: a body that is not a stream, an error as the first event, or
 * an upstream that fails (reset, socket error, bad framing, a stall) or ends before its first
 * event — never a destroyed source handed on as a success. The upstream's bytes go through one
 * line tap that frames them once for every observer (stall clock, first-event peek, terminal
 * watch, usage meter) and the model rewrite, so a stream cut short ends with an error event
 * for the client instead of looking complete.
 */
export async function openStream(
  res: UpstreamResponse,
  call: ClientCall,
  cand: Candidate,
  tr: Translation | undefined,
  tctx: TranslateContext,
  label: string,
  /** Usage metering: sees every upstream line/event, then the end. */
  meter: { stream(sse: boolean): StreamObserver },
  guard: StreamGuard,
): Promise<OpenedStream | { error: ProxyError; /** The body is not a stream: its text tells what the upstream said. */ readDetail?: boolean }> {
  const arrayPassthrough = !tr && call.dialect === 'gemini' && !call.geminiSse;
  if (!arrayPassthrough && !/event-stream/i.test(res.headers.get('content-type') ?? '')) {
    return { error: new ProxyError('bad_gateway', `Upstream ${label} answered a streaming request with ${res.headers.get('content-type') ?? 'no content type'}.`, { retryable: true }), readDetail: true };
  }
  const { dog } = guard;
  const watch = terminalWatch(cand.wire);
  const peek = firstEventPeek(cand.wire, label, { sse: !arrayPassthrough, redact: guard.redact });
  // Idleness is measured on the upstream's bytes (vendor pings count as life), not on our output.
  const clock: StreamObserver = { chunk: () => dog.touch() };
  const observers: StreamObserver[] = [clock, watch, meter.stream(!arrayPassthrough), peek];
  const rewriteLine = !tr && renamesModel(call, cand.upstreamModel) ? rewriteModelLine(call.clientModel) : undefined;
  const tap = lineTap({ sse: !arrayPassthrough, observers, rewriteLine });
  // A stall destroys the tap with its error (the upstream request is aborted with it): before
  // the first event the peek reports it as a failed attempt, after it the pump as an error event.
  dog.onStall((err) => tap.destroy(err));
  tap.once('close', () => dog.stop());
  // An upstream failure before the first event is a failed attempt (failover); after it the
  // pump sees the tap's error and ends the client's stream with an error event. Wired by hand
  // as `pipeline` would (errors both ways, the upstream destroyed with the tap): pipeline's own
  // AbortController and the DOMException it aborts with at every end cost ~1 % of a stream.
  tap.on('error', (err) => peek.fail(err));
  link(res.body, tap);
  // Nothing reads the tap until the pump attaches: every observer sees every byte, the peeked ones too.
  tap.pause();
  let error = await peek.result;
  // Settled by the first event, then failed before anyone read it: still nothing reached the client.
  if (!error && (tap.errored || tap.destroyed)) error = beforeFirstEvent(tap.errored ?? dog.fired, label);
  if (error) {
    // undici's body emits an 'error' when destroyed mid-read: expected here, not a crash.
    res.body.on('error', ignore);
    tap.on('error', ignore);
    tap.destroy();
    dog.stop();
    return { error };
  }
  dog.content();
  if (tr) {
    const stage = tr.streamStage(tctx);
    const source = stageTransform(stage, (emit) => !watch.complete() && stage.cut(CUT_SHORT, emit));
    source.on('error', ignore); // the pump listens from here on (as pipeline's callback did)
    link(tap, source);
    source.pause();
    return { source };
  }
  return { source: tap, complete: () => watch.complete() };
}

/**
 * `from.pipe(to)` with what `stream.pipeline` adds, by hand (pipeline allocates an
 * AbortController per call and aborts it with a DOMException at every end, ~1 % of a stream):
 * an error of `from` destroys `to` with it, `to` closing destroys `from` (the upstream request
 * is aborted with the tap), and `from` closing without its end is a premature close.
 */
function link(from: Readable, to: Transform): void {
  from.on('error', (err) => to.destroy(err));
  to.once('close', () => {
    if (!from.destroyed) from.destroy();
  });
  from.once('close', () => {
    if (!from.readableEnded && !to.destroyed) to.destroy(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
  });
  from.pipe(to);
}
