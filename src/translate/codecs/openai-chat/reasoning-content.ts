import type { Json } from '../shared/json';

/**
 * OpenAI-compatible thinking upstreams (DeepSeek, Kimi/Moonshot, GLM, Qwen, MiniMax) reject an
 * assistant tool-call turn without `reasoning_content` while thinking is on (DeepSeek: "Missing
 * `reasoning_content` field in the assistant message at message index N"). The reasoning text is
 * replayed when we have it (encode-openai-chat-request); history written by another family may
 * have none, and then an empty `reasoning_content` is sent to these vendors only — real OpenAI
 * does not know the field.
 */
const REASONING_CONTENT_MODELS = /(deepseek|kimi|moonshot|glm|qwen|qwq|minimax)/i;

export function addReasoningContent(model: string, messages: Json[]): void {
  if (!REASONING_CONTENT_MODELS.test(model)) return;
  for (const m of messages) {
    if (m.role === 'assistant' && Array.isArray(m.tool_calls) && typeof m.reasoning_content !== 'string') m.reasoning_content = '';
  }
}
