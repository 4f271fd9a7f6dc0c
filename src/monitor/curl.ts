/**
 * "Copy as curl" of a record (issue 20): the client's request against the proxy. The record keeps
 * no client headers beyond the user agent and the session ones, so the dialect's usual headers are
 * rebuilt; the key is always `$ANTIGRAVITY_KEY` (expanded by the shell, never written out). The
 * body is the captured one (already redacted and capped); without it, curl sends none.
 */
import type { RequestRecord } from './types';

/** POSIX single-quoting: safe for any text, including quotes and newlines. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function curlOf(r: RequestRecord, proxyBaseUrl: string): string {
  const base = proxyBaseUrl.replace(/\/+$/, '');
  const headers: string[] = [];
  switch (r.clientDialect) {
    case 'anthropic':
      headers.push('x-api-key: $ANTIGRAVITY_KEY', 'anthropic-version: 2023-06-01');
      break;
    case 'gemini':
      headers.push('x-goog-api-key: $ANTIGRAVITY_KEY');
      break;
    default:
      headers.push('Authorization: Bearer $ANTIGRAVITY_KEY');
  }
  const body = r.bodies?.request;
  if (body !== undefined) headers.push('content-type: application/json');
  if (r.sessionId) headers.push(`x-claude-code-session-id: ${r.sessionId}`);
  if (r.agentId) headers.push(`x-claude-code-agent-id: ${r.agentId}`);
  if (r.parentAgentId) headers.push(`x-claude-code-parent-agent-id: ${r.parentAgentId}`);
  if (r.userAgent) headers.push(`user-agent: ${r.userAgent}`);
  // Double quotes only around the key headers, so the shell expands $ANTIGRAVITY_KEY.
  const h = (v: string) => (v.includes('$ANTIGRAVITY_KEY') ? `"${v}"` : shellQuote(v));
  const lines = [`curl -X ${r.method} ${shellQuote(base + r.path)}`, ...headers.map((v) => `  -H ${h(v)}`)];
  if (r.stream) lines[0] += ' -N';
  if (body !== undefined) lines.push(`  --data-binary ${shellQuote(body)}`);
  const text = lines.join(' \\\n');
  return r.bodies?.requestTruncated ? `# the captured body was truncated: this request is incomplete\n${text}` : text;
}
