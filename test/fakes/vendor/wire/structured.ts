import { newId, sampleFor, textOf, type RequestView, type Script, type Turn } from './turn';
import type { Wire } from './index';

/**
 * Structured output and images as the real vendors check and read them (issue 17): each
 * vendor's own fields, its own 400 texts, and what a test needs to see of them in the view.
 */

export interface StructuredVendorOptions {
  /**
   * Anthropic family: whether the vendor takes `output_config.format` / beta `output_format`
   * (api.anthropic.com: true). false = an Anthropic-compatible vendor without structured output
   * (z.ai): both fields are refused as unknown inputs.
   */
  anthropicStructuredOutputs?: boolean;
}

const BETA = 'structured-outputs-2025-11-13';

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

function anthropicFormatProblem(where: string, f: any): string | undefined {
  if (!isObj(f)) return `${where}: Input should be a valid dictionary`;
  if (f.type !== 'json_schema') return `${where}.type: Input should be 'json_schema'`;
  if (!isObj(f.schema)) return `${where}.schema: Field required`;
  return undefined;
}

/** api.anthropic.com's checks of output_format / output_config.format and tool_choice. */
export function validateAnthropicStructured(body: any, headers: Record<string, unknown>, o: StructuredVendorOptions): string | undefined {
  const supported = o.anthropicStructuredOutputs !== false;
  const betas = String(headers['anthropic-beta'] ?? '').split(',').map((s) => s.trim());
  if (body?.output_format !== undefined) {
    if (!supported || !betas.includes(BETA)) return 'output_format: Extra inputs are not permitted';
    const bad = anthropicFormatProblem('output_format', body.output_format);
    if (bad) return bad;
  }
  if (body?.output_config?.format !== undefined) {
    if (!supported) return 'output_config.format: Extra inputs are not permitted';
    const bad = anthropicFormatProblem('output_config.format', body.output_config.format);
    if (bad) return bad;
  }
  const tc = body?.tool_choice;
  if (tc !== undefined) {
    const tools: any[] = Array.isArray(body?.tools) ? body.tools : [];
    if (!['auto', 'any', 'tool', 'none'].includes(tc?.type)) return "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'";
    if (tc.type !== 'none' && tools.length === 0) return 'tool_choice may only be specified while providing tools.';
    if (tc.type === 'tool' && !tools.some((t) => t?.name === tc.name)) return `tool_choice.name: Tool '${String(tc.name)}' not found in tools`;
    if ((tc.type === 'tool' || tc.type === 'any') && body?.thinking?.type === 'enabled') return 'Thinking may not be enabled when tool_choice forces tool use.';
  }
  for (const [i, t] of (Array.isArray(body?.tools) ? body.tools : []).entries()) {
    if (t?.input_schema !== undefined && t.input_schema?.type !== 'object') return `tools.${i}.custom.input_schema.type: Input should be 'object'`;
  }
  return undefined;
}

/** Keywords Gemini's OpenAPI `Schema` knows (anything else in responseSchema is an unknown field). */
const GEMINI_SCHEMA_KEYS = new Set([
  'type', 'format', 'title', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'properties', 'required', 'minProperties', 'maxProperties',
  'minLength', 'maxLength', 'pattern', 'example', 'anyOf', 'propertyOrdering', 'default', 'items', 'minimum', 'maximum',
]);

function unknownSchemaKey(s: any, depth = 0): string | undefined {
  if (!isObj(s) || depth > 40) return undefined;
  for (const [k, v] of Object.entries(s)) {
    if (!GEMINI_SCHEMA_KEYS.has(k)) return k;
    const subs = k === 'properties' && isObj(v) ? Object.values(v) : k === 'items' ? [v] : k === 'anyOf' && Array.isArray(v) ? v : [];
    for (const sub of subs) {
      const bad = unknownSchemaKey(sub, depth + 1);
      if (bad) return bad;
    }
  }
  return undefined;
}

/** generativelanguage.googleapis.com's checks of responseMimeType / responseSchema / responseJsonSchema. */
export function validateGeminiStructured(body: any): string | undefined {
  const gc = body?.generationConfig ?? body?.generation_config;
  if (!isObj(gc)) return undefined;
  const mime = gc.responseMimeType ?? gc.response_mime_type;
  const schema = gc.responseSchema ?? gc.response_schema;
  const jsonSchema = gc.responseJsonSchema ?? gc.response_json_schema;
  if (schema !== undefined && jsonSchema !== undefined) return 'Only one of response_schema and response_json_schema may be set.';
  if (jsonSchema !== undefined && mime !== 'application/json') return 'response_mime_type must be application/json when response_json_schema is set.';
  if (schema !== undefined && mime !== 'application/json' && mime !== 'text/x.enum') {
    return "* GenerateContentRequest.generation_config.response_mime_type: allowed mimetypes are `text/plain`, `application/json`, `application/xml`, `application/yaml` and `text/x.enum` when response_schema is set.";
  }
  if (mime === 'text/x.enum' && !(Array.isArray(schema?.enum) && schema.enum.length && String(schema.type).toUpperCase() === 'STRING')) {
    return '* GenerateContentRequest.generation_config.response_schema: a STRING schema with enum values is required for text/x.enum.';
  }
  const unknown = schema !== undefined ? unknownSchemaKey(schema) : undefined;
  if (unknown) return `Invalid JSON payload received. Unknown name "${unknown}" at 'generation_config.response_schema': Cannot find field.`;
  return undefined;
}

