import type { IrMessage, IrPart, IrRequest, IrTextPart } from '../../ir';
import { ProxyError } from '../../../core/errors';
import { compact, type Json } from '../shared/json';
import { foldSystemMessages, mergeConsecutive } from '../shared/messages';
import { reasoningBudget } from '../shared/reasoning';
import { untagSignature } from '../shared/signature';
import { anthropicFormat, formatInstruction, type StructuredOutputMode } from '../shared/response-format';

/** Anthropic requires max_tokens; this is the default when the client set none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 8192;

/**
 * IR → Anthropic Messages request. A response format goes the way the account's vendor takes
 * it (`structuredOutputs`, see shared/response-format.ts): GA `output_config.format`, beta
 * `output_format`, or a forced synthetic tool whose input is the answer (vendors without
 * either, and json_object, which has no schema). Default: the tool, which every vendor takes.
 */
export interface AnthropicEncodeOptions {
  structuredOutputs?: StructuredOutputMode;
}

export function encodeAnthropicRequest(ir: IrRequest, model: string, opts: AnthropicEncodeOptions = {}): Json {
  if (ir.n !== undefined && ir.n > 1) {
    throw new ProxyError('invalid_request', 'n > 1 is not supported by this upstream (Anthropic returns one choice).');
  }
  const folded = foldSystemMessages(ir.system, ir.messages);
  const system = [...folded.system];
  const format = encodeFormat(ir, opts.structuredOutputs ?? 'tool');
  if (format.instruction) system.push({ type: 'text', text: format.instruction });

  const messages = mergeConsecutive(folded.messages)
    .map((m) => ({ role: m.role, content: encodeContent(m) }))
    .filter((m) => m.content.length > 0);

  let budget = reasoningBudget(ir.reasoning);
  const forcedTool = ir.toolChoice?.type === 'required' || ir.toolChoice?.type === 'tool' || format.tool !== undefined;
  if (budget !== undefined && (forcedTool || lastToolTurnUnsigned(messages))) budget = undefined;

  let maxTokens = ir.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS;
  if (budget !== undefined) {
    budget = Math.max(1024, budget);
    if (maxTokens <= budget) maxTokens = budget + Math.max(4096, ir.maxTokens ?? 0);
  }

  const body: Json = { model, max_tokens: maxTokens, messages };
  if (system.length) body.system = system.map(encodeText);
  if (ir.stop?.length) body.stop_sequences = ir.stop;
  if (budget !== undefined) {
    body.thinking = { type: 'enabled', budget_tokens: budget };
  } else {
    // thinking is incompatible with sampling changes; only send them without it
    if (ir.temperature !== undefined) body.temperature = Math.min(1, Math.max(0, ir.temperature));
    if (ir.topP !== undefined) body.top_p = ir.topP;
    if (ir.topK !== undefined) body.top_k = ir.topK;
  }
  if (ir.tools.length && ir.toolChoice?.type !== 'none') {
    body.tools = ir.tools.map((t) => compact({ name: t.name, description: t.description, input_schema: objectSchema(t.parameters) }));
    const tc = encodeToolChoice(ir);
    if (tc) body.tool_choice = tc;
  }
  if (format.tool) withAnswerTool(body, format.tool, ir.parallelToolCalls);
  if (format.fields) Object.assign(body, format.fields);
  if (ir.stream) body.stream = true;
  if (ir.user) body.metadata = { user_id: ir.user.slice(0, 256) };
  return body;
}

function encodeText(p: IrTextPart): Json {
  return compact({ type: 'text', text: p.text, cache_control: p.cacheControl });
}

function encodeContent(m: IrMessage): Json[] {
  const results: Json[] = [];
  const thinking: Json[] = [];
  const rest: Json[] = [];
  for (const p of m.content) {
    if (p.type === 'tool-result') results.push(encodeToolResult(p));
    else if (p.type === 'reasoning') {
      if (m.role !== 'assistant') continue;
      const redacted = untagSignature('anthropic', p.redacted);
      const signature = untagSignature('anthropic', p.signature);
      if (redacted) thinking.push({ type: 'redacted_thinking', data: redacted });
      else if (signature) thinking.push({ type: 'thinking', thinking: p.text, signature });
      // unsigned or foreign reasoning cannot be replayed to Anthropic: dropped
    } else {
      const b = encodePart(p);
      if (b) rest.push(b);
    }
  }
  return m.role === 'assistant' ? [...thinking, ...rest] : [...results, ...rest];
}

