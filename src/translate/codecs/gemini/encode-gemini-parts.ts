import type { IrOutputPart } from '../../ir';
import type { Json } from '../shared/json';
import { redactedAsSignature } from '../shared/signature';

/**
 * IR output parts → Gemini parts for a Gemini client. A signature is put on the thought part
 * when it has text, otherwise on the next part (as Gemini itself does for function calls).
 */
export function encodeGeminiOutputParts(parts: IrOutputPart[]): Json[] {
  const out: Json[] = [];
  let pending: string | undefined;
  const push = (p: Json) => {
    if (pending) {
      p.thoughtSignature = pending;
      pending = undefined;
    }
    out.push(p);
  };
  for (const p of parts) {
    if (p.type === 'reasoning') {
      if (p.redacted !== undefined) out.push({ text: '', thought: true, thoughtSignature: redactedAsSignature(p.redacted) });
      else if (p.text) out.push({ text: p.text, thought: true, ...(p.signature ? { thoughtSignature: p.signature } : {}) });
      else if (p.signature) pending = p.signature;
    } else if (p.type === 'text') push({ text: p.text });
    else push({ functionCall: { id: p.id, name: p.name, args: p.input } });
  }
  if (pending) out.push({ text: '', thoughtSignature: pending });
  return out;
}