/** api.openai.com's checks of chat `response_format` (and of images outside user messages). */
export function validateOpenAIChatStructured(body: any): string | undefined {
  for (const [i, m] of (Array.isArray(body?.messages) ? body.messages : []).entries()) {
    if (m?.role !== 'user' && Array.isArray(m?.content) && m.content.some((c: any) => c?.type === 'image_url')) {
      return `Invalid 'messages[${i}]'. Image URLs are only allowed for messages with role 'user', but this message with role '${String(m.role)}' contains an image URL.`;
    }
  }
  const rf = body?.response_format;
  if (rf === undefined) return undefined;
  if (!['text', 'json_object', 'json_schema'].includes(rf?.type)) return `Invalid value: '${String(rf?.type)}'. Supported values are: 'text', 'json_object', and 'json_schema'.`;
  if (rf.type === 'json_schema') {
    if (typeof rf.json_schema?.name !== 'string') return "Missing required parameter: 'response_format.json_schema.name'.";
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(rf.json_schema.name)) return `Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`;
  }
  if (rf.type === 'json_object' && !/json/i.test(textOf(body?.messages?.map((m: any) => m?.content)))) {
    return "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.";
  }
  return undefined;
}

/** api.openai.com's checks of Responses `text.format`. */
export function validateResponsesStructured(body: any): string | undefined {
  const f = body?.text?.format;
  if (f === undefined) return undefined;
  if (!['text', 'json_object', 'json_schema'].includes(f?.type)) return `Invalid value: '${String(f?.type)}'. Supported values are: 'text', 'json_object', and 'json_schema'.`;
  if (f.type === 'json_schema' && typeof f.name !== 'string') return "Missing required parameter: 'text.format.name'.";
  if (f.type === 'json_object' && !/json/i.test(textOf(body?.instructions) + textOf(body?.input))) {
    return "Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.";
  }
  return undefined;
}

/** Every image a request carries (messages and tool results), as base64 data or URL, in order. */
function imagesOf(wire: Wire, body: any): string[] {
  const out: string[] = [];
  const walk = (v: any, depth = 0): void => {
    if (depth > 30 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    if (wire === 'anthropic' && v.type === 'image' && isObj(v.source)) out.push(v.source.data ?? v.source.url);
    else if (wire === 'gemini' && isObj(v.inlineData)) out.push(v.inlineData.data);
    else if (wire === 'openai-chat' && v.type === 'image_url') out.push(v.image_url?.url);
    else if (wire === 'openai-responses' && v.type === 'input_image') out.push(v.image_url);
    else for (const x of Object.values(v)) walk(x, depth + 1);
  };
  walk(wire === 'gemini' ? body?.contents : wire === 'openai-responses' ? body?.input : body?.messages);
  return out;
}

/** What the view adds about structured output and images. */
export function structuredView(wire: Wire, body: any): Pick<RequestView, 'responseFormat' | 'enumValues' | 'forcedTool' | 'images' | 'jsonSchema'> {
  const out: ReturnType<typeof structuredView> = { images: imagesOf(wire, body) };
  if (wire === 'anthropic') {
    const f = body?.output_format ?? body?.output_config?.format;
    if (f?.type === 'json_schema') out.responseFormat = 'json_schema';
    const tc = body?.tool_choice;
    if (tc?.type === 'tool') out.forcedTool = tc.name;
  } else if (wire === 'gemini') {
    // The API reads proto JSON: camelCase and snake_case names alike.
    const gc = body?.generationConfig ?? body?.generation_config ?? {};
    const mime = gc.responseMimeType ?? gc.response_mime_type;
    const schema = gc.responseJsonSchema ?? gc.response_json_schema ?? gc.responseSchema ?? gc.response_schema;
    if (mime === 'text/x.enum') {
      out.responseFormat = 'enum';
      out.enumValues = schema?.enum;
      out.jsonSchema = undefined;
    } else if (mime === 'application/json') {
      out.responseFormat = schema ? 'json_schema' : 'json_object';
      out.jsonSchema = schema;
    }
  } else {
    const t = wire === 'openai-chat' ? body?.response_format?.type : body?.text?.format?.type;
    if (t === 'json_object' || t === 'json_schema') out.responseFormat = t;
  }
  return out;
}

/**
 * Answers the way a model obeying the request would: a forced tool is called with a value valid
 * for its schema; a JSON schema gets a matching JSON text, json_object `{"ok":true}`, an enum its
 * first value; otherwise `fallback` decides.
 */
export function structuredScript(fallback: Script): Script {
  return (view, n): Turn => {
    if (view.forcedTool) {
      const tool = view.tools.find((t) => t.name === view.forcedTool);
      return { toolCalls: [{ id: newId(view.dialect === 'anthropic' ? 'toolu_01' : 'call_'), name: view.forcedTool, args: (sampleFor(tool?.schema) ?? {}) as Record<string, unknown> }] };
    }
    if (view.responseFormat === 'enum' && view.enumValues?.length) return { text: view.enumValues[0] };
    if (view.responseFormat === 'json_schema' && view.jsonSchema) return { text: JSON.stringify(sampleFor(view.jsonSchema)) };
    if (view.responseFormat === 'json_object') return { text: '{"ok":true}' };
    return fallback(view, n);
  };
}
