/**
 * Drops reasoning produced by another account from a request's history, so that a session
 * that moved accounts does not send signatures the new provider rejects ("Invalid signature
 * in thinking block", Gemini `thought_signature` errors). Only assistant/model turns are
 * touched; user content is never changed. Pure: returns a new body, the input is not mutated.
 *
 * Per dialect:
 *  - anthropic: assistant `thinking` / `redacted_thinking` blocks and any `signature` field go.
 *    When the last assistant turn lost its thinking and holds a `tool_use` (a tool loop in
 *    progress), the top-level `thinking` config is removed too: Anthropic demands that such a
 *    turn start with a thinking block while thinking is on, and we no longer have a valid one.
 *  - gemini: `model` parts with `thought: true` go, `thoughtSignature` is removed; a
 *    `functionCall` part that carried a signature, and the first call of every model step, get
 *    Google's documented placeholder (`skip_thought_signature_validator`) because Gemini 3 rejects
 *    signature-less calls of the current turn.
 *  - openai-responses: `reasoning` input items go, `encrypted_content` fields are removed.
 *  - openai-chat: assistant `reasoning_content` / `reasoning` / `reasoning_details` /
 *    `thinking_blocks` fields go.
 * Messages left empty by the stripping are dropped.
 */
import type { Dialect } from '../../../core/dialect';

type Json = Record<string, unknown>;

export const GEMINI_SIGNATURE_PLACEHOLDER = 'skip_thought_signature_validator';

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function without(obj: Json, keys: readonly string[]): Json {
  const out: Json = {};
  // Define, not assign: a client key `__proto__` stays data instead of becoming out's prototype.
  for (const [k, v] of Object.entries(obj)) if (!keys.includes(k)) Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
  return out;
}

function stripAnthropic(body: Json): Json {
  if (!Array.isArray(body.messages)) return body;
  const lastAssistant = body.messages.map((m) => isObj(m) && m.role === 'assistant').lastIndexOf(true);
  let lostThinkingInToolLoop = false;
  const messages: unknown[] = [];
  body.messages.forEach((m, i) => {
    if (!isObj(m) || m.role !== 'assistant' || !Array.isArray(m.content)) {
      messages.push(m);
      return;
    }
    const kept = m.content
      .filter((b) => !(isObj(b) && (b.type === 'thinking' || b.type === 'redacted_thinking')))
      .map((b) => (isObj(b) && 'signature' in b ? without(b, ['signature']) : b));
    // The final tool-use turn no longer starts with thinking (it lost it, or never had one: it was
    // written by another family): Anthropic would refuse `thinking` on.
    const startsWithThinking = isObj(kept[0]) && (kept[0].type === 'thinking' || kept[0].type === 'redacted_thinking');
    if (i === lastAssistant && !startsWithThinking && kept.some((b) => isObj(b) && b.type === 'tool_use')) lostThinkingInToolLoop = true;
    if (kept.length > 0) messages.push({ ...m, content: kept });
  });
  const out: Json = { ...body, messages };
  return lostThinkingInToolLoop ? without(out, ['thinking']) : out;
}

const GEMINI_SIG_KEYS = ['thoughtSignature', 'thought_signature'];

function stripGemini(body: Json): Json {
  if (!Array.isArray(body.contents)) return body;
  const contents: unknown[] = [];
  for (const c of body.contents) {
    if (!isObj(c) || c.role !== 'model' || !Array.isArray(c.parts)) {
      contents.push(c);
      continue;
    }
    let firstCall = true;
    const parts = c.parts
      .filter((p) => !(isObj(p) && p.thought === true))
      .map((p) => {
        if (!isObj(p)) return p;
        const call = p.functionCall ?? p.function_call;
        // Gemini 3 wants a signature on the first call of each step: history from elsewhere gets the placeholder.
        const needs = call !== undefined && firstCall;
        if (call !== undefined) firstCall = false;
        if (!GEMINI_SIG_KEYS.some((k) => k in p) && !needs) return p;
        const clean = without(p, GEMINI_SIG_KEYS);
        return call !== undefined && (needs || GEMINI_SIG_KEYS.some((k) => k in p)) ? { ...clean, thoughtSignature: GEMINI_SIGNATURE_PLACEHOLDER } : clean;
      });
    if (parts.length > 0) contents.push({ ...c, parts });
  }
  return { ...body, contents };
}

function stripResponses(body: Json): Json {
  if (!Array.isArray(body.input)) return body;
  const input = body.input
    .filter((item) => !(isObj(item) && item.type === 'reasoning'))
    .map((item) => (isObj(item) && 'encrypted_content' in item ? without(item, ['encrypted_content']) : item));
  return { ...body, input };
}

const CHAT_REASONING_KEYS = ['reasoning_content', 'reasoning', 'reasoning_details', 'thinking_blocks'];

