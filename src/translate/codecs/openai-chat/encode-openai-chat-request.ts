import type { IrMessage, IrPart, IrRequest } from '../../ir';
import { imageToUrl } from '../shared/data-url';
import { compact, type Json } from '../shared/json';
import { joinSystem, toolResultText } from '../shared/messages';
import { reasoningEffort } from '../shared/reasoning';
import { addReasoningContent } from './reasoning-content';
import { openAIFormatHint, openAISchemaName } from '../shared/response-format';

/** Models that reject `max_tokens` in favour of `max_completion_tokens`. */
const COMPLETION_TOKENS_MODELS = /^(o\d|gpt-5|gpt-4\.1)/i;

/**
 * IR → OpenAI chat completions request (any OpenAI-compatible endpoint). Tool results become
 * `tool` messages (images in them follow as a user message, since tool messages are text-only);
 * reasoning text is replayed as `reasoning_content` (DeepSeek-style endpoints need it in tool
 * loops); `top_k` is dropped (OpenAI rejects it).
 */
export function encodeOpenAIChatRequest(ir: IrRequest, model: string): Json {
  const messages: Json[] = [];
  const system = [joinSystem(ir.system), openAIFormatHint(ir)].filter(Boolean).join('\n\n');
  if (system) messages.push({ role: 'system', content: system });
  for (const m of ir.messages) messages.push(...encodeMessage(m));
  addReasoningContent(model, messages);

  const body: Json = { model, messages };
  if (ir.maxTokens !== undefined) body[COMPLETION_TOKENS_MODELS.test(model) ? 'max_completion_tokens' : 'max_tokens'] = ir.maxTokens;
  if (ir.temperature !== undefined) body.temperature = ir.temperature;
  if (ir.topP !== undefined) body.top_p = ir.topP;
  if (ir.topK !== undefined) ir.notes.push('top_k dropped for OpenAI upstream');
  if (ir.stop?.length) body.stop = ir.stop;
  if (ir.n !== undefined) body.n = ir.n;
  if (ir.tools.length) {
    body.tools = ir.tools.map((t) => ({
      type: 'function',
      function: compact({ name: t.name, description: t.description, parameters: t.parameters, strict: t.strict }),
    }));
    const tc = ir.toolChoice;
    if (tc) body.tool_choice = tc.type === 'tool' ? { type: 'function', function: { name: tc.name } } : tc.type;
    if (ir.parallelToolCalls !== undefined) body.parallel_tool_calls = ir.parallelToolCalls;
  }
  const rf = ir.responseFormat;
  if (rf?.type === 'json_object') body.response_format = { type: 'json_object' };
  else if (rf?.type === 'json_schema') {
    body.response_format = {
      type: 'json_schema',
      json_schema: compact({ name: openAISchemaName(rf.name), description: rf.description, schema: rf.schema, strict: rf.strict }),
    };
  }
  const effort = reasoningEffort(ir.reasoning);
  if (effort && effort !== 'none') body.reasoning_effort = effort === 'xhigh' || effort === 'max' ? 'high' : effort;
  if (ir.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  if (ir.user) body.user = ir.user.slice(0, 256);
  return body;
}

function encodeMessage(m: IrMessage): Json[] {
  if (m.role === 'system') {
    const text = m.content.map((p) => (p.type === 'text' ? p.text : '')).join('\n');
    return text ? [{ role: 'system', content: text }] : [];
  }
  if (m.role === 'assistant') return [encodeAssistant(m.content)];
  const out: Json[] = [];
  const rest: IrPart[] = [];
  for (const p of m.content) {
    if (p.type !== 'tool-result') {
      rest.push(p);
      continue;
    }
    let text = toolResultText(p);
    if (p.isError) text = text.startsWith('Error') ? text : `Error: ${text}`;
    out.push({ role: 'tool', tool_call_id: p.callId, content: text });
    const images = p.content.filter((c) => c.type === 'image');
    if (images.length) rest.push(...images);
  }
  const content = encodeUserContent(rest);
  if (content !== undefined) out.push({ role: 'user', content });
  return out;
}

function encodeUserContent(parts: IrPart[]): string | Json[] | undefined {
  const usable = parts.filter((p) => p.type === 'text' || p.type === 'image');
  if (usable.length === 0) return undefined;
  if (usable.every((p) => p.type === 'text')) return usable.map((p) => (p as { text: string }).text).join('\n');
  return usable.map((p) =>
    p.type === 'text' ? { type: 'text', text: p.text } : { type: 'image_url', image_url: compact({ url: imageToUrl(p as Extract<IrPart, { type: 'image' }>), detail: (p as { detail?: string }).detail }) },
  );
}

function encodeAssistant(parts: IrPart[]): Json {
  const text = parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('');
  const reasoning = parts.filter((p) => p.type === 'reasoning').map((p) => (p as { text: string }).text).join('');
  const calls = parts.filter((p): p is Extract<IrPart, { type: 'tool-call' }> => p.type === 'tool-call');
  const msg: Json = { role: 'assistant', content: text || (calls.length ? null : '') };
  if (reasoning) msg.reasoning_content = reasoning;
  if (calls.length) {
    msg.tool_calls = calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.input) } }));
  }
  return msg;
}
