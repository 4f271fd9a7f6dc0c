import type { IrReasoningConfig, IrRequest, IrResponseFormat, IrTextPart, IrTool, IrToolChoice } from '../../ir';
import { emptyRequest } from '../../ir';
import { asArray, asNumber, asObject, asString, isObject } from '../shared/json';
import { parseEffort } from '../shared/reasoning';
import { decodeAnthropicContent } from './decode-anthropic-content';

/**
 * Anthropic Messages request → IR. Tolerates everything Claude Code sends: `system` as a
 * string or cache_control blocks, `{"role":"system"}` entries inside `messages` (kept as IR
 * system messages), thinking enabled/adaptive/disabled, output_config.effort/format,
 * context_management (ignored), metadata.user_id as a JSON string, server tools (dropped).
 */
export function decodeAnthropicRequest(body: Record<string, unknown>): IrRequest {
  const ir = emptyRequest(asString(body.model) ?? '');
  ir.system = decodeSystem(body.system);
  for (const m of asArray(body.messages)) {
    const msg = asObject(m);
    const role = msg.role === 'assistant' ? 'assistant' : msg.role === 'system' ? 'system' : 'user';
    const content = decodeAnthropicContent(msg.content, ir.notes);
    if (role === 'system') {
      const text = content.filter((p): p is IrTextPart => p.type === 'text');
      if (text.length) ir.messages.push({ role: 'system', content: text });
      continue;
    }
    ir.messages.push({ role, content });
  }
  ir.tools = decodeTools(body.tools, ir.notes);
  const choice = decodeToolChoice(body.tool_choice);
  if (choice) ir.toolChoice = choice;
  if (asObject(body.tool_choice).disable_parallel_tool_use === true) ir.parallelToolCalls = false;
  ir.maxTokens = asNumber(body.max_tokens);
  ir.temperature = asNumber(body.temperature);
  ir.topP = asNumber(body.top_p);
  ir.topK = asNumber(body.top_k);
  const stop = asArray(body.stop_sequences).filter((s): s is string => typeof s === 'string');
  if (stop.length) ir.stop = stop;
  ir.stream = body.stream === true;
  const reasoning = decodeThinking(body.thinking, asObject(body.output_config).effort);
  if (reasoning) ir.reasoning = reasoning;
  const format = decodeOutputFormat(asObject(body.output_config).format ?? body.output_format);
  if (format) ir.responseFormat = format;
  const user = asString(asObject(body.metadata).user_id);
  if (user) ir.user = user;
  for (const k of Object.keys(body)) if (k.startsWith('context_management')) ir.notes.push('context_management ignored');
  return ir;
}

function decodeSystem(system: unknown): IrTextPart[] {
  if (typeof system === 'string') return system ? [{ type: 'text', text: system }] : [];
  return decodeAnthropicContent(system).filter((p): p is IrTextPart => p.type === 'text');
}

function decodeTools(tools: unknown, notes: string[]): IrTool[] {
  const out: IrTool[] = [];
  for (const t of asArray(tools)) {
    const tool = asObject(t);
    const type = asString(tool.type);
    const name = asString(tool.name);
    if (!name || (type !== undefined && type !== 'custom' && !isObject(tool.input_schema))) {
      notes.push(`dropped server tool ${type ?? name ?? '?'}`);
      continue;
    }
    out.push({
      name,
      ...(asString(tool.description) ? { description: asString(tool.description) } : {}),
      parameters: isObject(tool.input_schema) ? tool.input_schema : { type: 'object', properties: {} },
      ...(tool.strict === true ? { strict: true } : {}),
    });
  }
  return out;
}

function decodeToolChoice(tc: unknown): IrToolChoice | undefined {
  const o = asObject(tc);
  switch (o.type) {
    case 'auto': return { type: 'auto' };
    case 'any': return { type: 'required' };
    case 'none': return { type: 'none' };
    case 'tool': return typeof o.name === 'string' ? { type: 'tool', name: o.name } : undefined;
    default: return undefined;
  }
}

function decodeThinking(thinking: unknown, effortField: unknown): IrReasoningConfig | undefined {
  const t = asObject(thinking);
  const effort = parseEffort(effortField);
  const r: IrReasoningConfig = {};
  if (t.type === 'enabled') {
    r.enabled = true;
    r.includeThoughts = true;
    const budget = asNumber(t.budget_tokens);
    if (budget !== undefined) r.budgetTokens = budget;
  } else if (t.type === 'adaptive') {
    r.enabled = true;
    r.adaptive = true;
    r.includeThoughts = true;
  } else if (t.type === 'disabled') {
    r.enabled = false;
  }
  if (effort) r.effort = effort;
  return Object.keys(r).length ? r : undefined;
}

function decodeOutputFormat(f: unknown): IrResponseFormat | undefined {
  const o = asObject(f);
  if (o.type === 'json_schema' && isObject(o.schema)) return { type: 'json_schema', schema: o.schema, ...(asString(o.name) ? { name: asString(o.name) } : {}) };
  return undefined;
}
