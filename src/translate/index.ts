import type { Dialect } from '../core/dialect';
import { ProxyError } from '../core/errors';
import { CODECS } from './codecs/registry';
import { JsonToolAsText, jsonToolAnswerAsText, type StructuredOutputMode } from './codecs/shared/response-format';
import { inlineImageUrls, remoteImageUrls, type InlineImage } from './codecs/shared/image-urls';
import { compose, toTransformStream } from './codecs/shared/stage';
import { StreamPipeline } from './pipeline';
import { addCacheBreakpoints } from './codecs/anthropic/cache-breakpoints';
import { admitRequest, CarryReasoningStage, stampResponse, type ReasoningMemory } from './reasoning-carry';

export type { StreamPipeline };
export type { ReasoningMemory };

export { countTokensBody, countTokensEstimate, countTokensLocal, countTokensRequest, countTokensResponse } from './count-tokens';

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
  /**
   * OpenAI chat clients: the request's `stream_options.include_usage` (see `includeUsageOf`).
   * When true the stream ends with the documented usage chunk (empty `choices`); otherwise
   * usage rides on the finish chunk.
   */
  includeUsage?: boolean;
  /**
   * The account serving the request: signatures it issues are stamped with their origin
   * (account × model family) and only its own come back to it (see reasoning-carry.ts).
   */
  accountId?: string;
  /** The request's sticky-session key (scopes `reasoningMemory`). */
  sessionKey?: string;
  /** Where reasoning of clients without a signature field is kept, by tool-call id. */
  reasoningMemory?: ReasoningMemory;
  /** Anthropic wire: originate cache_control breakpoints for non-Anthropic clients (`auto`, the default) or not (`off`). */
  promptCaching?: 'auto' | 'off';
  /** Anthropic-wire accounts: how the vendor takes structured output (default: a synthetic tool). */
  structuredOutputs?: StructuredOutputMode;
  /**
   * The synthetic answer tool the upstream request carries (see `jsonToolOf`): its call is
   * mapped back to the client as the answer's JSON text and never surfaces as a tool call.
   */
  jsonTool?: string;
  /** Images the proxy fetched (URL → inline data) for an upstream that takes only inline data (see `imageUrlsToFetch`). */
  inlineImages?: ReadonlyMap<string, InlineImage>;
}

export interface Translation {
  /** Client body → upstream body (model set to ctx.upstreamModel). Throws ProxyError(invalid_request) when impossible. */
  request(body: Record<string, unknown>, ctx: TranslateContext): Record<string, unknown>;
  /** Upstream JSON response → client JSON response. */
  response(upstream: unknown, ctx: TranslateContext): unknown;
  /** Upstream stream bytes → client stream bytes: always a complete, valid sequence for the client dialect. */
  stream(ctx: TranslateContext): TransformStream<Uint8Array, Uint8Array>;
  /** The same pipeline as one synchronous stage (the server runs it inside its Node stream). */
  streamStage(ctx: TranslateContext): StreamPipeline;
}

/** Reads `stream_options.include_usage` from an OpenAI chat body (for TranslateContext.includeUsage). */
export function includeUsageOf(body: Record<string, unknown>): boolean {
  const so = body.stream_options;
  return typeof so === 'object' && so !== null && (so as Record<string, unknown>).include_usage === true;
}

/**
 * Any client dialect to any wire dialect through the IR. Works for client === wire too
 * (a normalizing round trip), though routing passes those through unchanged.
 */
export function translation(client: Dialect, wire: Dialect): Translation {
  const from = CODECS[client];
  return {
    request(body, ctx) {
      return translateRequest(client, wire, body, ctx).body;
    },
    response(upstream, ctx) {
      const ir = CODECS[wire].decodeResponse(upstream);
      stampResponse(ir, ctx);
      return from.encodeResponse(ctx.jsonTool ? jsonToolAnswerAsText(ir, ctx.jsonTool) : ir, ctx.clientModel);
    },
    stream(ctx) {
      return toTransformStream(this.streamStage(ctx));
    },
    streamStage(ctx) {
      const encoder = from.encodeStream({ model: ctx.clientModel, geminiSse: ctx.geminiSse, includeUsage: ctx.includeUsage });
      const decoder = CODECS[wire].decodeStream();
      const accountId = ctx.accountId;
      const carried = accountId === undefined ? decoder : new CarryReasoningStage(decoder, { ...ctx, accountId });
      return new StreamPipeline(ctx.jsonTool ? compose(carried, new JsonToolAsText(ctx.jsonTool)) : carried, encoder);
    },
  };
}

/**
 * Like `translation(client, wire).request`, plus the notes on what the upstream cannot do and
 * was dropped (non-function tools, top_k for OpenAI, …) — for the monitor.
 */
export function translateRequest(client: Dialect, wire: Dialect, body: Record<string, unknown>, ctx: TranslateContext): { body: Record<string, unknown>; notes: string[] } {
  const ir = CODECS[client].decodeRequest(body);
  ir.stream = ctx.stream;
  admitRequest(ir, ctx);
  if (ir.n !== undefined && ir.n > 1) {
    throw new ProxyError('invalid_request', `n=${ir.n} is not supported when translating ${client} to ${wire}: only one choice can be returned.`, { code: 'unsupported_n' });
  }
  if (ctx.inlineImages) inlineImageUrls(ir, ctx.inlineImages);
  const out = CODECS[wire].encodeRequest(ir, ctx.upstreamModel, { structuredOutputs: ctx.structuredOutputs });
  if (wire === 'anthropic' && client !== 'anthropic' && ctx.promptCaching !== 'off') addCacheBreakpoints(out);
  return { body: out, notes: [...new Set(ir.notes)] };
}

/**
 * The image URLs the proxy must fetch before `client` → `wire` can be encoded: Gemini takes
 * images only as inline data (or its own file URIs). Empty for every other wire.
 */
export function imageUrlsToFetch(client: Dialect, wire: Dialect, body: Record<string, unknown>): string[] {
  if (wire !== 'gemini' || client === 'gemini') return [];
  return remoteImageUrls(CODECS[client].decodeRequest(body));
}
