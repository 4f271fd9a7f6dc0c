import type { IrReasoningConfig, IrRequest, IrTextPart, IrTool, IrToolChoice } from '../../ir';
import { emptyRequest } from '../../ir';
import { asArray, asNumber, asObject, asString, isObject, setOwn } from '../shared/json';
import { budgetToEffort, parseEffort } from '../shared/reasoning';
import { readClientSignature } from '../shared/signature';
import { decodeGeminiResponseFormat } from '../shared/response-format';
import { CallIds, decodeGeminiParts } from './decode-gemini-parts';

/**
 * Gemini generateContent request → IR. Accepts the `{generateContentRequest: {...}}` wrapper
 * of countTokens, `parametersJsonSchema` beside `parameters`, responseJsonSchema beside
 * responseSchema (and their snake_case forms; `text/x.enum` as an enum), thinkingLevel beside thinkingBudget, consecutive user turns, and ids
 * synthesized for function calls (functionResponse matched by id, else by name).
 */
export function decodeGeminiRequest(input: Record<string, unknown>, model = ''): IrRequest {
  const body = isObject(input.generateContentRequest) ? input.generateContentRequest : input;
  const ir = emptyRequest(asString(body.model)?.replace(/^models\//, '') ?? model);
  const ctx = { readSignature: readClientSignature, calls: new CallIds() };
  const sys = asObject(body.systemInstruction ?? body.system_instruction);
  const sysParts = typeof body.systemInstruction === 'string' ? [{ text: body.systemInstruction }] : sys.parts;
  ir.system = decodeGeminiParts(sysParts, ctx).filter((p): p is IrTextPart => p.type === 'text');
  for (const raw of asArray(body.contents)) {
    const c = asObject(raw);
    const content = decodeGeminiParts(c.parts, ctx);
    ir.messages.push({ role: c.role === 'model' ? 'assistant' : 'user', content });
  }
  ir.tools = decodeTools(body.tools, ir.notes);
  const tc = decodeToolConfig(body.toolConfig ?? body.tool_config);
  if (tc) ir.toolChoice = tc;
  const g = asObject(body.generationConfig ?? body.generation_config);
  ir.maxTokens = asNumber(g.maxOutputTokens);
  ir.temperature = asNumber(g.temperature);
  ir.topP = asNumber(g.topP);
  ir.topK = asNumber(g.topK);
  const stop = asArray(g.stopSequences).filter((s): s is string => typeof s === 'string');
  if (stop.length) ir.stop = stop;
  ir.n = asNumber(g.candidateCount);
  const format = decodeGeminiResponseFormat(g, lowerTypes);
  if (format) ir.responseFormat = format;
  const reasoning = decodeThinking(asObject(g.thinkingConfig));
  if (reasoning) ir.reasoning = reasoning;
  return ir;
}

function decodeTools(tools: unknown, notes: string[]): IrTool[] {
  const out: IrTool[] = [];
  for (const raw of asArray(tools)) {
    const t = asObject(raw);
    const decls = asArray(t.functionDeclarations ?? t.function_declarations);
    if (decls.length === 0) {
      notes.push(`dropped Gemini tool ${Object.keys(t).join(',') || '?'}`);
      continue;
    }
    for (const d of decls) {
      const fn = asObject(d);
      const name = asString(fn.name);
      if (!name) continue;
      const params = fn.parametersJsonSchema ?? fn.parameters;
      out.push({
        name,
        ...(asString(fn.description) ? { description: asString(fn.description) } : {}),
        parameters: isObject(params) ? (lowerTypes(params) as Record<string, unknown>) : { type: 'object', properties: {} },
      });
    }
  }
  return out;
}

/** Gemini OpenAPI schemas may use upper-case types (`OBJECT`); JSON Schema uses lower case. */
function lowerTypes(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(lowerTypes);
  if (!isObject(s)) return s;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'type' && typeof v === 'string') out[k] = v.toLowerCase();
    else if (k === 'properties' && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([n, sub]) => [n, lowerTypes(sub)]));
    else if (k === 'enum' || k === 'required' || k === 'propertyOrdering') out[k] = v;
    else setOwn(out, k, typeof v === 'object' ? lowerTypes(v) : v); // client keys: define, never assign
  }
  if (out.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    delete out.nullable;
  }
  return out;
}

function decodeToolConfig(tc: unknown): IrToolChoice | undefined {
  const f = asObject(asObject(tc).functionCallingConfig);
  const names = asArray(f.allowedFunctionNames).filter((n): n is string => typeof n === 'string');
  switch (f.mode) {
    case 'AUTO': return { type: 'auto' };
    case 'NONE': return { type: 'none' };
    case 'ANY': case 'VALIDATED': return names.length === 1 ? { type: 'tool', name: names[0] } : { type: 'required' };
    default: return undefined;
  }
}

const LEVELS: Record<string, IrReasoningConfig['effort']> = { MINIMAL: 'minimal', LOW: 'low', MEDIUM: 'medium', HIGH: 'high' };

function decodeThinking(t: Record<string, unknown>): IrReasoningConfig | undefined {
  if (Object.keys(t).length === 0) return undefined;
  const r: IrReasoningConfig = {};
  const budget = asNumber(t.thinkingBudget);
  if (budget !== undefined) {
    r.budgetTokens = budget;
    r.enabled = budget !== 0;
    if (budget !== 0) r.effort = budgetToEffort(budget);
  }
  const level = asString(t.thinkingLevel);
  if (level) {
    r.effort = LEVELS[level.toUpperCase()] ?? parseEffort(level.toLowerCase()) ?? 'medium';
    r.enabled = true;
  }
  if (typeof t.includeThoughts === 'boolean') r.includeThoughts = t.includeThoughts;
  if (t.includeThoughts === true && r.enabled === undefined) r.enabled = true; // Gemini thinks by default
  return r;
}
