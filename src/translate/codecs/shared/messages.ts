import type { IrMessage, IrPart, IrTextPart } from '../../ir';

/**
 * For upstreams with a single system prompt (Anthropic, Gemini): system messages inside the
 * conversation are appended to the system prompt, in order. (Rewriting them as user turns
 * would change the meaning; folding keeps their authority.)
 */
export function foldSystemMessages(system: IrTextPart[], messages: IrMessage[]): { system: IrTextPart[]; messages: Array<IrMessage & { role: 'user' | 'assistant' }> } {
  const sys = [...system];
  const rest: Array<IrMessage & { role: 'user' | 'assistant' }> = [];
  for (const m of messages) {
    if (m.role === 'system') {
      for (const p of m.content) if (p.type === 'text' && p.text) sys.push(p);
    } else {
      rest.push(m as IrMessage & { role: 'user' | 'assistant' });
    }
  }
  return { system: sys, messages: rest };
}

/** Merges consecutive messages of the same role (Anthropic needs alternation; Gemini likes it). */
export function mergeConsecutive<M extends IrMessage>(messages: M[]): M[] {
  const out: M[] = [];
  for (const m of messages) {
    const last = out[out.length - 1];
    if (last && last.role === m.role) last.content = [...last.content, ...m.content];
    else out.push({ ...m, content: [...m.content] });
  }
  return out;
}

export function joinSystem(system: IrTextPart[]): string {
  return system.map((p) => p.text).filter(Boolean).join('\n\n');
}

/** The text of a tool result (images excluded), parts joined by newlines. */
export function toolResultText(p: Extract<IrPart, { type: 'tool-result' }>): string {
  return p.content.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('\n');
}
