import { pipeline, type Readable } from 'node:stream';
import { ProxyError } from '../../core/errors';
import { firstEventPeek } from '../stream/peek-first-event';
import { lineTap, type StreamObserver } from '../stream/line-tap';
import { renamesModel, rewriteModelLine } from '../stream/rewrite-model-stage';
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

const ignore = () => {};

/**
 * Turns a 200 upstream stream into what the client is sent, or into a failed attempt while
 * nothing has reached the client: a body that is not a stream, or an error as the first event.
 * The upstream's bytes go through one line tap that frames them once for every observer
 * (first-event peek, terminal watch, usage meter) and the model rewrite, so a stream cut short
 * ends with an error event for the client instead of looking complete.
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
): Promise<OpenedStream | { error: ProxyError; /** The body is not a stream: its text tells what the upstream said. */ readDetail?: boolean }> {
  const arrayPassthrough = !tr && call.dialect === 'gemini' && !call.geminiSse;
  if (!arrayPassthrough && !/event-stream/i.test(res.headers.get('content-type') ?? '')) {
    return { error: new ProxyError('bad_gateway', `Upstream ${label} answered a streaming request with ${res.headers.get('content-type') ?? 'no content type'}.`, { retryable: true }), readDetail: true };
  }
  const watch = terminalWatch(cand.wire);
  const peek = arrayPassthrough ? undefined : firstEventPeek(cand.wire, label);
  const observers: StreamObserver[] = [watch, meter.stream(!arrayPassthrough)];
  if (peek) observers.push(peek);
  const rewriteLine = !tr && renamesModel(call, cand.upstreamModel) ? rewriteModelLine(call.clientModel) : undefined;
  const tap = lineTap({ sse: !arrayPassthrough, observers, rewriteLine });
  // A failure while peeking is left for the pump to report (it sees the tap's error).
  pipeline(res.body, tap, () => peek?.giveUp());
  // Nothing reads the tap until the pump attaches: every observer sees every byte, the peeked ones too.
  tap.pause();
  const error = await peek?.result;
  if (error) {
    // undici's body emits an 'error' when destroyed mid-read: expected here, not a crash.
    res.body.on('error', ignore);
    tap.on('error', ignore);
    tap.destroy();
    return { error };
  }
  if (tr) {
    const stage = tr.streamStage(tctx);
    const source = pipeline(tap, stageTransform(stage, (emit) => !watch.complete() && stage.cut(CUT_SHORT, emit)), ignore);
    source.pause();
    return { source };
  }
  return { source: tap, complete: () => watch.complete() };
}
