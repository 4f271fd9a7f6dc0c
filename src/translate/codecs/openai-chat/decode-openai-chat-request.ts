import type { IrImagePart, IrPart, IrRequest, IrResponseFormat, IrTextPart, IrTool, IrToolChoice } from '../../ir';
import { emptyRequest } from '../../ir';
import { imageFromUrl } from '../shared/data-url';
import { asArray, asNumber, asObject, asString, isObject, parseArguments, shown } from '../shared/json';
import { parseEffort } from '../shared/reasoning';

/**
 * OpenAI chat completions request → IR. Leading system/developer messages become the system
 * prompt, later ones IR system messages; `tool` messages become tool-result parts of a user turn;
 * legacy `functions`/`function_call` are accepted; unknown fields are ignored.
 */
export function decodeOpenAIChatRequest(body: Record<string, unknown>): IrRequest {
  const ir = emptyRequest(asString(body.model) ?? '');
  const names = new Map<string, string>();
  for (const raw of asArray(body.messages)) {
    const m = asObject(raw);
    const role = asString(m.role);
    if (role === 'system' || role === 'developer') {
      const text = decodeContent(m.content).filter((p): p is IrTextPart => p.type === 'text');
      if (ir.messages.length === 0) ir.system.push(...text);
      else ir.messages.push({ role: 'system', content: text });
    } else if (role === 'assistant') {
      const content: IrPart[] = [];
      const reasoning = asString(m.reasoning_content) ?? asString(m.reasoning);
      if (reasoning) content.push({ type: 'reasoning', text: reasoning });
      content.push(...decodeContent(m.content));
      if (typeof m.refusal === 'string' && m.refusal) content.push({ type: 'text', text: m.refusal });
      for (const tc of asArray(m.tool_calls)) {
        const call = asObject(tc);
        const fn = asObject(call.function);
        const id = asString(call.id) ?? `call_${names.size}`;
        const name = asString(fn.name) ?? '';
        names.set(id, name);
        content.push({ type: 'tool-call', id, name, input: parseArguments(asString(fn.arguments)) });
      }
      if (isObject(m.function_call)) {
        const name = asString(m.function_call.name) ?? '';
        const id = `call_fn_${names.size}`;
        names.set(id, name);
        content.push({ type: 'tool-call', id, name, input: parseArguments(asString(m.function_call.arguments)) });
      }
      ir.messages.push({ role: 'assistant', content });
    } else if (role === 'tool' || role === 'function') {
      const callId = asString(m.tool_call_id) ?? findCallByName(names, asString(m.name)) ?? '';
      const content = decodeContent(m.content).filter((p): p is IrTextPart | IrImagePart => p.type === 'text' || p.type === 'image');
      ir.messages.push({ role: 'user', content: [{ type: 'tool-result', callId, name: names.get(callId) ?? asString(m.name), content }] });
    } else {
      ir.messages.push({ role: 'user', content: decodeContent(m.content) });
    }
  }
  ir.tools = decodeTools(body, ir.notes);
  const choice = decodeToolChoice(body.tool_choice ?? body.function_call);
  if (choice) ir.toolChoice = choice;
  if (typeof body.parallel_tool_calls === 'boolean') ir.parallelToolCalls = body.parallel_tool_calls;
  ir.maxTokens = asNumber(body.max_completion_tokens) ?? asNumber(body.max_tokens);
  ir.temperature = asNumber(body.temperature);
  ir.topP = asNumber(body.top_p);
  ir.topK = asNumber(body.top_k);
  const stop = typeof body.stop === 'string' ? [body.stop] : asArray(body.stop).filter((s): s is string => typeof s === 'string');
  if (stop.length) ir.stop = stop;
  ir.n = asNumber(body.n);
  const format = decodeResponseFormat(body.response_format);
  if (format) ir.responseFormat = format;
  const effort = parseEffort(body.reasoning_effort) ?? parseEffort(asObject(body.reasoning).effort);
  if (effort) ir.reasoning = { effort, enabled: effort !== 'none', includeThoughts: effort !== 'none' };
  const thinking = asObject(body.thinking);
  if (thinking.type === 'enabled') ir.reasoning = { ...ir.reasoning, enabled: true, includeThoughts: true, ...(asNumber(thinking.budget_tokens) ? { budgetTokens: asNumber(thinking.budget_tokens) } : {}) };
  ir.stream = body.stream === true;
  if (asObject(body.stream_options).include_usage === true) ir.includeUsage = true;
  const user = asString(body.user) ?? asString(body.prompt_cache_key) ?? asString(body.safety_identifier);
  if (user) ir.user = user;
  return ir;
}