function stripChat(body: Json): Json {
  if (!Array.isArray(body.messages)) return body;
  const messages = body.messages.map((m) =>
    isObj(m) && m.role === 'assistant' && CHAT_REASONING_KEYS.some((k) => k in m) ? without(m, CHAT_REASONING_KEYS) : m);
  return { ...body, messages };
}

export function stripForeignReasoning<T extends Json>(dialect: Dialect, body: T): T {
  switch (dialect) {
    case 'anthropic': return stripAnthropic(body) as T;
    case 'gemini': return stripGemini(body) as T;
    case 'openai-responses': return stripResponses(body) as T;
    case 'openai-chat': return stripChat(body) as T;
  }
}

/**
 * The proxy's own signature tags (`ag:…`, given to clients of translated answers) in a body that
 * goes to a vendor unchanged: they are foreign to every vendor, so the reasoning carrying them is
 * removed; a Gemini call of a step another family wrote (tagged, or with no signature at all)
 * gets the skip placeholder; everything else stays. Used for a passthrough
 * to the account that wrote the rest of the history, which stripForeignReasoning would empty.
 */
export function hasProxySignatures(raw: Buffer | string): boolean {
  return raw.includes('"ag:');
}

/** A Gemini body with a model step whose first call has no signature (written by another family): Gemini 3 refuses it. */
export function hasUnsignedGeminiCall(body: Json): boolean {
  if (!Array.isArray(body.contents)) return false;
  return body.contents.some((c) => {
    if (!isObj(c) || c.role !== 'model' || !Array.isArray(c.parts)) return false;
    const first = c.parts.find((p) => isObj(p) && (p.functionCall ?? p.function_call) !== undefined);
    return isObj(first) && !GEMINI_SIG_KEYS.some((k) => typeof first[k] === 'string');
  });
}

const tagged = (v: unknown) => typeof v === 'string' && v.startsWith('ag:');

export function stripProxySignatures<T extends Json>(dialect: Dialect, body: T): T {
  switch (dialect) {
    case 'anthropic': {
      if (!Array.isArray(body.messages)) return body;
      const messages = body.messages.map((m) => {
        if (!isObj(m) || m.role !== 'assistant' || !Array.isArray(m.content)) return m;
        const content = m.content.filter((b) => !(isObj(b) && ((b.type === 'thinking' && tagged(b.signature)) || (b.type === 'redacted_thinking' && tagged(b.data)))));
        return content.length === m.content.length ? m : { ...m, content };
      });
      return finalTurnRule({ ...body, messages }) as T;
    }
    case 'gemini': {
      if (!Array.isArray(body.contents)) return body;
      const contents = body.contents.map((c) => {
        if (!isObj(c) || c.role !== 'model' || !Array.isArray(c.parts)) return c;
        let firstCall = true;
        const parts = c.parts
          .filter((p) => !(isObj(p) && p.thought === true && GEMINI_SIG_KEYS.some((k) => tagged(p[k]))))
          .map((p) => {
            if (!isObj(p)) return p;
            const call = (p.functionCall ?? p.function_call) !== undefined;
            const unsignedFirst = call && firstCall && !GEMINI_SIG_KEYS.some((k) => typeof p[k] === 'string');
            if (call) firstCall = false;
            if (!unsignedFirst && !GEMINI_SIG_KEYS.some((k) => tagged(p[k]))) return p;
            const clean = without(p, GEMINI_SIG_KEYS);
            return call ? { ...clean, thoughtSignature: GEMINI_SIGNATURE_PLACEHOLDER } : clean;
          });
        return { ...c, parts: parts.length ? parts : [{ text: '' }] };
      });
      return { ...body, contents } as T;
    }
    case 'openai-responses': {
      if (!Array.isArray(body.input)) return body;
      return { ...body, input: body.input.filter((i) => !(isObj(i) && i.type === 'reasoning' && tagged(i.encrypted_content))) } as T;
    }
    case 'openai-chat':
      return body; // chat carries no signatures
  }
}

/** With thinking on, Anthropic wants the final tool-use turn to start with thinking: otherwise thinking goes. */
function finalTurnRule(body: Json): Json {
  if (!isObj(body.thinking) || body.thinking.type === 'disabled' || !Array.isArray(body.messages)) return body;
  const last = body.messages.map((m) => isObj(m) && m.role === 'assistant').lastIndexOf(true);
  const m = body.messages[last];
  if (!isObj(m) || !Array.isArray(m.content)) return body;
  const first = m.content[0];
  const ok = isObj(first) && (first.type === 'thinking' || first.type === 'redacted_thinking');
  return !ok && m.content.some((b) => isObj(b) && b.type === 'tool_use') ? without(body, ['thinking']) : body;
}
