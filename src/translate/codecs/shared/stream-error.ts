import type { ErrorDialect } from '../../../core/dialect';
import { type ErrorKind, errorBody, errorKindForStatus, ProxyError } from '../../../core/errors';
import type { IrStreamEvent } from '../../ir';

const VENDOR_KIND: Record<string, ErrorKind> = {
  invalid_request_error: 'invalid_request',
  authentication_error: 'authentication',
  permission_error: 'permission',
  not_found_error: 'not_found',
  request_too_large: 'request_too_large',
  rate_limit_error: 'rate_limit',
  api_error: 'api_error',
  server_error: 'api_error',
  overloaded_error: 'overloaded',
  timeout_error: 'timeout',
  INVALID_ARGUMENT: 'invalid_request',
  FAILED_PRECONDITION: 'invalid_request',
  UNAUTHENTICATED: 'authentication',
  PERMISSION_DENIED: 'permission',
  NOT_FOUND: 'not_found',
  RESOURCE_EXHAUSTED: 'rate_limit',
  INTERNAL: 'api_error',
  UNAVAILABLE: 'unavailable',
  DEADLINE_EXCEEDED: 'timeout',
};

/** A vendor's error type/status (any dialect) → our ErrorKind. */
function errorKindOf(vendorType: string | undefined, status?: number): ErrorKind {
  if (vendorType && VENDOR_KIND[vendorType]) return VENDOR_KIND[vendorType];
  if (status !== undefined) return errorKindForStatus(status);
  return 'api_error';
}

/** The body of an in-stream error in the client's dialect (same shapes as before-first-byte errors). */
export function streamErrorBody(dialect: ErrorDialect, ev: Extract<IrStreamEvent, { type: 'error' }>): Record<string, unknown> {
  const kind = errorKindOf(ev.errorType, ev.status);
  return errorBody(dialect, new ProxyError(kind, ev.message, ev.status !== undefined ? { status: ev.status } : {})) as Record<string, unknown>;
}
