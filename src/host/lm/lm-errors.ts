/**
 * VS Code LanguageModelError → ProxyError (pure; narrowed on `code`, never on message text).
 * The core lives in another bundle, so its `instanceof ProxyError` does not hold for these:
 * the core recognises them by their brand (`ProxyError.isInstance`) and re-creates them (`ProxyError.from`).
 */
import { ProxyError } from '../../core/errors';

export const ALLOW_COMMAND_TITLE = 'Antigravity: Allow VS Code Language Models';
/** How long a blocked (rate-limited) model cools when VS Code gives no hint. */
export const BLOCKED_RETRY_SECONDS = 60;

function messageOf(err: unknown): string {
  const e = err as { message?: unknown; cause?: { message?: unknown } } | undefined;
  const own = typeof e?.message === 'string' ? e.message : '';
  const cause = typeof e?.cause?.message === 'string' ? e.cause.message : '';
  return [own, cause && cause !== own ? cause : ''].filter(Boolean).join(': ') || String(err);
}

/**
 * `cancelled`: the request's token was cancelled (the client disconnected). That, or VS Code's
 * CancellationError (name `Canceled`), is 499 / not retryable: the pool must not cool the
 * account for a client that went away.
 */
export function lmError(err: unknown, model: string, cancelled = false): ProxyError {
  const e = err as { code?: unknown; name?: unknown } | undefined;
  const code = e?.code;
  const detail = messageOf(err);
  if (cancelled || e?.name === 'Canceled') {
    return new ProxyError('api_error', 'Request aborted.', { status: 499, retryable: false, cause: err });
  }
  switch (code) {
    case 'NoPermissions':
      return new ProxyError('permission',
        `VS Code has not allowed Antigravity Proxy to use the language model "${model}". Run the command "${ALLOW_COMMAND_TITLE}" in VS Code and accept the consent dialog.`,
        { status: 403, retryable: true, code: 'vscode_lm_no_permission', cause: err });
    case 'NotFound':
      return new ProxyError('not_found', `VS Code has no language model "${model}" (any more): ${detail}`, { status: 404, retryable: true, cause: err });
    case 'Blocked':
      return new ProxyError('rate_limit', `VS Code blocked the request to language model "${model}" (rate limit or quota): ${detail}`,
        { status: 429, retryable: true, retryAfterSeconds: BLOCKED_RETRY_SECONDS, cause: err });
    default:
      return new ProxyError('bad_gateway', `VS Code language model "${model}" failed: ${detail}`, { status: 502, retryable: true, cause: err });
  }
}
