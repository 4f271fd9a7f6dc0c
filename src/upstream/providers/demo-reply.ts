/**
 * What the demo upstream answers (pure and deterministic: the same request gets the same reply).
 *
 * - After a tool result (the conversation ends with one): text naming the tool and echoing the
 *   start of its result — never another call, so a client's tool loop always ends.
 * - A tool call when the request offers tools and asks for one: `tool_choice` names a tool
 *   (that one) or is required/any (the tool named in the last user message, else the first), or
 *   the last user message names an offered tool or asks to use a tool. Arguments are the minimal
 *   ones its JSON schema allows (demo-args.ts). `tool_choice: none` never calls.
 * - Otherwise text saying this is the demo and how to add a real account, echoing the last user message.
 */
import type { IrMessage, IrPart, IrRequest, IrTool } from '../../translate/ir';
import { minimalArguments } from './demo-args';

export type DemoReply =
  | { kind: 'text'; text: string }
  | { kind: 'tool-call'; name: string; arguments: Record<string, unknown> };

export const DEMO_MODEL = 'demo';

/** How to leave the demo: the same three ways wherever the demo speaks. */
export const ADD_ACCOUNT_HINT =
  'To get real answers, add an account: list it in antigravity-proxy.json (see antigravity-proxy.example.json), '
  + 'or set GEMINI_API_KEY, ANTHROPIC_API_KEY or OPENAI_API_KEY and restart the proxy, '
  + 'or in VS Code run "Antigravity: Add Account…".';

const ECHO_CHARS = 60;

/** Whitespace collapsed, cut to `max` characters with an ellipsis. */
export function shorten(text: string, max = ECHO_CHARS): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
}

/** The messages after the last assistant turn: the client's newest input. */
function trailing(messages: IrMessage[]): IrMessage[] {
  let i = messages.length;
  while (i > 0 && messages[i - 1]!.role !== 'assistant') i--;
  return messages.slice(i);
}

function textOf(parts: IrPart[]): string {
  return parts.map((p) => (p.type === 'text' ? p.text : '')).filter(Boolean).join(' ');
}

/** The last user message's text ('' when it has none). */
export function lastUserText(ir: IrRequest): string {
  for (let i = ir.messages.length - 1; i >= 0; i--) {
    const m = ir.messages[i]!;
    if (m.role !== 'user') continue;
    const t = textOf(m.content);
    if (t.trim()) return t;
    if (m.content.some((p) => p.type === 'tool-result')) return '';
  }
  return '';
}

function toolNamed(tools: IrTool[], text: string): IrTool | undefined {
  const lower = text.toLowerCase();
  return tools.find((t) => {
    const name = t.name.toLowerCase();
    if (name.length < 3) return false;
    const at = lower.indexOf(name);
    if (at < 0) return false;
    const before = lower[at - 1];
    const after = lower[at + name.length];
    const word = (c: string | undefined) => c !== undefined && /[a-z0-9_-]/.test(c);
    return !word(before) && !word(after);
  });
}

/** The tool to call, or undefined when the request does not ask for one. */
export function chooseTool(ir: IrRequest): IrTool | undefined {
  if (ir.tools.length === 0) return undefined;
  const choice = ir.toolChoice;
  if (choice?.type === 'none') return undefined;
  const text = lastUserText(ir);
  if (choice?.type === 'tool') return ir.tools.find((t) => t.name === choice.name) ?? ir.tools[0];
  const named = toolNamed(ir.tools, text);
  if (choice?.type === 'required') return named ?? ir.tools[0];
  if (named) return named;
  return /\b(use|call|run|invoke|try)\b[^.?!]*\b(a|the|any|your|some)?\s*(tool|function)s?\b/i.test(text) ? ir.tools[0] : undefined;
}

function resultText(parts: IrPart[]): string {
  return parts.map((p) => (p.type === 'text' ? p.text : p.type === 'image' ? '[image]' : '')).join(' ');
}

/** Name of the tool whose call has this id, from the assistant turns before. */
function callName(ir: IrRequest, callId: string): string | undefined {
  for (const m of ir.messages) {
    for (const p of m.content) if (p.type === 'tool-call' && p.id === callId) return p.name;
  }
  return undefined;
}

export function planDemoReply(ir: IrRequest): DemoReply {
  const latest = trailing(ir.messages);
  const results = latest.flatMap((m) => m.content.filter((p): p is Extract<IrPart, { type: 'tool-result' }> => p.type === 'tool-result'));
  if (results.length > 0) {
    const r = results[results.length - 1]!;
    const name = r.name ?? callName(ir, r.callId) ?? 'the tool';
    const shown = shorten(resultText(r.content)) || '(empty)';
    return {
      kind: 'text',
      text: `This is the Antigravity Proxy demo upstream. The tool ${name} ${r.isError ? 'failed with' : 'returned'}: "${shown}". `
        + `Your tool loop works end to end through the proxy. ${ADD_ACCOUNT_HINT}`,
    };
  }
  const tool = chooseTool(ir);
  if (tool) return { kind: 'tool-call', name: tool.name, arguments: minimalArguments(tool.parameters) };
  const echo = shorten(lastUserText(ir));
  return {
    kind: 'text',
    text: 'Hello from the Antigravity Proxy demo upstream: this answer was made by the proxy itself, no model was called. '
      + (echo ? `You wrote: "${echo}". ` : '')
      + ADD_ACCOUNT_HINT,
  };
}
