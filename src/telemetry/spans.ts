import type { AccountKind, RequestRecord } from '../monitor/types';

/** One span to export, built from a finished monitor record (no SDK types: the SDK loads only when enabled). */
export interface SpanSpec {
  name: string;
  startMs: number;
  endMs: number;
  attributes: Record<string, string | number | boolean | string[]>;
  error?: string;
  events: { name: string; attributes: Record<string, string> }[];
  children: SpanSpec[];
}

/** `gen_ai.system` (GenAI semantic conventions) of an account kind. */
const SYSTEMS: Record<AccountKind, string> = {
  anthropic: 'anthropic',
  zai: 'anthropic',
  openai: 'openai',
  gemini: 'gcp.gemini',
  'vscode-lm': 'vscode.lm',
  demo: 'antigravity.demo',
};

// Finish reasons in the vendors' words: OpenAI chat, Anthropic, Gemini, Responses status.
const FINISH = /"(?:finish_reason|stop_reason|finishReason)"\s*:\s*"([A-Za-z_]+)"/g;

/** Finish reasons found in a captured answer (JSON or SSE), in order, without repeats. */
export function finishReasons(body: string | undefined): string[] {
  if (!body) return [];
  const out: string[] = [];
  for (const m of body.matchAll(FINISH)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}

/**
 * The request span (`chat <model>`) with one child per upstream attempt. Attempts carry no times
 * of their own in the record, so each child spans the request's window. Content (the captured,
 * already redacted bodies) only when `captureContent`.
 */
export function recordSpans(r: RequestRecord, captureContent: boolean): SpanSpec {
  const model = r.clientModel ?? r.upstreamModel ?? 'unknown';
  const attrs: SpanSpec['attributes'] = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': model,
    'http.request.method': r.method,
    'url.path': r.path,
    'http.response.status_code': r.status,
    'antigravity.stream': r.stream,
    'antigravity.attempts': r.attempts.length,
  };
  if (r.accountKind) attrs['gen_ai.system'] = SYSTEMS[r.accountKind] ?? r.accountKind;
  if (r.upstreamModel) attrs['gen_ai.response.model'] = r.upstreamModel;
  if (r.usage) {
    attrs['gen_ai.usage.input_tokens'] = r.usage.inputTokens;
    attrs['gen_ai.usage.output_tokens'] = r.usage.outputTokens;
    if (r.usage.estimated) attrs['antigravity.usage.estimated'] = true;
  }
  const reasons = finishReasons(r.bodies?.response);
  if (reasons.length > 0) attrs['gen_ai.response.finish_reasons'] = reasons;
  if (r.clientDialect) attrs['antigravity.dialect'] = r.clientDialect;
  if (r.accountId) attrs['antigravity.account.id'] = r.accountId;
  if (r.sessionId) attrs['session.id'] = r.sessionId;
  if (r.agentId) attrs['antigravity.agent.id'] = r.agentId;
  if (r.parentAgentId) attrs['antigravity.agent.parent_id'] = r.parentAgentId;
  if (r.requestClass) attrs['antigravity.request_class'] = r.requestClass;
  if (r.cost) attrs['antigravity.cost.usd'] = r.cost.usd;
  if (r.ttfbMs !== undefined) attrs['antigravity.ttfb_ms'] = r.ttfbMs;
  if (r.aborted) attrs['antigravity.aborted'] = true;

  const events: SpanSpec['events'] = [];
  if (captureContent && r.bodies?.request) events.push({ name: 'gen_ai.prompt', attributes: { 'gen_ai.prompt': r.bodies.request } });
  if (captureContent && r.bodies?.response) events.push({ name: 'gen_ai.completion', attributes: { 'gen_ai.completion': r.bodies.response } });

  const startMs = r.time;
  const endMs = r.time + Math.max(0, r.durationMs);
  const failed = r.errorType !== undefined || r.status >= 400;
  const children: SpanSpec[] = r.attempts.map((a, i) => {
    const ca: SpanSpec['attributes'] = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': SYSTEMS[a.accountKind] ?? a.accountKind,
      'gen_ai.request.model': a.upstreamModel,
      'antigravity.account.id': a.accountId,
      'antigravity.attempt': i + 1,
    };
    if (a.status !== undefined) ca['http.response.status_code'] = a.status;
    if (a.reason) ca['antigravity.attempt.reason'] = a.reason;
    const bad = a.reason !== undefined || (a.status !== undefined && a.status >= 400);
    return { name: `attempt ${i + 1} ${a.upstreamModel}`, startMs, endMs, attributes: ca, error: bad ? a.reason ?? `status ${a.status}` : undefined, events: [], children: [] };
  });
  return {
    name: `chat ${model}`,
    startMs,
    endMs,
    attributes: attrs,
    error: failed ? r.errorType ?? `status ${r.status}` : undefined,
    events,
    children,
  };
}
