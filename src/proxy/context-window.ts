import { ProxyError } from '../core/errors';
import { countTokensEstimate } from '../translate';
import { gateWindow, type LocalLimits } from '../upstream/model-catalog';
import type { ClientCall, DispatchServices } from './dispatch/client-call';
import { resolveChain } from '../upstream/fallback-chain';

/**
 * The context-window step before dispatch (issue 18): a generate request whose estimated input
 * (count-tokens.ts, the documented local estimate) exceeds the window of the model it is routed
 * to (the largest among the accounts that may serve it: see gateWindow) is answered at once, without an upstream call, with that vendor's own too-long error in
 * the client's dialect — the error the clients' reactive compaction (Claude Code, Codex,
 * Gemini CLI) looks for. A model whose window is unknown is not checked.
 */
export function assertFitsWindow(call: ClientCall, svc: DispatchServices, model = call.clientModel): void {
  if (call.action !== 'generate') return;
  // Without media the estimate never exceeds the body's size in bytes (≤ 1 token per character;
  // per-message and per-tool overheads are smaller than their JSON): most requests need no
  // estimate. An image (even a short URL) counts 1600 tokens, so a body naming one is estimated.
  // The window first: a model without one is not checked, and its body is not scanned (three
  // searches through a megabyte body cost more than the rest of this step).
  let window = gateWindow(svc.config(), model, svc.limits?.learned, localLimitsOf(svc));
  if (window === undefined) return;
  let media: boolean | undefined;
  const bound = () => {
    media ??= call.raw.includes('image') || call.raw.includes('nline') || call.raw.includes('file');
    return media ? Number.POSITIVE_INFINITY : call.raw.byteLength + 16;
  };
  if (bound() <= window) return;
  // Anthropic's 1M-context beta (Claude Code sends it for Sonnet when enabled) widens the window.
  if (call.dialect === 'anthropic' && /context-1m/i.test(String(call.headers['anthropic-beta'] ?? ''))) window = Math.max(window, 1_000_000);
  if (bound() <= window) return;
  let tokens: number;
  try {
    tokens = countTokensEstimate(call.dialect, call.body);
  } catch {
    return; // a body the codec cannot read is the dispatcher's to refuse
  }
  if (tokens <= window) return;
  throw tooLong(call.dialect, tokens, window);
}

/**
 * The first model of the client model's `contextWindowFallbacks` chain whose window the input
 * fits (issue 19), when the client's own model is too small; undefined when there is none
 * (the too-long error stands, and starts the client's own compaction).
 */
export function widerModel(call: ClientCall, svc: DispatchServices): string | undefined {
  for (const m of resolveChain(svc.config().contextWindowFallbacks, call.clientModel)) {
    try {
      assertFitsWindow(call, svc, m);
      return m;
    } catch {
      // too long for this one as well: try the next
    }
  }
  return undefined;
}

export function tooLong(dialect: ClientCall['dialect'], n: number, m: number): ProxyError {
  switch (dialect) {
    case 'anthropic':
      return new ProxyError('invalid_request', `prompt is too long: ${n} tokens > ${m} maximum`, { retryable: false });
    case 'gemini':
      return new ProxyError('invalid_request', `The input token count (${n}) exceeds the maximum number of tokens allowed (${m}).`, { retryable: false });
    default:
      return new ProxyError('invalid_request', `This model's maximum context length is ${m} tokens. However, your messages resulted in ${n} tokens.`, { retryable: false, code: 'context_length_exceeded' });
  }
}

/** The in-process providers' models and limits, as the model catalog reads them. */
export function localLimitsOf(svc: DispatchServices): LocalLimits {
  return {
    models: (a) => svc.localProvider(a.kind)?.models(a),
    limits: (a, m) => svc.localProvider(a.kind)?.limits?.(a, m),
  };
}
