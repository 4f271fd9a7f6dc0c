import type { Dialect } from '../core/dialect';
import { CODECS } from './codecs/registry';
import { asNumber, asObject, type Json } from './codecs/shared/json';
import type { IrPart, IrRequest } from './ir';
import { bpeEncodingFor, countIrBpe } from './count-tokens-bpe';

/**
 * Token estimate for upstreams without a count endpoint (OpenAI-compatible ones). Documented
 * heuristic, not a tokenizer:
 * - text: ASCII characters / 4, CJK and other wide characters ≈ 1 token each, other non-ASCII / 2;
 * - everything textual counts: system, messages, reasoning, tool-call arguments (as JSON),
 *   tool results, and each tool's name + description + JSON schema;
 * - each image ≈ 1600 tokens (a ~1.2 MP image under Anthropic's (w·h)/750 rule);
 * - 4 tokens overhead per message, 8 per tool, 3 for the reply priming.
 * Never a constant: it grows with the request.
 */
export const IMAGE_TOKENS = 1600;

export function countTokensEstimate(dialect: Dialect, body: Record<string, unknown>): number {
  return estimateIr(CODECS[dialect].decodeRequest(body));
}

export function estimateIr(ir: IrRequest): number {
  let tokens = 3;
  for (const p of ir.system) tokens += textTokens(p.text);
  for (const m of ir.messages) {
    tokens += 4;
    for (const p of m.content) tokens += partTokens(p);
  }
  for (const t of ir.tools) tokens += 8 + textTokens(t.name) + textTokens(t.description ?? '') + textTokens(JSON.stringify(t.parameters));
  return Math.max(1, Math.ceil(tokens));
}

function partTokens(p: IrPart): number {
  switch (p.type) {
    case 'text': return textTokens(p.text);
    case 'image': return IMAGE_TOKENS;
    case 'reasoning': return textTokens(p.text);
    case 'tool-call': return 4 + textTokens(p.name) + textTokens(JSON.stringify(p.input));
    case 'tool-result': return 4 + p.content.reduce((n, c) => n + partTokens(c), 0);
  }
}

const ASCII_RUNS = /[\x00-\x7f]+/g;

export function textTokens(text: string): number {
  // The ASCII runs are dropped by one native regex pass; only the other characters (few, in
  // most text) are classified here. Same sums as a loop over every character.
  const rest = text.replace(ASCII_RUNS, '');
  let wide = 0;
  let other = 0;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c >= 0x2e80 && c <= 0xffef) wide++;
    else if (c >= 0xd800 && c <= 0xdbff) {
      wide++; // astral character (emoji, rare CJK): ~1 token
      i++;
    } else other++;
  }
  return (text.length - rest.length) / 4 + wide + other / 2;
}

/**
 * A local count for an upstream without a count endpoint: the model's real BPE when it is an
 * OpenAI-family model (see count-tokens-bpe.ts), else the estimate above — `estimated` says which.
 */
export function countTokensLocal(dialect: Dialect, body: Record<string, unknown>, upstreamModel: string): { tokens: number; estimated: boolean; method: string } {
  const ir = CODECS[dialect].decodeRequest(body);
  const encoding = bpeEncodingFor(upstreamModel);
  if (encoding) return { tokens: Math.max(1, countIrBpe(ir, encoding, IMAGE_TOKENS)), estimated: false, method: encoding };
  return { tokens: estimateIr(ir), estimated: true, method: 'estimate' };
}

const COUNT_FIELDS_ANTHROPIC = ['model', 'messages', 'system', 'tools', 'tool_choice', 'thinking'];

/**
 * The upstream count request for `wire`, or null when the wire has no count endpoint
 * (openai-chat, openai-responses): the caller then uses countTokensEstimate.
 * Anthropic: POST /v1/messages/count_tokens body. Gemini: POST models/{m}:countTokens body,
 * in the `{generateContentRequest}` form so system instruction and tools are counted.
 */
export function countTokensRequest(client: Dialect, wire: Dialect, body: Record<string, unknown>, upstreamModel: string): Json | null {
  if (wire !== 'anthropic' && wire !== 'gemini') return null;
  if (client === wire) {
    if (wire === 'anthropic') return { ...body, model: upstreamModel };
    return body;
  }
  const ir = CODECS[client].decodeRequest(body);
  ir.stream = false;
  if (wire === 'anthropic') {
    const full = CODECS.anthropic.encodeRequest(ir, upstreamModel);
    const out: Json = {};
    for (const k of COUNT_FIELDS_ANTHROPIC) if (full[k] !== undefined) out[k] = full[k];
    return out;
  }
  const full = CODECS.gemini.encodeRequest(ir, upstreamModel);
  const { generationConfig: _drop, ...rest } = full;
  return { generateContentRequest: { model: `models/${upstreamModel}`, ...rest } };
}

/** The upstream count answer → the client's shape. */
export function countTokensResponse(client: Dialect, wire: Dialect, upstreamJson: unknown): Json {
  const o = asObject(upstreamJson);
  const n = wire === 'gemini' ? asNumber(o.totalTokens) ?? asNumber(o.total_tokens) ?? 0 : asNumber(o.input_tokens) ?? asNumber(o.totalTokens) ?? 0;
  return countTokensBody(client, n);
}

/** A token count in the client's count-endpoint shape (also for estimates). */
export function countTokensBody(client: Dialect, tokens: number): Json {
  switch (client) {
    case 'gemini': return { totalTokens: tokens };
    case 'openai-responses': return { object: 'response.input_tokens', input_tokens: tokens };
    default: return { input_tokens: tokens };
  }
}
