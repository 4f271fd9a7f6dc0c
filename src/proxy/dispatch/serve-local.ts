import type { Context } from 'koa';
import { ProxyError } from '../errors';
import type { Candidate } from '../../upstream/pool-types';
import type { ClientCall, DispatchServices, RequestTrace } from './client-call';

/**
 * Serves one attempt through the LocalProvider (vscode-lm): client body → IR → provider →
 * IR events → the client's codec (stream or JSON). Throws ProxyError before the first byte so
 * the dispatcher can fail over.
 */
export async function serveLocal(ctx: Context, call: ClientCall, cand: Candidate, svc: DispatchServices, trace: RequestTrace, signal: AbortSignal): Promise<void> {
  void ctx;
  void call;
  void trace;
  void signal;
  if (!svc.localProvider()) throw new ProxyError('unavailable', `Account ${cand.account.label} (VS Code language models) is only available inside VS Code.`, { retryable: true });
  throw new ProxyError('unavailable', 'VS Code language models are not wired yet.', { status: 501, retryable: true });
}
