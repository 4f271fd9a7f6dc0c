import type { Dialect } from '../../core/dialect';
import type { IrRequest, IrResponse, IrStreamEvent, IrUsage } from '../ir';
import type { SseEvent } from '../sse/decode-sse';
import { decodeAnthropicRequest } from './anthropic/decode-anthropic-request';
import { decodeAnthropicResponse } from './anthropic/decode-anthropic-response';
import { DecodeAnthropicStream } from './anthropic/decode-anthropic-stream';
import { encodeAnthropicRequest } from './anthropic/encode-anthropic-request';
import { encodeAnthropicResponse } from './anthropic/encode-anthropic-response';
import { EncodeAnthropicStream } from './anthropic/encode-anthropic-stream';
import { decodeGeminiRequest } from './gemini/decode-gemini-request';
import { decodeGeminiResponse } from './gemini/decode-gemini-response';
import { DecodeGeminiStream } from './gemini/decode-gemini-stream';
import { encodeGeminiRequest } from './gemini/encode-gemini-request';
import { encodeGeminiResponse } from './gemini/encode-gemini-response';
import { EncodeGeminiStream } from './gemini/encode-gemini-stream';
import { decodeOpenAIChatRequest } from './openai-chat/decode-openai-chat-request';
import { decodeOpenAIChatResponse } from './openai-chat/decode-openai-chat-response';
import { DecodeOpenAIChatStream } from './openai-chat/decode-openai-chat-stream';
import { encodeOpenAIChatRequest } from './openai-chat/encode-openai-chat-request';
import { encodeOpenAIChatResponse } from './openai-chat/encode-openai-chat-response';
import { EncodeOpenAIChatStream } from './openai-chat/encode-openai-chat-stream';
import { decodeResponsesRequest } from './openai-responses/decode-responses-request';
import { decodeResponsesResponse } from './openai-responses/decode-responses-response';
import { DecodeResponsesStream } from './openai-responses/decode-responses-stream';
import { encodeResponsesRequest } from './openai-responses/encode-responses-request';
import { encodeResponsesResponse } from './openai-responses/encode-responses-response';
import { EncodeResponsesStream } from './openai-responses/encode-responses-stream';
import { usageOf as anthropicUsageOf } from './anthropic/usage';
import { usageOf as geminiUsageOf } from './gemini/usage';
import { usageOf as openAIChatUsageOf } from './openai-chat/usage';
import { usageOf as responsesUsageOf } from './openai-responses/usage';
import type { Json } from './shared/json';
import type { StructuredOutputMode } from './shared/response-format';
import type { Stage } from './shared/stage';

export interface StreamEncodeOptions {
  model: string;
  /** Gemini clients: SSE (true) or a streamed JSON array. */
  geminiSse: boolean;
  /** OpenAI chat clients: stream_options.include_usage. */
  includeUsage?: boolean;
}

/** One dialect's codec: the client side (decode requests, encode answers) and the wire side (the reverse). */
export interface Codec {
  decodeRequest(body: Record<string, unknown>): IrRequest;
  /** `opts.structuredOutputs`: how an Anthropic-wire account takes a response format (others ignore it). */
  encodeRequest(ir: IrRequest, model: string, opts?: { structuredOutputs?: StructuredOutputMode }): Json;
  decodeResponse(body: unknown): IrResponse;
  encodeResponse(r: IrResponse, model: string): Json;
  decodeStream(): Stage<SseEvent, IrStreamEvent>;
  encodeStream(opts: StreamEncodeOptions): Stage<IrStreamEvent, Uint8Array>;
  /**
   * The usage one parsed event, chunk or whole response carries (IR convention; unknown
   * fields absent), or undefined. The same mapping the decoders use: the monitor's usage tap
   * calls it on passthrough bytes, so both count alike.
   */
  usageOf(event: unknown): Partial<IrUsage> | undefined;
  /** The JSON key under which this dialect's responses carry their usage object. */
  usageField: 'usage' | 'usageMetadata';
}

export const CODECS: Record<Dialect, Codec> = {
  anthropic: {
    decodeRequest: decodeAnthropicRequest,
    encodeRequest: encodeAnthropicRequest,
    decodeResponse: decodeAnthropicResponse,
    encodeResponse: encodeAnthropicResponse,
    decodeStream: () => new DecodeAnthropicStream(),
    encodeStream: (o) => new EncodeAnthropicStream(o.model),
    usageOf: anthropicUsageOf,
    usageField: 'usage',
  },
  'openai-chat': {
    decodeRequest: decodeOpenAIChatRequest,
    encodeRequest: encodeOpenAIChatRequest,
    decodeResponse: decodeOpenAIChatResponse,
    encodeResponse: (r, m) => encodeOpenAIChatResponse(r, m),
    decodeStream: () => new DecodeOpenAIChatStream(),
    encodeStream: (o) => new EncodeOpenAIChatStream(o.model, o.includeUsage),
    usageOf: openAIChatUsageOf,
    usageField: 'usage',
  },
  'openai-responses': {
    decodeRequest: decodeResponsesRequest,
    encodeRequest: encodeResponsesRequest,
    decodeResponse: decodeResponsesResponse,
    encodeResponse: (r, m) => encodeResponsesResponse(r, m),
    decodeStream: () => new DecodeResponsesStream(),
    encodeStream: (o) => new EncodeResponsesStream(o.model),
    usageOf: responsesUsageOf,
    usageField: 'usage',
  },
  gemini: {
    decodeRequest: (b) => decodeGeminiRequest(b),
    encodeRequest: encodeGeminiRequest,
    decodeResponse: decodeGeminiResponse,
    encodeResponse: encodeGeminiResponse,
    decodeStream: () => new DecodeGeminiStream(),
    encodeStream: (o) => new EncodeGeminiStream(o.model, o.geminiSse),
    usageOf: geminiUsageOf,
    usageField: 'usageMetadata',
  },
};
