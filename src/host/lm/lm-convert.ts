/**
 * IR ↔ VS Code Language Model API, pure (no `vscode`): the vscode classes are built through a
 * small factory, so tests use plain objects. The API (1.100) has user and assistant roles only,
 * text / tool-call / tool-result parts, tools with a tool mode, and streams text and tool-call
 * parts back.
 */
import type { IrMessage, IrPart, IrRequest, IrToolResultPart } from '../../translate/ir';
import type { IrStreamEvent } from '../../translate/ir';

/** Builds the vscode objects (LanguageModelChatMessage.User, LanguageModelTextPart, …). */
export interface LmFactory<M, P> {
  text(value: string): P;
  toolCall(callId: string, name: string, input: object): P;
  toolResult(callId: string, content: P[]): P;
  user(parts: P[]): M;
  assistant(parts: P[]): M;
}

export interface LmTool {
  name: string;
  description: string;
  inputSchema?: object;
}

export interface LmRequest<M> {
  messages: M[];
  tools: LmTool[];
  /** Only with tools: `required` = the model must call one of them. */
  toolMode?: 'auto' | 'required';
  /** What was dropped or changed, for the monitor. */
  notes: string[];
}

const IMAGE_PLACEHOLDER = '[image omitted: VS Code language models accept text only]';

function textOf(parts: readonly IrPart[]): string {
  return parts.map((p) => (p.type === 'text' ? p.text : '')).filter(Boolean).join('\n\n');
}

function resultParts<M, P>(f: LmFactory<M, P>, r: IrToolResultPart, notes: Set<string>): P {
  const content = r.content.map((c) => {
    if (c.type === 'image') notes.add('image in a tool result replaced by a placeholder (VS Code language models take text only)');
    return f.text(c.type === 'text' ? c.text : IMAGE_PLACEHOLDER);
  });
  const body = content.length > 0 ? content : [f.text('')];
  if (r.isError) body.unshift(f.text('[tool error]'));
  return f.toolResult(r.callId, body);
}

/**
 * IR request → messages and options. System text (the system prompt and mid-conversation
 * system messages) is folded into the user message that follows it — the first user message
 * for the system prompt — since the API has no system role. Adjacent messages of one role are
 * merged; in a user message tool results come first (providers expect them right after the calls).
 */