function encodePart(p: Exclude<IrPart, { type: 'tool-result' | 'reasoning' }>): Json | undefined {
  switch (p.type) {
    case 'text':
      return p.text ? encodeText(p) : undefined;
    case 'image':
      return encodeImage(p);
    case 'tool-call':
      return { type: 'tool_use', id: toolId(p.id), name: p.name, input: p.input };
  }
}

function encodeImage(p: Extract<IrPart, { type: 'image' }>): Json {
  const s = p.source;
  const isDoc = s.kind === 'base64' ? s.mediaType === 'application/pdf' : /\.pdf($|\?)/i.test(s.url);
  const source = s.kind === 'base64' ? { type: 'base64', media_type: s.mediaType, data: s.data } : { type: 'url', url: s.url };
  return { type: isDoc ? 'document' : 'image', source };
}

function encodeToolResult(p: Extract<IrPart, { type: 'tool-result' }>): Json {
  const content = p.content.map((c) => (c.type === 'text' ? { type: 'text', text: c.text } : encodeImage(c))).filter((c) => c.type !== 'text' || (c as { text: string }).text);
  return compact({ type: 'tool_result', tool_use_id: toolId(p.callId), content: content.length ? content : '', is_error: p.isError ? true : undefined });
}

/** Anthropic tool ids must match ^[a-zA-Z0-9_-]+$. */
function toolId(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9_-]/g, '_');
  return clean || 'toolu_unknown';
}

function objectSchema(schema: Record<string, unknown>): Record<string, unknown> {
  return schema.type === 'object' ? schema : { type: 'object', properties: {}, ...schema, ...(schema.type ? {} : { type: 'object' }) };
}

function encodeToolChoice(ir: IrRequest): Json | undefined {
  const tc = ir.toolChoice;
  let out: Json | undefined;
  if (tc?.type === 'required') out = { type: 'any' };
  else if (tc?.type === 'tool') out = { type: 'tool', name: tc.name };
  else if (tc?.type === 'auto') out = { type: 'auto' };
  if (ir.parallelToolCalls === false) out = { ...(out ?? { type: 'auto' }), disable_parallel_tool_use: true };
  return out;
}

/** With thinking on, the assistant turn before pending tool results must start with a signed thinking block. */
function lastToolTurnUnsigned(messages: Array<{ role: string; content: Json[] }>): boolean {
  const last = messages[messages.length - 1];
  if (!last || last.role !== 'user' || !last.content.some((b) => b.type === 'tool_result')) return false;
  const prev = messages[messages.length - 2];
  if (!prev || prev.role !== 'assistant') return false;
  const first = prev.content[0];
  return !first || (first.type !== 'thinking' && first.type !== 'redacted_thinking');
}

/**
 * The format in `mode`. The synthetic tool cannot be forced when the client forces a tool of
 * its own: then the format falls back to an instruction.
 */
function encodeFormat(ir: IrRequest, mode: StructuredOutputMode): ReturnType<typeof anthropicFormat> {
  const f = anthropicFormat(ir.responseFormat, mode);
  if (f.tool && ir.toolChoice?.type === 'tool' && ir.tools.length) return { instruction: formatInstruction(ir.responseFormat) };
  return f;
}

/**
 * Adds the synthetic answer tool: alone it is forced (`tool_choice` = that tool); beside the
 * client's tools the model must call one of them (`any`): a real tool, or the answer.
 */
function withAnswerTool(body: Json, tool: Json, parallel: boolean | undefined): void {
  const tools = Array.isArray(body.tools) ? (body.tools as Json[]) : [];
  body.tools = [...tools, tool];
  const choice: Json = tools.length ? { type: 'any' } : { type: 'tool', name: tool.name };
  if (parallel === false || !tools.length) choice.disable_parallel_tool_use = true;
  body.tool_choice = choice;
}
