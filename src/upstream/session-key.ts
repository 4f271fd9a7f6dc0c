/**
 * The sticky-session key of a request: what makes turn 2 of a conversation land on the
 * account that served turn 1. Only identifiers that really name a session count; first hit wins:
 *   `x-claude-code-session-id` header (Claude Code) → Codex's `session_id` / `conversation_id`
 *   headers → Anthropic `metadata.user_id` (Claude Code sends a JSON string holding
 *   `session_id` / `device_id`; `session_id` is preferred) → OpenAI `prompt_cache_key` (Codex
 *   sets it to its conversation id) → `user` → `x-session-affinity` header → a hash of the
 *   first user message text (any dialect).
 * The first-message hash is never used alone: unrelated clients that open with the same words
 * ("hi") are different sessions, so it is combined with who is asking — the client's
 * credential (the proxy key it sent, or its Authorization / x-api-key / x-goog-api-key) and its
 * address — and with the Gemini CLI's per-install id (`x-gemini-api-privileged-user-id`; the
 * Gemini CLI sends no session header of its own). With neither a credential nor an address
 * there is no key. Keys carry a source prefix so that, say, a `user` value can never collide
 * with a header.
 */
import { createHash } from 'node:crypto';
import type { Dialect } from '../core/dialect';
import { headerValue, type HeadersLike } from './cooldown-hints';

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** `metadata.user_id`: JSON `{session_id, device_id, …}`, or the older `user_…_session_<uuid>` form. */
export function sessionFromUserId(userId: string): string {
  try {
    const parsed: unknown = JSON.parse(userId);
    if (isObj(parsed)) {
      if (nonEmpty(parsed.session_id)) return parsed.session_id;
      if (nonEmpty(parsed.device_id)) return `device:${parsed.device_id}`;
    }
  } catch {
    // not JSON: fall through
  }
  const m = /_session_([\w-]+)$/.exec(userId);
  return m ? m[1] : userId;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (isObj(part) && typeof part.text === 'string' ? part.text : typeof part === 'string' ? part : ''))
    .join('\n');
}

/** Text of the first user turn, whatever the dialect; '' when there is none. */
export function firstUserText(dialect: Dialect, body: Json): string {
  switch (dialect) {
    case 'gemini': {
      const contents = Array.isArray(body.contents) ? body.contents : [];
      const first = contents.find((c) => isObj(c) && (c.role === undefined || c.role === 'user'));
      return isObj(first) ? textOf(first.parts) : '';
    }
    case 'openai-responses': {
      if (typeof body.input === 'string') return body.input;
      const items = Array.isArray(body.input) ? body.input : [];
      const first = items.find((i) => isObj(i) && i.role === 'user' && (i.type === undefined || i.type === 'message'));
      return isObj(first) ? textOf(first.content) : '';
    }
    default: {
      // anthropic and openai-chat: `messages[]` with `role` and string-or-parts `content`
      const messages = Array.isArray(body.messages) ? body.messages : [];
      const first = messages.find((m) => isObj(m) && m.role === 'user');
      return isObj(first) ? textOf(first.content) : '';
    }
  }
}

/** Who is asking, for the first-message key: the credential header the client sent and its address. */
function requester(headers: HeadersLike, clientAddress: string | undefined): string {
  const credential = ['authorization', 'x-api-key', 'x-goog-api-key']
    .map((h) => headerValue(headers, h))
    .find(nonEmpty);
  const install = headerValue(headers, 'x-gemini-api-privileged-user-id');
  const parts = [credential?.trim() ?? '', clientAddress ?? '', nonEmpty(install) ? install.trim() : ''];
  return parts.some((p) => p.length > 0) ? parts.join('\u0000') : '';
}

export function deriveSessionKey(dialect: Dialect, headers: HeadersLike, body: Json, clientAddress?: string): string | undefined {
  const header = headerValue(headers, 'x-claude-code-session-id');
  if (nonEmpty(header)) return `session:${header.trim()}`;
  for (const name of ['session_id', 'conversation_id']) {
    const codex = headerValue(headers, name);
    if (nonEmpty(codex)) return `session:${codex.trim()}`;
  }
  const userId = isObj(body.metadata) ? body.metadata.user_id : undefined;
  if (nonEmpty(userId)) return `session:${sessionFromUserId(userId)}`;
  if (nonEmpty(body.prompt_cache_key)) return `cache:${body.prompt_cache_key}`;
  if (nonEmpty(body.user)) return `user:${body.user}`;
  const affinity = headerValue(headers, 'x-session-affinity');
  if (nonEmpty(affinity)) return `affinity:${affinity.trim()}`;
  const text = firstUserText(dialect, body);
  const who = requester(headers, clientAddress);
  // Different clients that happen to open with the same words are different sessions: never the text alone.
  if (text.length === 0 || who === '') return undefined;
  return `first:${dialect}:${createHash('sha256').update(who).update('\u0000').update(text).digest('hex').slice(0, 32)}`;
}

/** One conversation of a session: the session key and a digest of its first user message. */
export function conversationKeyOf(sessionKey: string, dialect: Dialect, body: Json): string {
  return `${sessionKey}\u0001${createHash('sha256').update(firstUserText(dialect, body)).digest('base64url').slice(0, 22)}`;
}