export function toLmRequest<M, P>(ir: IrRequest, f: LmFactory<M, P>): LmRequest<M> {
  const notes = new Set<string>();
  type Turn = { role: 'user' | 'assistant'; results: P[]; parts: P[] };
  const turns: Turn[] = [];
  let pendingSystem = textOf(ir.system);
  const turn = (role: Turn['role']): Turn => {
    const last = turns.at(-1);
    if (last?.role === role) return last;
    const t: Turn = { role, results: [], parts: [] };
    turns.push(t);
    return t;
  };
  const addMessage = (m: IrMessage) => {
    if (m.role === 'system') {
      const text = textOf(m.content);
      if (text) pendingSystem = pendingSystem ? `${pendingSystem}\n\n${text}` : text;
      return;
    }
    const t = turn(m.role);
    if (m.role === 'user' && pendingSystem) {
      t.parts.push(f.text(pendingSystem));
      pendingSystem = '';
    }
    for (const p of m.content) {
      switch (p.type) {
        case 'text': if (p.text) t.parts.push(f.text(p.text)); break;
        case 'image':
          notes.add('image replaced by a placeholder (VS Code language models take text only)');
          t.parts.push(f.text(IMAGE_PLACEHOLDER));
          break;
        case 'tool-call':
          if (m.role === 'assistant') t.parts.push(f.toolCall(p.id, p.name, p.input));
          break;
        case 'tool-result':
          if (m.role === 'user') t.results.push(resultParts(f, p, notes));
          break;
        case 'reasoning': break; // no reasoning parts in the API; the model does not need its own thoughts back
      }
    }
  };
  for (const m of ir.messages) addMessage(m);
  if (pendingSystem) {
    // System text with no user message after it: it leads the conversation (or closes it).
    if (!turns.some((t) => t.role === 'user')) turns.unshift({ role: 'user', results: [], parts: [f.text(pendingSystem)] });
    else turn('user').parts.push(f.text(pendingSystem));
  }
  // Turns left empty (e.g. an assistant turn of reasoning only) are dropped, and the neighbours
  // that then meet are merged: the API expects user and assistant to alternate.
  const merged: Array<{ role: Turn['role']; parts: P[] }> = [];
  for (const t of turns) {
    const parts = [...t.results, ...t.parts];
    if (parts.length === 0) continue;
    const last = merged.at(-1);
    if (last?.role === t.role) last.parts.push(...parts);
    else merged.push({ role: t.role, parts });
  }
  const messages = merged.map((t) => (t.role === 'user' ? f.user(t.parts) : f.assistant(t.parts)));

  let tools: LmTool[] = ir.tools.map((t) => ({ name: t.name, description: t.description ?? '', inputSchema: t.parameters }));
  let toolMode: LmRequest<M>['toolMode'];
  const choice = ir.toolChoice;
  if (tools.length > 0) {
    if (choice?.type === 'none') {
      tools = [];
      notes.add('tool_choice none: tools not offered to the model');
    } else if (choice?.type === 'tool' && tools.some((t) => t.name === choice.name)) {
      tools = tools.filter((t) => t.name === choice.name);
      toolMode = 'required';
    } else if (choice?.type === 'tool') {
      toolMode = 'auto';
      notes.add(`tool_choice names "${choice.name}", which is not among the tools: all tools offered, tool mode auto`);
    } else {
      // `required` with several tools: the API's Required mode lets the model pick one of them.
      toolMode = choice?.type === 'required' ? 'required' : 'auto';
    }
  }
  const ignored = [
    ir.temperature !== undefined && 'temperature', ir.topP !== undefined && 'top_p', ir.topK !== undefined && 'top_k',
    ir.maxTokens !== undefined && 'max_tokens', ir.stop?.length && 'stop', ir.responseFormat && ir.responseFormat.type !== 'text' && 'response_format',
  ].filter((x): x is string => typeof x === 'string');
  if (ignored.length > 0) notes.add(`not supported by VS Code language models, ignored: ${ignored.join(', ')}`);
  return { messages, tools, ...(toolMode ? { toolMode } : {}), notes: [...notes] };
}

/** A response part as the API streams it: LanguageModelTextPart or LanguageModelToolCallPart (duck-typed). */
export type LmResponsePart = { value: string } | { callId: string; name: string; input: object } | unknown;

/**
 * Response parts → IR stream events: message-start, text blocks (a new one after each tool
 * call), one `tool-call` per call, finish (`tool_calls` when the model called tools).
 * Unknown parts (future part types) are skipped.
 */
export class LmStreamDecoder {
  private started = false;
  private textBlock: string | undefined;
  private blocks = 0;
  private calls = 0;

  constructor(private readonly model: string, private readonly id: string) {}

  part(p: LmResponsePart): IrStreamEvent[] {
    const out = this.start();
    const o = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
    if (typeof o.value === 'string') {
      if (o.value === '') return out;
      if (!this.textBlock) {
        this.textBlock = `t${this.blocks++}`;
        out.push({ type: 'text-start', id: this.textBlock });
      }
      out.push({ type: 'text-delta', id: this.textBlock, delta: o.value });
      return out;
    }
    if (typeof o.callId === 'string' && typeof o.name === 'string') {
      this.closeText(out);
      const id = `c${this.blocks++}`;
      const args = JSON.stringify(typeof o.input === 'object' && o.input !== null ? o.input : {});
      this.calls++;
      // A complete call arrives at once: a bare `tool-call` (the core's normalizer adds the
      // start/delta/end framing; emitting both would announce the call twice).
      out.push({ type: 'tool-call', id, callId: o.callId || `call_${id}`, name: o.name, arguments: args });
    }
    return out;
  }

  end(): IrStreamEvent[] {
    const out = this.start();
    this.closeText(out);
    out.push({ type: 'finish', reason: this.calls > 0 ? 'tool_calls' : 'stop', usage: { inputTokens: 0, outputTokens: 0 } });
    return out;
  }

  private start(): IrStreamEvent[] {
    if (this.started) return [];
    this.started = true;
    return [{ type: 'message-start', id: this.id, model: this.model }];
  }

  private closeText(out: IrStreamEvent[]): void {
    if (!this.textBlock) return;
    out.push({ type: 'text-end', id: this.textBlock });
    this.textBlock = undefined;
  }
}
