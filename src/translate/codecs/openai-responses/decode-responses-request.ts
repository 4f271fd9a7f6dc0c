import type { IrImagePart, IrMessage, IrPart, IrRequest, IrResponseFormat, IrTextPart, IrTool } from '../../ir';
import { emptyRequest } from '../../ir';
import { decodeToolChoice } from '../openai-chat/decode-openai-chat-request';
import { imageFromUrl } from '../shared/data-url';
import { asArray, asNumber, asObject, asString, isObject, type Json, parseArguments, shown } from '../shared/json';
import { parseEffort } from '../shared/reasoning';
import { readClientSignature } from '../shared/signature';

/**
 * OpenAI Responses request → IR (Codex). `instructions` and leading developer/system items
 * are the system prompt; later ones are IR system messages. Function tools inside a
 * `namespace` are flattened; `custom` (freeform) tools become functions taking `{input}`;
 * web_search and other hosted tools are dropped with a note. `store`, `include`,
 * `prompt_cache_key`, `client_metadata` are tolerated; previous_response_id cannot be
 * honoured by a stateless translation and is noted.
 */
export function decodeResponsesRequest(body: Record<string, unknown>): IrRequest {
  const ir = emptyRequest(asString(body.model) ?? '');
  if (typeof body.instructions === 'string' && body.instructions) ir.system.push({ type: 'text', text: body.instructions });
  if (typeof body.input === 'string') ir.messages.push({ role: 'user', content: [{ type: 'text', text: body.input }] });
  else for (const raw of asArray(body.input)) decodeItem(asObject(raw), ir);
  ir.tools = decodeTools(asArray(body.tools), ir.notes);
  const choice = decodeToolChoice(body.tool_choice);
  if (choice) ir.toolChoice = choice;
  if (typeof body.parallel_tool_calls === 'boolean') ir.parallelToolCalls = body.parallel_tool_calls;
  ir.maxTokens = asNumber(body.max_output_tokens);
  ir.temperature = asNumber(body.temperature);
  ir.topP = asNumber(body.top_p);
  const format = decodeFormat(asObject(body.text).format);
  if (format) ir.responseFormat = format;
  const reasoning = asObject(body.reasoning);
  const effort = parseEffort(reasoning.effort);
  const summary = asString(reasoning.summary) ?? asString(reasoning.generate_summary);
  if (effort || summary) {
    ir.reasoning = {
      ...(effort ? { effort, enabled: effort !== 'none' } : {}),
      includeThoughts: summary !== undefined ? summary !== 'none' && summary !== 'disabled' : effort !== 'none',
    };
  }
  ir.stream = body.stream === true;
  const user = asString(body.prompt_cache_key) ?? asString(body.user) ?? asString(body.safety_identifier);
  if (user) ir.user = user;
  if (body.previous_response_id) ir.notes.push('previous_response_id ignored (stateless translation)');
  return ir;
}

function push(ir: IrRequest, role: IrMessage['role'], parts: IrPart[]): void {
  const last = ir.messages[ir.messages.length - 1];
  if (last && last.role === role && role !== 'system') last.content.push(...parts);
  else ir.messages.push({ role, content: parts });
}

function decodeItem(item: Json, ir: IrRequest): void {
  const type = asString(item.type) ?? (item.role ? 'message' : undefined);
  switch (type) {
    case 'message': {
      const role = asString(item.role);
      const content = decodeContent(item.content);
      if (role === 'system' || role === 'developer') {
        const text = content.filter((p): p is IrTextPart => p.type === 'text');
        if (ir.messages.length === 0) ir.system.push(...text);
        else ir.messages.push({ role: 'system', content: text });
      } else push(ir, role === 'assistant' ? 'assistant' : 'user', content);
      return;
    }
    case 'function_call':
    case 'custom_tool_call': {
      const input = type === 'function_call' ? parseArguments(asString(item.arguments)) : { input: asString(item.input) ?? '' };
      push(ir, 'assistant', [{ type: 'tool-call', id: asString(item.call_id) ?? asString(item.id) ?? '', name: asString(item.name) ?? '', input }]);
      return;
    }
    case 'function_call_output':
    case 'custom_tool_call_output': {
      const out = item.output;
      const content = typeof out === 'string' ? [{ type: 'text' as const, text: out }] : decodeContent(out).filter((p): p is IrTextPart | IrImagePart => p.type === 'text' || p.type === 'image');
      push(ir, 'user', [{ type: 'tool-result', callId: asString(item.call_id) ?? '', content }]);
      return;
    }
    case 'reasoning': {
      const text = [...asArray(item.summary), ...asArray(item.content)].map((s) => asString(asObject(s).text) ?? '').filter(Boolean).join('\n\n');
      const sig = readClientSignature(asString(item.encrypted_content));
      push(ir, 'assistant', [{ type: 'reasoning', text, ...sig }]);
      return;
    }
    default:
      if (type) ir.notes.push(`dropped input item ${type}`);
  }
}

function decodeContent(content: unknown): IrPart[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  const out: IrPart[] = [];
  for (const raw of asArray(content)) {
    const p = asObject(raw);
    if (typeof p.text === 'string' && (p.type === 'input_text' || p.type === 'output_text' || p.type === 'text' || p.type === 'summary_text')) out.push({ type: 'text', text: p.text });
    else if (p.type === 'refusal' && typeof p.refusal === 'string') out.push({ type: 'text', text: p.refusal });
    else if (p.type === 'input_image' && typeof p.image_url === 'string') out.push(imageFromUrl(p.image_url, asString(p.detail)));
    else if (p.type === 'input_file' && typeof p.file_data === 'string') out.push(imageFromUrl(p.file_data));
  }
  return out;
}

function decodeTools(tools: unknown[], notes: string[]): IrTool[] {
  const out: IrTool[] = [];
  for (const raw of tools) {
    const t = asObject(raw);
    if (t.type === 'function') {
      const name = asString(t.name);
      if (!name) continue;
      out.push({
        name,
        ...(asString(t.description) ? { description: asString(t.description) } : {}),
        parameters: isObject(t.parameters) ? t.parameters : { type: 'object', properties: {} },
        ...(t.strict === true ? { strict: true } : {}),
      });
    } else if (t.type === 'namespace') {
      out.push(...decodeTools(asArray(t.tools), notes));
    } else if (t.type === 'custom' && typeof t.name === 'string') {
      out.push({
        name: t.name,
        description: asString(t.description) ?? '',
        parameters: { type: 'object', properties: { input: { type: 'string', description: 'The raw input for this tool.' } }, required: ['input'] },
      });
      notes.push(`custom tool ${t.name} sent as a function tool`);
    } else {
      notes.push(`dropped tool type ${shown(t.type)}`);
    }
  }
  return out;
}

function decodeFormat(f: unknown): IrResponseFormat | undefined {
  const o = asObject(f);
  if (o.type === 'json_object') return { type: 'json_object' };
  if (o.type === 'json_schema' && isObject(o.schema)) {
    return {
      type: 'json_schema',
      schema: o.schema,
      ...(asString(o.name) ? { name: asString(o.name) } : {}),
      ...(asString(o.description) ? { description: asString(o.description) } : {}),
      ...(typeof o.strict === 'boolean' ? { strict: o.strict } : {}),
    };
  }
  return undefined;
}
