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

/**
 * True when a chat body for `model` has an assistant tool-call turn without `reasoning_content`
 * that the vendor would refuse: such a body is translated (chat → IR → chat, which restores the
 * reasoning or sends an empty one) instead of passed through.
 */
export function lacksReasoningContent(model: string, body: Record<string, unknown>): boolean {
  if (!REASONING_CONTENT_MODELS.test(model) || !Array.isArray(body.messages)) return false;
  return body.messages.some((m) => {
    const o = m as Json | null;
    return !!o && typeof o === 'object' && o.role === 'assistant' && Array.isArray(o.tool_calls) && o.tool_calls.length > 0 && typeof o.reasoning_content !== 'string';
  });
}
