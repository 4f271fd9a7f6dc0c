import { renderAnthropic, streamAnthropic } from './anthropic';
import type { VendorKind } from './errors';
import { renderGemini, streamGeminiArray, streamGeminiSse } from './gemini';
import { renderOpenAIChat, streamOpenAIChat } from './openai-chat';
import { renderOpenAIResponses, streamOpenAIResponses } from './openai-responses';
import type { Turn, WireDialect } from './turn';

/** The four wire dialects a vendor answers in (OpenAI serves two). */
export type Wire = WireDialect;

/** Which wire a request path speaks. */
export function wireOf(path: string): Wire {
  if (path.includes('/messages')) return 'anthropic';
  if (path.includes('/v1beta/')) return 'gemini';
  if (path.endsWith('/responses')) return 'openai-responses';
  return 'openai-chat';
}

/** The vendor family serving a wire. */
export function kindOfWire(wire: Wire): VendorKind {
  return wire === 'anthropic' ? 'anthropic' : wire === 'gemini' ? 'gemini' : 'openai';
}

/** The first `tok-…` marker in a request body (clients put it in their prompt); echoed back to prove no cross-talk. */
export function tokenOf(body: string): string {
  return /tok-[a-z0-9]+/.exec(body)?.[0] ?? 'no-token';
}

/** The JSON answer of `wire` for a turn. `body` is the request (Responses echoes some of its fields). */
export function renderJson(wire: Wire, turn: Turn, model: string, body?: unknown): unknown {
  switch (wire) {
    case 'anthropic': return renderAnthropic(turn, model);
    case 'gemini': return renderGemini(turn, model);
    case 'openai-responses': return renderOpenAIResponses(turn, model, body);
    default: return renderOpenAIChat(turn, model);
  }
}

/**
 * The stream of `wire` for a turn, frame by frame. Gemini streams SSE with `alt=sse` and one JSON
 * array without; OpenAI chat sends the usage chunk only when `include_usage` was asked for.
 */
export function renderStream(wire: Wire, turn: Turn, model: string, o: { body?: any; geminiSse?: boolean; includeUsage?: boolean } = {}): string[] {
  switch (wire) {
    case 'anthropic': return streamAnthropic(turn, model);
    case 'gemini': return o.geminiSse === false ? streamGeminiArray(turn, model) : streamGeminiSse(turn, model);
    case 'openai-responses': return streamOpenAIResponses(turn, model, o.body);
    default: return streamOpenAIChat(turn, model, o.includeUsage ?? true);
  }
}

const textTurn = (parts: string[]): Turn => ({ text: parts.join(''), parts });

// Shorthands for tests that hand-write a vendor's answer: the same renderers, text only.
export const openaiChatResponse = (text: string, model = 'gpt-4o') => renderOpenAIChat({ text }, model);
export const openaiChatStream = (parts: string[], model = 'gpt-4o') => streamOpenAIChat(textTurn(parts), model, true);
export const responsesResponse = (text: string, model = 'gpt-4o') => renderOpenAIResponses({ text }, model, {});
export const responsesStream = (parts: string[], model = 'gpt-4o') => streamOpenAIResponses(textTurn(parts), model, {});
export const anthropicResponse = (text: string, model = 'claude-sonnet-4-5') => renderAnthropic({ text }, model);
export const anthropicStream = (parts: string[], model = 'claude-sonnet-4-5') => streamAnthropic(textTurn(parts), model);
export const geminiResponse = (text: string, model = 'gemini-2.5-flash') => renderGemini({ text }, model);
export const geminiStream = (parts: string[], model = 'gemini-2.5-flash') => streamGeminiSse(textTurn(parts), model);

/** Frames of a complete, valid stream of `wire` carrying `parts` as its text deltas. */
export const streamFrames = (wire: Wire, parts: string[], model?: string): string[] => renderStream(wire, textTurn(parts), model ?? defaultModel(wire));
/** The JSON answer of `wire` carrying `text`. */
export const jsonAnswer = (wire: Wire, text: string, model?: string): unknown => renderJson(wire, { text }, model ?? defaultModel(wire), {});

function defaultModel(wire: Wire): string {
  return wire === 'anthropic' ? 'claude-sonnet-4-5' : wire === 'gemini' ? 'gemini-2.5-flash' : 'gpt-4o';
}
