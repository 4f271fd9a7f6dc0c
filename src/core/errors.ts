import { hasBrand, setBrand } from './brand';
import type { ErrorDialect } from './dialect';

/**
 * The one error family of the proxy. Code narrows on `kind` (never on message text);
 * `status` is what the client sees; `retryable` says whether another account may succeed.
 */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'request_too_large'
  | 'rate_limit'
  | 'api_error'
  | 'bad_gateway'
  | 'unavailable'
  | 'timeout'
  | 'overloaded';

const DEFAULT_STATUS: Record<ErrorKind, number> = {
  invalid_request: 400,
  authentication: 401,
  permission: 403,
  not_found: 404,
  request_too_large: 413,
  rate_limit: 429,
  api_error: 500,
  bad_gateway: 502,
  unavailable: 503,
  timeout: 504,
  overloaded: 529,
};

export interface ProxyErrorOptions {
  status?: number;
  retryable?: boolean;
  /** Seconds until a retry may succeed (429 / 503); becomes `Retry-After`. */
  retryAfterSeconds?: number;
  /**
   * `retryAfterSeconds` is the proxy's own deadline (a budget's reset at midnight), not a vendor
   * hint: sent as is (rounded up, at least 1 s), not clamped to an hour.
   */
  exactRetryAfter?: boolean;
  /** Machine-readable detail for OpenAI's `code` field. */
  code?: string;
  cause?: unknown;
}

const PROXY_ERROR = Symbol.for('antigravity.ProxyError');

export class ProxyError extends Error {
  /** True for a ProxyError of any bundle's copy of this class (see brand.ts). */
  static isInstance(x: unknown): x is ProxyError {
    return hasBrand(x, PROXY_ERROR);
  }

  /**
   * This bundle's ProxyError for anything thrown: the error itself, a copy of another bundle's
   * ProxyError (kind, status, retryability, Retry-After and code kept; the original as cause),
   * or the safe mapping of `toProxyError` for anything else.
   */
  static from(x: unknown): ProxyError {
    return toProxyError(x);
  }

  readonly kind: ErrorKind;
  readonly status: number;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;
  readonly exactRetryAfter?: boolean;
  readonly code?: string;

  constructor(kind: ErrorKind, message: string, opts: ProxyErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ProxyError';
    this.kind = kind;
    this.status = opts.status ?? DEFAULT_STATUS[kind];
    this.retryable = opts.retryable ?? isRetryableStatus(this.status);
    this.retryAfterSeconds = opts.retryAfterSeconds;
    if (opts.exactRetryAfter) this.exactRetryAfter = true;
    this.code = opts.code;
  }
}
setBrand(ProxyError.prototype, PROXY_ERROR);

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export function errorKindForStatus(status: number): ErrorKind {
  switch (status) {
    case 400: case 422: return 'invalid_request';
    case 401: return 'authentication';
    case 403: return 'permission';
    case 404: return 'not_found';
    case 413: return 'request_too_large';
    case 429: return 'rate_limit';
    case 502: return 'bad_gateway';
    case 503: return 'unavailable';
    case 408: case 504: return 'timeout';
    case 529: return 'overloaded';
    default: return status >= 500 ? 'api_error' : 'invalid_request';
  }
}

/** Turns anything thrown into a ProxyError without leaking internals (no stack, no raw messages of unknown errors). */
export function toProxyError(err: unknown): ProxyError {
  if (err instanceof ProxyError) return err;
  if (ProxyError.isInstance(err)) {
    return new ProxyError(err.kind, err.message, {
      status: err.status,
      retryable: err.retryable,
      retryAfterSeconds: err.retryAfterSeconds,
      exactRetryAfter: err.exactRetryAfter,
      code: err.code,
      cause: err,
    });
  }
  const e = err as { status?: number; statusCode?: number; expose?: boolean; type?: string; message?: string };
  const status = e?.status ?? e?.statusCode;
  // http-errors from the body parser / Koa carry a status and are safe to show when `expose`.
  if (typeof status === 'number' && status >= 400 && status < 600) {
    if (status === 413) return new ProxyError('request_too_large', 'Request body is too large for this proxy.', { cause: err });
    if (status === 400 && e.type === 'entity.parse.failed') {
      return new ProxyError('invalid_request', 'Malformed JSON in request body.', { cause: err });
    }
    const message = e.expose && e.message ? e.message : 'Request failed.';
    return new ProxyError(errorKindForStatus(status), message, { status, cause: err });
  }
  return new ProxyError('api_error', 'Internal proxy error.', { cause: err });
}