function findCallByName(names: Map<string, string>, name: string | undefined): string | undefined {
  let found: string | undefined;
  for (const [id, n] of names) if (n === name) found = id;
  return found;
}

function decodeContent(content: unknown): IrPart[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  const out: IrPart[] = [];
  for (const raw of asArray(content)) {
    const p = asObject(raw);
    if ((p.type === 'text' || p.type === 'input_text' || p.type === 'output_text') && typeof p.text === 'string') out.push({ type: 'text', text: p.text });
    else if (p.type === 'refusal' && typeof p.refusal === 'string') out.push({ type: 'text', text: p.refusal });
    else if (p.type === 'image_url') {
      const iu = p.image_url;
      const url = typeof iu === 'string' ? iu : asString(asObject(iu).url);
      if (url) out.push(imageFromUrl(url, asString(asObject(iu).detail)));
    } else if (p.type === 'file') {
      const f = asObject(p.file);
      if (typeof f.file_data === 'string') out.push(imageFromUrl(f.file_data));
    }
  }
  return out;
}

function decodeTools(body: Record<string, unknown>, notes: string[]): IrTool[] {
  const out: IrTool[] = [];
  for (const raw of asArray(body.tools)) {
    const t = asObject(raw);
    if (t.type !== undefined && t.type !== 'function') {
      notes.push(`dropped tool type ${shown(t.type)}`);
      continue;
    }
    out.push(decodeFunction(asObject(t.function)));
  }
  for (const f of asArray(body.functions)) out.push(decodeFunction(asObject(f)));
  return out.filter((t) => t.name);
}

function decodeFunction(fn: Record<string, unknown>): IrTool {
  return {
    name: asString(fn.name) ?? '',
    ...(asString(fn.description) ? { description: asString(fn.description) } : {}),
    parameters: isObject(fn.parameters) ? fn.parameters : { type: 'object', properties: {} },
    ...(fn.strict === true ? { strict: true } : {}),
  };
}

export function decodeToolChoice(tc: unknown): IrToolChoice | undefined {
  if (tc === 'auto' || tc === 'none' || tc === 'required') return { type: tc };
  const o = asObject(tc);
  const name = asString(asObject(o.function).name) ?? asString(o.name);
  if ((o.type === 'function' || o.type === undefined) && name) return { type: 'tool', name };
  if (o.type === 'allowed_tools') return { type: asObject(o.allowed_tools).mode === 'required' ? 'required' : 'auto' };
  return undefined;
}

function decodeResponseFormat(rf: unknown): IrResponseFormat | undefined {
  const o = asObject(rf);
  if (o.type === 'json_object') return { type: 'json_object' };
  if (o.type === 'text') return { type: 'text' };
  if (o.type === 'json_schema') {
    const js = asObject(o.json_schema);
    return {
      type: 'json_schema',
      schema: asObject(js.schema),
      ...(asString(js.name) ? { name: asString(js.name) } : {}),
      ...(asString(js.description) ? { description: asString(js.description) } : {}),
      ...(typeof js.strict === 'boolean' ? { strict: js.strict } : {}),
    };
  }
  return undefined;
}
