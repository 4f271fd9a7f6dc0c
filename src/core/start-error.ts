import { hasBrand, setBrand } from './brand';

const START_ERROR = Symbol.for('antigravity.StartError');

/** Start failures with the exact texts of the HTTP contract (DESIGN §2); other tools match on them. */
export type StartErrorCode = 'NO_ACCOUNT' | 'BIND_FAILED';

export class StartError extends Error {
  /** True for a StartError of any bundle's copy of this class (see brand.ts). */
  static isInstance(x: unknown): x is StartError {
    return hasBrand(x, START_ERROR);
  }

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
setBrand(StartError.prototype, START_ERROR);

export const NO_ACCOUNT_MESSAGE = 'No available account, please add an account first';

export function noAccountError(): StartError {
  return new StartError('NO_ACCOUNT', NO_ACCOUNT_MESSAGE);
}

export function bindError(host: string, port: number, reason: string): StartError {
  return new StartError('BIND_FAILED', `Failed to start server: address ${host}:${port} bind failed: ${reason}`, reason);
}
