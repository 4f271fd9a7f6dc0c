/**
 * The sticky-session key of a request: what makes turn 2 of a conversation land on the
 * account that served turn 1. First hit wins:
 *   `x-claude-code-session-id` header → Anthropic `metadata.user_id` (Claude Code sends a
 *   JSON string holding `session_id` / `device_id`; `session_id` is preferred) → OpenAI
 *   `prompt_cache_key` → `user` → `x-session-affinity` header → a hash of the first user
 *   message text (any dialect).
 * Keys carry a source prefix so that, say, a `user` value can never collide with a header.
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

export function deriveSessionKey(dialect: Dialect, headers: HeadersLike, body: Json): string | undefined {
  const header = headerValue(headers, 'x-claude-code-session-id');
  if (nonEmpty(header)) return `session:${header.trim()}`;
  const userId = isObj(body.metadata) ? body.metadata.user_id : undefined;
  if (nonEmpty(userId)) return `session:${sessionFromUserId(userId)}`;
  if (nonEmpty(body.prompt_cache_key)) return `cache:${body.prompt_cache_key}`;
  if (nonEmpty(body.user)) return `user:${body.user}`;
  const affinity = headerValue(headers, 'x-session-affinity');
  if (nonEmpty(affinity)) return `affinity:${affinity.trim()}`;
  const text = firstUserText(dialect, body);
  if (text.length === 0) return undefined;
  // Different clients that happen to open with the same words are different sessions.
  return `first:${dialect}:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

/** One conversation of a session: the session key and a digest of its first user message. */
export function conversationKeyOf(sessionKey: string, dialect: Dialect, body: Json): string {
  return `${sessionKey}\u0001${createHash('sha256').update(firstUserText(dialect, body)).digest('base64url').slice(0, 22)}`;
}
