import type { IrMessage, IrRequest } from '../../ir';
import { imageToUrl } from '../shared/data-url';
import { compact, type Json } from '../shared/json';
import { joinSystem, toolResultText } from '../shared/messages';
import { reasoningEffort } from '../shared/reasoning';
import { openAIFormatHint, openAISchemaName } from '../shared/response-format';

/**
 * IR → OpenAI Responses request (for a Responses-speaking upstream and for round-trip tests).
 * Stateless (`store: false`); reasoning items are not replayed (their encrypted content is
 * only valid at the account that produced it).
 */
export function encodeResponsesRequest(ir: IrRequest, model: string): Json {
  const input: Json[] = [];
  for (const m of ir.messages) input.push(...encodeMessage(m));
  const body: Json = { model, input, store: false };
  const instructions = [joinSystem(ir.system), openAIFormatHint(ir)].filter(Boolean).join('\n\n');
  if (instructions) body.instructions = instructions;
  if (ir.tools.length) {
    body.tools = ir.tools.map((t) => compact({ type: 'function', name: t.name, description: t.description, parameters: t.parameters, strict: t.strict ?? false }));
    const tc = ir.toolChoice;
    if (tc) body.tool_choice = tc.type === 'tool' ? { type: 'function', name: tc.name } : tc.type;
    if (ir.parallelToolCalls !== undefined) body.parallel_tool_calls = ir.parallelToolCalls;
  }
  if (ir.maxTokens !== undefined) body.max_output_tokens = ir.maxTokens;
  if (ir.temperature !== undefined) body.temperature = ir.temperature;
  if (ir.topP !== undefined) body.top_p = ir.topP;
  const rf = ir.responseFormat;
  if (rf?.type === 'json_object') body.text = { format: { type: 'json_object' } };
  else if (rf?.type === 'json_schema') body.text = { format: compact({ type: 'json_schema', name: openAISchemaName(rf.name), description: rf.description, schema: rf.schema, strict: rf.strict }) };
  // enum: no native form; an instruction (openAIFormatHint) asks for the bare value
  const effort = reasoningEffort(ir.reasoning);
  if (effort) body.reasoning = compact({ effort: effort === 'max' ? 'xhigh' : effort, summary: ir.reasoning?.includeThoughts ? 'auto' : undefined });
  if (ir.stream) body.stream = true;
  if (ir.user) body.prompt_cache_key = ir.user.slice(0, 64);
  return body;
}

function encodeMessage(m: IrMessage): Json[] {
  if (m.role === 'system') {
    return [{ type: 'message', role: 'developer', content: m.content.map((p) => ({ type: 'input_text', text: p.type === 'text' ? p.text : '' })) }];
  }
  const out: Json[] = [];
  let content: Json[] = [];
  const flush = () => {
    if (content.length) out.push({ type: 'message', role: m.role, content });
    content = [];
  };
  for (const p of m.content) {
    if (p.type === 'text') content.push({ type: m.role === 'assistant' ? 'output_text' : 'input_text', text: p.text });
    else if (p.type === 'image') content.push(compact({ type: 'input_image', image_url: imageToUrl(p), detail: p.detail ?? 'auto' }));
    else if (p.type === 'tool-call') {
      flush();
      out.push({ type: 'function_call', call_id: p.id, name: p.name, arguments: JSON.stringify(p.input) });
    } else if (p.type === 'tool-result') {
      flush();
      const text = toolResultText(p);
      const images = p.content.filter((c) => c.type === 'image');
      const output = images.length
        ? [...(text ? [{ type: 'input_text', text }] : []), ...images.map((i) => ({ type: 'input_image', image_url: imageToUrl(i as Extract<typeof i, { type: 'image' }>) }))]
        : p.isError && !text.startsWith('Error') ? `Error: ${text}` : text;
      out.push({ type: 'function_call_output', call_id: p.callId, output });
    }
  }
  flush();
  return out;
}
