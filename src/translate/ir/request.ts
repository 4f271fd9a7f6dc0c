/**
 * The provider-neutral chat request. Every client body is decoded into this and every
 * upstream body is encoded from it. Field names are ours, not any vendor's.
 */

/** Anthropic-style prompt-cache marker; carried so Anthropic → Anthropic-like encoders can keep it. */
export interface IrCacheControl { type: string; ttl?: string }

export interface IrTextPart {
  type: 'text';
  text: string;
  cacheControl?: IrCacheControl;
}

export type IrImageSource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'url'; url: string; mediaType?: string };

export interface IrImagePart {
  type: 'image';
  source: IrImageSource;
  /** OpenAI `detail`, kept for OpenAI encoders. */
  detail?: string;
}

export interface IrToolCallPart {
  type: 'tool-call';
  /** Vendor call id; synthesized for Gemini, which has none. */
  id: string;
  name: string;
  /** Parsed JSON arguments (an object for well-formed calls). */
  input: Record<string, unknown>;
}

export interface IrToolResultPart {
  type: 'tool-result';
  callId: string;
  /** Tool name when known (required by Gemini's functionResponse). */
  name?: string;
  content: Array<IrTextPart | IrImagePart>;
  isError?: boolean;
}

/**
 * Model reasoning. `signature` is the vendor's opaque proof (Anthropic signature, Gemini
 * thoughtSignature, Responses encrypted_content). A redacted block has `redacted` data and no text.
 */
export interface IrReasoningPart {
  type: 'reasoning';
  text: string;
  signature?: string;
  redacted?: string;
}

export type IrPart = IrTextPart | IrImagePart | IrToolCallPart | IrToolResultPart | IrReasoningPart;

/**
 * `system` inside the message list is a mid-conversation system message (Claude Code,
 * OpenAI system/developer after the first turn); encoders without one fold it into the system prompt.
 */
export interface IrMessage {
  role: 'user' | 'assistant' | 'system';
  content: IrPart[];
}

export interface IrTool {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object (uncleaned: encoders clean per vendor). */
  parameters: Record<string, unknown>;
  strict?: boolean;
}

export type IrToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; name: string };

export type IrResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name?: string; description?: string; schema: Record<string, unknown>; strict?: boolean }
  /** Gemini `text/x.enum`: the answer is exactly one of `values`, as plain text (not JSON). */
  | { type: 'enum'; values: string[] };

export type IrEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/** What the client asked about thinking; absent = the vendor default. */
export interface IrReasoningConfig {
  /** false = explicitly disabled. */
  enabled?: boolean;
  /** Explicit token budget (Anthropic budget_tokens, Gemini thinkingBudget; -1 = dynamic). */
  budgetTokens?: number;
  effort?: IrEffort;
  /** Anthropic `adaptive`: the model decides. */
  adaptive?: boolean;
  /** Whether thought text should be returned (Gemini includeThoughts, Responses summary). */
  includeThoughts?: boolean;
}

export interface IrRequest {
  model: string;
  system: IrTextPart[];
  messages: IrMessage[];
  tools: IrTool[];
  toolChoice?: IrToolChoice;
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  /** Number of choices; encoders reject n > 1 where the upstream cannot. */
  n?: number;
  responseFormat?: IrResponseFormat;
  reasoning?: IrReasoningConfig;
  stream: boolean;
  /** OpenAI stream_options.include_usage (chat clients). */
  includeUsage?: boolean;
  /** End-user / session identifier (OpenAI `user`, Anthropic metadata.user_id, prompt_cache_key). */
  user?: string;
  /** Things the client asked for that were dropped (non-function tools, …): for the monitor. */
  notes: string[];
}

export function emptyRequest(model = ''): IrRequest {
  return { model, system: [], messages: [], tools: [], stream: false, notes: [] };
}
