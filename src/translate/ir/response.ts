import type { IrReasoningPart, IrTextPart, IrToolCallPart } from './request';

/** Why generation stopped, in our vocabulary (mapped per vendor in each codec). */
export type IrFinishReason =
  | 'stop'
  | 'length'
  | 'tool_calls'
  | 'content_filter'
  | 'stop_sequence'
  /** Upstream ended without saying why (stream cut short, unknown reason). */
  | 'other'
  | 'error';

/**
 * Token usage. Conventions (OpenAI's): `inputTokens` includes cached and cache-write
 * tokens; `outputTokens` includes reasoning tokens.
 */
export interface IrUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  cacheCreationInputTokens?: number;
  reasoningTokens?: number;
}

export function emptyUsage(): IrUsage {
  return { inputTokens: 0, outputTokens: 0 };
}

export type IrOutputPart = IrTextPart | IrReasoningPart | IrToolCallPart;

export interface IrResponse {
  id: string;
  model: string;
  content: IrOutputPart[];
  finishReason: IrFinishReason;
  /** The stop sequence that matched, when the vendor says. */
  stopSequence?: string;
  usage: IrUsage;
}
