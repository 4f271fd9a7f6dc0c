/** Start failures with the exact texts of the HTTP contract (DESIGN §2); other tools match on them. */
export type StartErrorCode = 'NO_ACCOUNT' | 'BIND_FAILED';

export class StartError extends Error {
  readonly code: StartErrorCode;
  /** For BIND_FAILED: the errno code (EADDRINUSE, EACCES, …). */
  readonly reason?: string;
  constructor(code: StartErrorCode, message: string, reason?: string) {
    super(message);
    this.name = 'StartError';
    this.code = code;
    this.reason = reason;
  }
}

export const NO_ACCOUNT_MESSAGE = 'No available account, please add an account first';

export function noAccountError(): StartError {
  return new StartError('NO_ACCOUNT', NO_ACCOUNT_MESSAGE);
}

export function bindError(host: string, port: number, reason: string): StartError {
  return new StartError('BIND_FAILED', `Failed to start server: address ${host}:${port} bind failed: ${reason}`, reason);
}

/**
 * Narrowing that also works across bundles: the extension loads the core from its own file
 * (dist/core.js), so `instanceof` against the extension's copy of the class would fail.
 */
export function isStartError(err: unknown): err is StartError {
  return err instanceof Error && err.name === 'StartError' && typeof (err as StartError).code === 'string';
}
