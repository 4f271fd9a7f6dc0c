import type { Dialect } from '../dialect';
import { ProxyError } from '../errors';

/**
 * The seam between routing and the codecs: how a request in the client's dialect is sent
 * to an account speaking another dialect, and how the answer comes back.
 * Same-dialect requests never come here (they are passed through).
 */
export interface TranslateContext {
  clientModel: string;
  upstreamModel: string;
  stream: boolean;
  /** Gemini clients: `?alt=sse` (SSE) or a streamed JSON array. */
  geminiSse: boolean;
}

export interface Translation {
  /** Client body → upstream body (model set to ctx.upstreamModel). Throws ProxyError(invalid_request) when impossible. */
  request(body: Record<string, unknown>, ctx: TranslateContext): Record<string, unknown>;
  /** Upstream JSON response → client JSON response. */
  response(upstream: unknown, ctx: TranslateContext): unknown;
  /** Upstream stream bytes → client stream bytes: always a complete, valid sequence for the client dialect. */
  stream(ctx: TranslateContext): TransformStream<Uint8Array, Uint8Array>;
}

export function translation(client: Dialect, wire: Dialect): Translation {
  throw new ProxyError('invalid_request', `Translation from ${client} to ${wire} is not available yet.`, { status: 501, retryable: false });
}
