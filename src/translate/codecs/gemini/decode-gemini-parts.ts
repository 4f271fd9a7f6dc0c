import type { IrImagePart, IrPart, IrTextPart } from '../../ir';
import { geminiCallId } from '../shared/ids';
import { asArray, asObject, asString, isObject } from '../shared/json';

/**
 * Gemini parts → IR parts. A thoughtSignature on a non-thought part (Gemini signs the first
 * function call or text part after its thinking) becomes an empty signed reasoning part just
 * before it, which the Gemini encoder folds back onto the following part.
 * `readSignature` maps a raw signature to IR fields (wire decoders tag it, client decoders read tags).
 */
export interface GeminiPartContext {
  readSignature(sig: string): { signature?: string; redacted?: string };
  /** Call ids for function calls without an `id`; also resolves functionResponse → call id. */
  calls: CallIds;
}

export class CallIds {
  private ordinal = 0;
  private unmatched: Array<{ id: string; name: string }> = [];

  constructor(private readonly make: (name: string, ordinal: number) => string = geminiCallId) {}

  forCall(name: string, id?: string): string {
    const callId = id ?? this.make(name, this.ordinal++);
    this.unmatched.push({ id: callId, name });
    return callId;
  }

  forResponse(name: string, id?: string): string {
    const i = id !== undefined ? this.unmatched.findIndex((c) => c.id === id) : this.unmatched.findIndex((c) => c.name === name);
    if (i >= 0) return this.unmatched.splice(i, 1)[0].id;
    return id ?? this.make(name, this.ordinal++);
  }
}

export function decodeGeminiParts(parts: unknown, ctx: GeminiPartContext): IrPart[] {
  const out: IrPart[] = [];
  for (const raw of asArray(parts)) {
    const p = asObject(raw);
    const sig = asString(p.thoughtSignature);
    if (p.thought === true) {
      out.push({ type: 'reasoning', text: asString(p.text) ?? '', ...(sig ? ctx.readSignature(sig) : {}) });
      continue;
    }
    if (sig) {
      const prev = out[out.length - 1];
      const fields = ctx.readSignature(sig);
      if (prev?.type === 'reasoning' && !prev.signature && !prev.redacted) Object.assign(prev, fields);
      else out.push({ type: 'reasoning', text: '', ...fields });
    }
    if (typeof p.text === 'string') {
      if (p.text) out.push({ type: 'text', text: p.text });
    } else if (isObject(p.inlineData)) {
      out.push({ type: 'image', source: { kind: 'base64', mediaType: asString(p.inlineData.mimeType) ?? 'image/png', data: asString(p.inlineData.data) ?? '' } });
    } else if (isObject(p.fileData)) {
      out.push({ type: 'image', source: { kind: 'url', url: asString(p.fileData.fileUri) ?? '', ...(asString(p.fileData.mimeType) ? { mediaType: asString(p.fileData.mimeType) } : {}) } });
    } else if (isObject(p.functionCall)) {
      const name = asString(p.functionCall.name) ?? '';
      out.push({ type: 'tool-call', id: ctx.calls.forCall(name, asString(p.functionCall.id)), name, input: asObject(p.functionCall.args) });
    } else if (isObject(p.functionResponse)) {
      out.push(decodeFunctionResponse(p.functionResponse, ctx));
    } else if (isObject(p.executableCode)) {
      out.push({ type: 'text', text: '```' + (asString(p.executableCode.language) ?? '').toLowerCase() + '\n' + (asString(p.executableCode.code) ?? '') + '\n```' });
    } else if (isObject(p.codeExecutionResult)) {
      out.push({ type: 'text', text: asString(p.codeExecutionResult.output) ?? '' });
    }
  }
  return out;
}

function decodeFunctionResponse(fr: Record<string, unknown>, ctx: GeminiPartContext): IrPart {
  const name = asString(fr.name) ?? '';
  const response = fr.response;
  const content: Array<IrTextPart | IrImagePart> = [];
  let isError = false;
  const r = asObject(response);
  if (typeof r.output === 'string' && Object.keys(r).length === 1) content.push({ type: 'text', text: r.output });
  else if (r.error !== undefined && r.output === undefined) {
    isError = true;
    content.push({ type: 'text', text: typeof r.error === 'string' ? r.error : JSON.stringify(r.error) });
  } else if (response !== undefined) content.push({ type: 'text', text: JSON.stringify(response) });
  for (const raw of asArray(fr.parts)) {
    const inline = asObject(asObject(raw).inlineData);
    if (typeof inline.data === 'string') content.push({ type: 'image', source: { kind: 'base64', mediaType: asString(inline.mimeType) ?? 'image/png', data: inline.data } });
  }
  return { type: 'tool-result', callId: ctx.calls.forResponse(name, asString(fr.id)), name, content, ...(isError ? { isError } : {}) };
}
