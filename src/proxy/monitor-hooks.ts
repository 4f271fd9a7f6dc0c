import { createUsageScanner, NOOP_BUILDER, type Monitor, type RecordBuilder, type TokenUsage } from '../monitor';
import type { RecordInit } from '../monitor/types';
import type { Dialect } from '../core/dialect';
import type { RequestTrace } from './dispatch/client-call';
import { toProxyError } from '../core/errors';
import { CODECS } from '../translate/codecs/registry';
import { tokenUsage } from '../monitor/usage-tap';
import type { Exchange } from './exchange';
import type { StreamObserver } from './stream/line-tap';
import { sessionFields } from './session-headers';

export function beginRecord(monitor: Monitor | undefined, ex: Exchange): RecordBuilder {
  if (!monitor || !monitor.recording) return NOOP_BUILDER;
  const header = (name: string): string | undefined => {
    const v = ex.headers[name];
    return (Array.isArray(v) ? v[0] : v)?.slice(0, 200) || undefined;
  };
  const init: RecordInit = {
    method: ex.method,
    path: ex.url,
    userAgent: header('user-agent'),
    clientAddress: ex.clientAddress,
    ...sessionFields(ex.headers),
  };
  return monitor.begin(init);
}

/** Usage an upstream reported (or that was counted here: `estimated`), into the record and the pool's totals. */
export function recordUsage(trace: RequestTrace, u: TokenUsage, estimated?: boolean): void {
  trace.record.addUsage(u, estimated);
  trace.tokens = Math.max(trace.tokens, (u.inputTokens ?? 0) + (u.outputTokens ?? 0));
}

/** The one place usage is read from an upstream's event or answer, in its wire dialect. */
function usageOf(wire: Dialect, json: unknown): TokenUsage | undefined {
  return tokenUsage(CODECS[wire].usageOf(json));
}

const USAGE_KEY = Buffer.from('"usage');
const DATA = Buffer.from('data:');

/**
 * False when no `"usage…"` key of this line can hold a report: none at all, or only
 * `"usage": null` (OpenAI's include_usage puts that on every chunk but the last). Saves a
 * JSON.parse of every streamed chunk; any other `"usage…` key (usageMetadata, an object) is parsed.
 */
/** A short prefix compared in JS (a native Buffer call costs more than a few bytes). */
export function startsWithBytes(line: Buffer, prefix: Buffer): boolean {
  if (line.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (line[i] !== prefix[i]) return false;
  return true;
}

function mayHoldUsage(line: Buffer): boolean {
  for (let at = line.indexOf(USAGE_KEY); at >= 0; at = line.indexOf(USAGE_KEY, at + USAGE_KEY.length)) {
    let i = at + USAGE_KEY.length;
    if (line[i] !== 0x22) return true; // "usageMetadata", "usage_…": parse
    i++;
    while (line[i] === 0x20) i++;
    if (line[i] !== 0x3a) return true;
    i++;
    while (line[i] === 0x20) i++;
    if (line[i] !== 0x6e || line[i + 1] !== 0x75 || line[i + 2] !== 0x6c || line[i + 3] !== 0x6c) return true; // not `null`
  }
  return false;
}

export interface UsageMeter {
  /** A whole JSON answer. */
  json(text: string): void;
  /** An observer for the line tap: SSE events, or a JSON-array stream's raw lines. */
  stream(sse: boolean): StreamObserver;
}

/** Meters usage from an upstream's answer without buffering or delaying it (best-effort: bad JSON is skipped). */
export function usageMeter(trace: RequestTrace, wire: Dialect): UsageMeter {
  const add = (u: TokenUsage) => recordUsage(trace, u);
  return {
    json(text) {
      const scanner = createUsageScanner(wire, add);
      scanner.push(text);
      scanner.end();
    },
    stream(sse) {
      if (!sse) {
        // Gemini's streamed JSON array: the usage object is found by the monitor's JSON scanner.
        const scanner = createUsageScanner(wire, add);
        return { line: (l) => scanner.push(l), end: () => scanner.end() };
      }
      // Vendors put each usage report on one `data:` line: only those lines are parsed.
      return {
        line(line, whole) {
          // "data:" first (a byte check), then the key; blank lines and `event:` lines never parse.
          if (!whole || !startsWithBytes(line, DATA) || !mayHoldUsage(line)) return;
          let json: unknown;
          try {
            json = JSON.parse(line.toString('utf8', DATA.length));
          } catch {
            return; // not JSON (or a malformed chunk): the bytes already went out
          }
          const u = usageOf(wire, json);
          if (u) add(u);
        },
      };
    },
  };
}

/** How the request ended, as the Koa chain knows it. */
export interface Reply {
  status: number;
  headerSent: boolean;
  /** An error body the chain wrote (captured when the monitor keeps bodies). */
  body?: unknown;
}

/**
 * Completes the record of one request from what the dispatcher traced. Returns `refused` for a
 * request answered before auth let it in (401, 403, a 404 of path handling): it leaves no record
 * and no usage error, the caller only counts it (issue 15 item 13).
 */
export function finishRecord(ex: Exchange, reply: Reply): 'refused' | undefined {
  const trace = ex.trace;
  if (!trace.admitted) return reply.status >= 400 ? 'refused' : undefined;
  const rec = trace.record;
  if (!rec.active) return;
  const error = ex.streamError ?? ex.error;
  if (!trace.call && !error && reply.status < 400) {
    return; // health checks, model lists and warm-ups are not proxied requests: the builder is dropped
  }
  // The proxy's own HTTP API (routes/api.ts), answered or refused after auth: not a proxied request either.
  if (!trace.call && ex.path.startsWith('/antigravity/')) return;
  for (const a of trace.attempts) rec.attempt(a);
  if (rec.wantsBodies && reply.status >= 400 && reply.body && typeof reply.body === 'object') rec.responseChunk(JSON.stringify(reply.body));
  for (const n of trace.notes) rec.note(n);
  const e = error ? toProxyError(error) : undefined;
  rec.finish({
    clientDialect: trace.call?.dialect,
    clientModel: trace.call?.clientModel,
    upstreamModel: trace.upstreamModel,
    accountId: trace.account?.id,
    accountLabel: trace.account?.label,
    accountKind: trace.account?.kind,
    // 499: the client closed the connection before an answer (nginx's convention).
    status: ex.streamError || reply.headerSent ? 200 : trace.aborted ? 499 : reply.status,
    errorType: e?.kind,
    errorMessage: e?.message,
    stream: trace.call?.stream ?? false,
    aborted: trace.aborted,
    ttfbMs: trace.ttfbMs,
    durationMs: Date.now() - ex.startedAt,
    requestBytes: trace.call ? trace.call.raw.length : Number(ex.headers['content-length']) || 0,
    responseBytes: trace.responseBytes,
  });
}