const OPENAI_TYPE: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  api_error: 'server_error',
  bad_gateway: 'server_error',
  unavailable: 'server_error',
  timeout: 'timeout_error',
  overloaded: 'server_error',
};

const ANTHROPIC_TYPE: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'request_too_large',
  rate_limit: 'rate_limit_error',
  api_error: 'api_error',
  bad_gateway: 'api_error',
  unavailable: 'api_error',
  timeout: 'timeout_error',
  overloaded: 'overloaded_error',
};

const GEMINI_STATUS: Record<ErrorKind, string> = {
  invalid_request: 'INVALID_ARGUMENT',
  authentication: 'UNAUTHENTICATED',
  permission: 'PERMISSION_DENIED',
  not_found: 'NOT_FOUND',
  request_too_large: 'INVALID_ARGUMENT',
  rate_limit: 'RESOURCE_EXHAUSTED',
  api_error: 'INTERNAL',
  bad_gateway: 'UNAVAILABLE',
  unavailable: 'UNAVAILABLE',
  timeout: 'DEADLINE_EXCEEDED',
  overloaded: 'UNAVAILABLE',
};

/** Bounds of a `Retry-After` we send: at least 1 s (0 invites a hot loop), at most an hour (a hostile vendor value). */
export const RETRY_AFTER_MIN_SECONDS = 1;
export const RETRY_AFTER_MAX_SECONDS = 3600;
/** A 429 / 503 whose cause named no delay still tells the client to wait a moment. */
export const RETRY_AFTER_DEFAULT_SECONDS = 5;

/**
 * The `Retry-After` (whole seconds) every 429 / 503 we answer carries, in every dialect: the
 * error's own delay (a vendor hint or the pool's soonest cooldown) rounded up and clamped to
 * 1 … 3600 (the proxy's own deadlines, `exactRetryAfter`, are not capped), else a default.
 * Undefined for any other status.
 */
export function retryAfterOf(err: ProxyError): number | undefined {
  if (err.status !== 429 && err.status !== 503) return undefined;
  const s = err.retryAfterSeconds;
  if (s === undefined || !Number.isFinite(s)) return RETRY_AFTER_DEFAULT_SECONDS;
  if (err.exactRetryAfter) return Math.max(RETRY_AFTER_MIN_SECONDS, Math.ceil(s));
  return Math.min(RETRY_AFTER_MAX_SECONDS, Math.max(RETRY_AFTER_MIN_SECONDS, Math.ceil(s)));
}

/** The headers an error answer carries beyond its content type: `Retry-After` on a 429 / 503. */
export function errorHeaders(err: ProxyError): Record<string, string> {
  const s = retryAfterOf(err);
  return s === undefined ? {} : { 'retry-after': String(s) };
}

/** The error body in the caller's dialect (DESIGN §2); a Gemini 429 / 503 also carries `google.rpc.RetryInfo`. */
export function errorBody(dialect: ErrorDialect, err: ProxyError): unknown {
  switch (dialect) {
    case 'anthropic':
      return { type: 'error', error: { type: ANTHROPIC_TYPE[err.kind], message: err.message } };
    case 'gemini': {
      const retry = retryAfterOf(err);
      const details = retry === undefined ? undefined : [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retry}s` }];
      return { error: { code: err.status, message: err.message, status: GEMINI_STATUS[err.kind], ...(details ? { details } : {}) } };
    }
    default:
      return { error: { message: err.message, type: OPENAI_TYPE[err.kind], code: err.code ?? err.kind, param: null } };
  }
}
