import type { IncomingHttpHeaders } from 'node:http';
import type { RecordFields } from '../monitor/types';

/** Longest id kept: a header is client text, and a record must stay small. */
const MAX_ID = 128;

function one(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s ? s.slice(0, MAX_ID) : undefined;
}

/**
 * The session and agent a request belongs to, from the headers the coding agents send (issue 20):
 * Claude Code `x-claude-code-session-id`, `x-claude-code-agent-id`, `x-claude-code-parent-agent-id`;
 * Codex `session_id` (or `conversation_id`). Gemini CLI sends no session header of its own (its
 * sticky key is derived from the request: session-key.ts), so its records carry none.
 */
export function sessionFields(headers: IncomingHttpHeaders): Pick<RecordFields, 'sessionId' | 'agentId' | 'parentAgentId'> {
  const sessionId = one(headers, 'x-claude-code-session-id') ?? one(headers, 'session_id') ?? one(headers, 'conversation_id');
  if (!sessionId) return {};
  const out: Pick<RecordFields, 'sessionId' | 'agentId' | 'parentAgentId'> = { sessionId };
  const agentId = one(headers, 'x-claude-code-agent-id');
  const parentAgentId = one(headers, 'x-claude-code-parent-agent-id');
  if (agentId) out.agentId = agentId;
  if (parentAgentId) out.parentAgentId = parentAgentId;
  return out;
}
