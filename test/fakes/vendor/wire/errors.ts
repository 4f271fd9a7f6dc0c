import { newId, type ErrorHints } from './turn';

/** The three vendor families, by where they look for the key and how they write errors. */
export type VendorKind = 'openai' | 'anthropic' | 'gemini';

/** An HTTP error exactly as the vendor sends it: status, headers and JSON body. */
export interface VendorErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface ErrorOptions extends ErrorHints {
  /** OpenAI `error.code` (e.g. "invalid_api_key", "rate_limit_exceeded"); defaults by status. */
  code?: string | null;
  /** `error.type` (OpenAI, Anthropic) or `error.status` (Gemini) instead of the one for the status. */
  errorType?: string;
  /** Gemini `error.details` entries to add (RetryInfo is added from `retryDelay`). */
  details?: unknown[];
}

/** api.openai.com: `{"error":{message,type,param,code}}` plus `x-request-id`. */
function openai(status: number, message: string, o: ErrorOptions): VendorErrorResponse {
  const type = o.errorType ?? (status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error');
  const code = o.code !== undefined ? o.code : status === 401 ? 'invalid_api_key' : status === 429 ? 'rate_limit_exceeded' : status === 404 ? 'model_not_found' : null;
  return { status, headers: { 'x-request-id': newId('req_') }, body: { error: { message, type, param: null, code } } };
}

/** api.anthropic.com: `{"type":"error","error":{type,message},"request_id"}` and the same id in `request-id`. */
function anthropic(status: number, message: string, o: ErrorOptions): VendorErrorResponse {
  const type =
    o.errorType ??
    (status === 401 ? 'authentication_error' : status === 403 ? 'permission_error' : status === 404 ? 'not_found_error' : status === 413 ? 'request_too_large'
      : status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : status >= 500 ? 'api_error' : 'invalid_request_error');
  const id = newId('req_011');
  return { status, headers: { 'request-id': id }, body: { type: 'error', error: { type, message }, request_id: id } };
}

const GOOGLE_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED', 499: 'CANCELLED', 500: 'INTERNAL', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED',
};

/** generativelanguage.googleapis.com: `{"error":{code,message,status,details}}`; retry hint in `google.rpc.RetryInfo`. */
function gemini(status: number, message: string, o: ErrorOptions): VendorErrorResponse {
  const details = [...(o.details ?? [])];
  if (o.retryDelay) details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: o.retryDelay });
  const error = { code: status, message, status: o.errorType ?? GOOGLE_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION'), ...(details.length ? { details } : {}) };
  return { status, headers: {}, body: { error } };
}

/** The vendor's error response for `status`, with any retry hints as that vendor sends them. */
export function vendorError(kind: VendorKind, status: number, message: string, o: ErrorOptions = {}): VendorErrorResponse {
  const r = kind === 'openai' ? openai(status, message, o) : kind === 'anthropic' ? anthropic(status, message, o) : gemini(status, message, o);
  if (o.retryAfter !== undefined) r.headers['retry-after'] = String(o.retryAfter);
  Object.assign(r.headers, o.headers);
  return r;
}

/** How each vendor refuses a wrong or missing key (status, message and details as the real API). */
export function badKeyError(kind: VendorKind, presented: string): VendorErrorResponse {
  if (kind === 'openai') {
    return presented
      ? vendorError('openai', 401, `Incorrect API key provided: ${presented.slice(0, 3)}***${presented.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`)
      : vendorError('openai', 401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", { code: null });
  }
  if (kind === 'anthropic') return vendorError('anthropic', 401, presented ? 'invalid x-api-key' : 'x-api-key header is required');
  if (!presented) {
    return vendorError('gemini', 403, 'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.');
  }
  return vendorError('gemini', 400, 'API key not valid. Please pass a valid API key.', {
    details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } }],
  });
}
