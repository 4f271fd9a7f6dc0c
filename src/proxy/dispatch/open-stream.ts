import { pipeline, type Readable } from 'node:stream';
import { ProxyError } from '../../core/errors';
import { peekFirstEvent } from '../stream/peek-first-event';
import { renamesModel, rewriteModelStage } from '../stream/rewrite-model-stage';
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

/**
 * Turns a 200 upstream stream into what the client is sent, or into a failed attempt while
 * nothing has reached the client: a body that is not a stream, or an error as the first event.
 * The upstream's bytes are watched for their dialect's final event, so a stream cut short ends
 * with an error event for the client instead of looking complete.
 */
export async function openStream(
  res: UpstreamResponse,
  call: ClientCall,
  cand: Candidate,
  tr: Translation | undefined,
  tctx: TranslateContext,
  label: string,
  /** Sees every upstream byte, then the end (usage metering); attached before anything can flow. */
  meter: { push(chunk: Uint8Array): void; end(): void },
): Promise<OpenedStream | { error: ProxyError; /** The body is not a stream: its text tells what the upstream said. */ readDetail?: boolean }> {
  const arrayPassthrough = !tr && call.dialect === 'gemini' && !call.geminiSse;
  if (!arrayPassthrough && !/event-stream/i.test(res.headers.get('content-type') ?? '')) {
    return { error: new ProxyError('bad_gateway', `Upstream ${label} answered a streaming request with ${res.headers.get('content-type') ?? 'no content type'}.`, { retryable: true }), readDetail: true };
  }
  let upstream = res.body;
  if (!arrayPassthrough) {
    const peeked = await peekFirstEvent(res.body, cand.wire, label);
    if (peeked.error) {
      // undici's body emits an 'error' when destroyed mid-read: expected here, not a crash.
      peeked.body.on('error', () => {});
      peeked.body.destroy();
      return { error: peeked.error };
    }
    upstream = peeked.body;
  }
  // Paused until the pump has attached: every listener sees every byte, the peeked ones too.
  upstream.pause();
  const watch = terminalWatch(cand.wire);
  upstream.on('data', (c: Uint8Array) => {
    watch.push(c);
    meter.push(c);
  });
  upstream.once('end', () => meter.end());
  if (tr) {
    const stage = tr.streamStage(tctx);
    const source = pipeline(upstream, stageTransform(stage, (emit) => !watch.complete() && stage.cut(CUT_SHORT, emit)), () => {});
    return { source };
  }
  const source = renamesModel(call, cand.upstreamModel) ? pipeline(upstream, rewriteModelStage(call.clientModel), () => {}) : upstream;
  return { source, complete: () => watch.complete() };
}
