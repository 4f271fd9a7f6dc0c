import { ProxyError } from '../../core/errors';
import type { Candidate } from '../../upstream/pool-types';
import type { RoutedExchange } from '../exchange';
import { commitStream } from '../stream/commit';
import { startHeartbeat } from '../stream/heartbeat';
import type { DispatchServices } from './client-call';
import { routeChain, setRouteHeaders } from './fallback';
import { isGone, type Failure, type Outcome } from './outcome';
import { record } from './record';
import { respond } from './respond';
import { sendHttp } from './send-http';
import { sendLocal } from './serve-local';

/**
 * Serves one client call through the pool, in four steps per candidate account:
 * plan (the pool's ordered candidates) → send (one attempt: an Answer or a Failure) →
 * record (monitor attempt + pool report) → respond (the first Answer goes to the client).
 * A retryable vendor Failure moves on to the next candidate; rotation happens only before the
 * first content byte reached the client (keep-alives do not count), and at most once per
 * account. A client's or the proxy's own fault would fail the same on every account: it is
 * answered at once (outcome.ts `Fault`).
 */
export async function dispatch(ex: RoutedExchange, svc: DispatchServices): Promise<void> {
  const { call } = ex;
  const chain = routeChain(ex, svc); // plan (+ request class, fallback chain, queues: fallback.ts)
  const heartbeat = call.stream && call.action === 'generate' ? startHeartbeat(ex.res, () => commitStream(ex, call), svc.keepAliveMs) : undefined;
  try {
    let last: Failure | undefined;
    for await (const { plan, cand } of chain) {
      if (ex.signal.aborted) return;
      const outcome = await send(ex, cand, svc);
      record(ex.trace, svc, plan, cand, outcome);
      if (outcome.kind === 'failure') {
        // Gone: nobody to answer. Refused (client) or our bug (proxy): answered once, no rotation.
        if (isGone(outcome)) return;
        last = outcome;
        // A vendor's capacity signal moves on (next account, then the fallback chain); so does a
        // too-long input when contextWindowFallbacks has somewhere to go. Our own bug never does.
        if (outcome.fault !== 'proxy' && chain.moveOn(outcome) && ex.trace.ttfbMs === undefined) continue;
        throw outcome.error;
      }
      heartbeat?.stop();
      setRouteHeaders(ex, cand);
      await respondUnlessGone(ex, outcome, svc);
      return;
    }
    throw last?.error ?? new ProxyError('unavailable', `No account could serve model ${call.clientModel}.`);
  } finally {
    heartbeat?.stop();
  }
}

/** In process (a LocalProvider registered for the account's kind) or over HTTP. */
function send(ex: RoutedExchange, cand: Candidate, svc: DispatchServices): Promise<Outcome> {
  const local = svc.localProvider(cand.account.kind);
  return local ? sendLocal(ex, cand, local) : sendHttp(ex, cand, svc);
}

async function respondUnlessGone(ex: RoutedExchange, answer: Exclude<Outcome, Failure>, svc: DispatchServices): Promise<void> {
  try {
    await respond(ex, answer, svc);
  } catch (err) {
    // The client left while its answer was being written: nobody to tell.
    if (!ex.signal.aborted) throw err;
  }
}
