import type { IrImagePart, IrMessage, IrRequest } from '../../ir';
import { ProxyError } from '../../../core/errors';
import { compact, type Json } from '../shared/json';
import { foldSystemMessages, joinSystem, mergeConsecutive, toolResultText } from '../shared/messages';
import { reasoningDisabled, reasoningEffort, reasoningRequested } from '../shared/reasoning';
import { untagSignature } from '../shared/signature';
import { cleanGeminiSchema } from './clean-schema';
import { geminiFormatFields } from './encode-gemini-format';

/** Gemini 3 validates signatures on function calls; this documented value skips the check for calls we cannot sign. */
export const GEMINI_SKIP_SIGNATURE = 'skip_thought_signature_validator';
const MAX_STOP_SEQUENCES = 5;

/**
 * IR → Gemini generateContent request. Images must be inline data: http(s) URLs are fetched
 * by the proxy beforehand (upstream/image-fetch.ts, TranslateContext.inlineImages); others are a 400. Tool schemas are cleaned (see clean-schema.ts). Only signatures
 * produced by Gemini are replayed; a signature that preceded a part is put back on that part.
 */
export function encodeGeminiRequest(ir: IrRequest, model: string): Json {
  const folded = foldSystemMessages(ir.system, ir.messages);
  const names = new Map<string, string>();
  for (const m of folded.messages) for (const p of m.content) if (p.type === 'tool-call') names.set(p.id, p.name);
  const gemini3 = /gemini-3/i.test(model);

  const contents = mergeConsecutive(folded.messages)
    .map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', parts: encodeParts(m, names, gemini3) }))
    .filter((c) => c.parts.length > 0);

  const body: Json = { contents };
  const system = joinSystem(folded.system);
  if (system) body.systemInstruction = { parts: [{ text: system }] };
  if (ir.tools.length && ir.toolChoice?.type !== 'none') {
    body.tools = [{ functionDeclarations: ir.tools.map(encodeTool) }];
    const tc = ir.toolChoice;
    if (tc) {
      body.toolConfig = {
        functionCallingConfig: tc.type === 'tool' ? { mode: 'ANY', allowedFunctionNames: [tc.name] } : { mode: tc.type === 'required' ? 'ANY' : 'AUTO' },
      };
    }
  }
  const gen: Json = compact({
    temperature: ir.temperature,
    topP: ir.topP,
    topK: ir.topK,
    maxOutputTokens: ir.maxTokens,
    candidateCount: ir.n,
    stopSequences: ir.stop?.length ? ir.stop.slice(0, MAX_STOP_SEQUENCES) : undefined,
  });
  Object.assign(gen, geminiFormatFields(ir.responseFormat));
  const thinking = encodeThinking(ir, model);
  if (thinking) gen.thinkingConfig = thinking;
  if (Object.keys(gen).length) body.generationConfig = gen;
  if (ir.parallelToolCalls === false) ir.notes.push('parallel_tool_calls=false not supported by Gemini');
  return body;
}

function encodeTool(t: IrRequest['tools'][number]): Json {
  const params = cleanGeminiSchema(t.parameters);
  const hasParams = params.properties !== undefined && Object.keys(params.properties as object).length > 0;
  return compact({ name: t.name, description: t.description, parameters: hasParams ? params : undefined });
}

function encodeParts(m: IrMessage, names: Map<string, string>, gemini3: boolean): Json[] {
  const responses: Json[] = [];
  const out: Json[] = [];
  let pending: string | undefined;
  let signedCall = false;
  const push = (part: Json) => {
    if (pending) {
      part.thoughtSignature = pending;
      pending = undefined;
    }
    out.push(part);
  };
  for (const p of m.content) {
    switch (p.type) {
      case 'reasoning': {
        if (m.role !== 'assistant') break;
        const sig = untagSignature('gemini', p.signature);
        if (!sig) break; // foreign or unsigned thoughts are not replayed
        // Gemini issues the signature on the first part after its thinking (the function call):
        // it goes back there, the thought text before it unsigned.
        if (p.text) out.push({ text: p.text, thought: true });
        pending = sig;
        break;
      }
      case 'text':
        if (p.text) push({ text: p.text });
        break;
      case 'image':
        push(encodeImage(p));
        break;
      case 'tool-call': {
        const part: Json = { functionCall: { name: p.name, args: p.input } };
        if (gemini3 && !signedCall && !pending) part.thoughtSignature = GEMINI_SKIP_SIGNATURE;
        signedCall = true;
        push(part);
        break;
      }
      case 'tool-result': {
        const name = p.name ?? names.get(p.callId) ?? 'unknown_function';
        const text = toolResultText(p);
        responses.push({ functionResponse: { name, response: p.isError ? { error: text } : { output: text } } });
        for (const c of p.content) if (c.type === 'image') out.push(encodeImage(c));
        break;
      }
    }
  }
  if (pending) out.push({ text: '', thoughtSignature: pending });
  return [...responses, ...out];
}

function encodeImage(p: IrImagePart): Json {
  const s = p.source;
  if (s.kind === 'base64') return { inlineData: { mimeType: s.mediaType, data: s.data } };
  if (/^(gs:\/\/|https:\/\/generativelanguage\.googleapis\.com\/)/.test(s.url)) {
    return { fileData: compact({ fileUri: s.url, mimeType: s.mediaType }) };
  }
  throw new ProxyError(
    'invalid_request',
    `Image URL ${s.url.slice(0, 80)} cannot be sent to a Gemini upstream: only http(s) URLs are fetched and inlined; send the image as base64 data instead.`,
    { code: 'image_url_unsupported' },
  );
}

const LEVEL: Record<string, string> = { minimal: 'low', low: 'low', medium: 'high', high: 'high', xhigh: 'high', max: 'high' };

function encodeThinking(ir: IrRequest, model: string): Json | undefined {
  const r = ir.reasoning;
  if (!r) return undefined;
  const gemini3 = /gemini-3/i.test(model);
  if (reasoningDisabled(r)) {
    if (gemini3) return { thinkingLevel: 'low' }; // cannot be turned off
    if (/pro/i.test(model)) return undefined; // 2.5 Pro cannot be turned off either
    return { thinkingBudget: 0 };
  }
  if (!reasoningRequested(r) && r.includeThoughts === undefined) return undefined;
  const out: Json = {};
  if (r.budgetTokens !== undefined && r.budgetTokens !== 0) out.thinkingBudget = r.budgetTokens < 0 ? -1 : Math.min(r.budgetTokens, /pro/i.test(model) ? 32768 : 24576);
  else if (r.effort && gemini3) out.thinkingLevel = LEVEL[r.effort] ?? 'high';
  else if (reasoningRequested(r)) out.thinkingBudget = r.adaptive && !r.effort ? -1 : budgetFor(reasoningEffort(r));
  out.includeThoughts = r.includeThoughts ?? reasoningRequested(r);
  return out;
}

function budgetFor(effort: string | undefined): number {
  switch (effort) {
    case 'minimal': return 1024;
    case 'low': return 4096;
    case 'high': case 'xhigh': case 'max': return 24576;
    default: return 10240;
  }
}

