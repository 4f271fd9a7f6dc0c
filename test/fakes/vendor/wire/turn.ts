/**
 * What a scripted fake vendor answers, independent of the wire dialect. Each wire module renders a
 * Turn exactly as its vendor would (JSON, or SSE event by event) and reads requests into a
 * RequestView, so one script drives every upstream kind.
 */
export interface ToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export interface Turn {
  /** Reasoning before the answer: Anthropic thinking+signature, Gemini thought parts+thoughtSignature, OpenAI reasoning_content. */
  reasoning?: { text: string; signature: string };
  text?: string;
  /** The text's deltas when a test needs them exact (a marker must not be split); default: `text` in a few pieces. */
  parts?: string[];
  toolCalls?: ToolCall[];
  /** Anthropic prompt-cache accounting of this answer (uncached input, cache reads, cache writes); default USAGE. */
  cache?: { input: number; read: number; write: number };
  /** Answer with an HTTP error in the vendor's dialect instead (see errors.ts for the hints). */
  error?: { status: number; message: string } & ErrorHints;
}

export interface ToolResult {
  /** tool_call_id / tool_use_id / call_id when the dialect has one */
  id?: string;
  /** Gemini functionResponse name */
  name?: string;
  text: string;
}

export interface ToolDecl {
  name: string;
  /** JSON schema of the arguments */
  schema: any;
}

export type WireDialect = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini';

/** A request reduced to what a script decides on. */
export interface RequestView {
  dialect: WireDialect;
  model: string;
  stream: boolean;
  tools: ToolDecl[];
  /** Tool results in the newest user turn (after the last assistant/model message). */
  toolResults: ToolResult[];
  /** Text of the newest user message. */
  lastUserText: string;
  /** All text in the request (system, messages, tool results) — for "did X arrive" checks. */
  allText: string;
  /** Structured output requested (OpenAI response_format json_schema, Gemini responseJsonSchema). */
  jsonSchema?: any;
  /** The structured output asked for, in the vendor's own fields (see structured.ts). */
  responseFormat?: 'json_object' | 'json_schema' | 'enum';
  /** Gemini `text/x.enum` values. */
  enumValues?: string[];
  /** The tool `tool_choice` forces (Anthropic `{type:'tool'}`). */
  forcedTool?: string;
  /** Every image in the request (base64 data or URL), messages and tool results alike. */
  images?: string[];
  /** Reasoning signatures the client sent back in its history. */
  signaturesBack: string[];
  /** Tool call ids the client sent back in assistant history (to pair with results). */
  toolCallIdsBack: string[];
}

/** Retry hints a vendor attaches to an error (Retry-After, Gemini RetryInfo, rate-limit reset headers). */
export interface ErrorHints {
  /** `retry-after` header: seconds or an HTTP date. */
  retryAfter?: string | number;
  /** Gemini `google.rpc.RetryInfo.retryDelay`, e.g. "37s". */
  retryDelay?: string;
  /** Extra response headers (e.g. `x-ratelimit-reset-requests`, `anthropic-ratelimit-requests-reset`). */
  headers?: Record<string, string>;
}

export type Script = (view: RequestView, n: number) => Turn;

/** The usage every fake answer reports (checked by monitor and usage tests). */
export const USAGE = { input: 42, output: 17, cached: 0, reasoning: 5 };

/** Text content of any message-ish value (string, parts array, blocks array). */
export function textOf(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(textOf).join('\n');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const own = ['text', 'thinking', 'content', 'output', 'input_text', 'output_text'].map((k) => (typeof o[k] === 'string' ? (o[k] as string) : '')).filter(Boolean);
    const nested = ['content', 'parts', 'response', 'functionResponse', 'output'].map((k) => (o[k] && typeof o[k] === 'object' ? textOf(o[k]) : '')).filter(Boolean);
    return [...own, ...nested].join('\n');
  }
  return String(v);
}

/** A minimal value valid for a JSON schema (enough for Gemini CLI's router and title calls). */
export function sampleFor(schema: any, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 8) return null;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  const alt = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alt) && alt.length) return sampleFor(alt[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (String(type ?? (schema.properties ? 'object' : 'string')).toLowerCase()) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries<any>(schema.properties ?? {})) out[k] = sampleFor(s, depth + 1);
      return out;
    }
    case 'array':
      return schema.minItems ? Array.from({ length: schema.minItems }, () => sampleFor(schema.items, depth + 1)) : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return 'fake vendor sample';
  }
}

let seq = 0;
/** Ids in each vendor's own shape. */
export function newId(prefix: string): string {
  seq += 1;
  return `${prefix}${Date.now().toString(36)}${seq.toString(36).padStart(4, '0')}fake`;
}
