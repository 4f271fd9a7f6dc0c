import { ChunkCollector, bodyChunk, redactShort, type CappedText } from './body-capture';
import { isError } from './record-filter';
import type { RedactText as Redactor } from '../core/redactor';
import type { AttemptRecord, CaptureBodies, RecordBuilder, RecordFields, RecordInit, RecordUsage, RequestRecord, TokenUsage } from './types';

const MAX_NOTES = 50;
const MAX_ATTEMPTS = 50;

/** The builder handed out while the monitor is off: shared, allocation-free, does nothing. */
export const NOOP_BUILDER: RecordBuilder = Object.freeze({
  active: false,
  wantsBodies: false,
  id: '',
  set() {},
  attempt() {},
  note() {},
  addUsage() {},
  markFirstByte() {},
  requestBody() {},
  responseChunk() {},
  finish() {
    return undefined;
  },
});

export interface BuilderContext {
  id: string;
  now: () => number;
  captureBodies: CaptureBodies;
  /** Resolved at finish, so secrets changed mid-request still apply. */
  redactor: () => Redactor;
  /** Receives the completed, redacted record (without seq; the monitor assigns it). */
  complete: (record: RequestRecord) => void;
}

/** Cumulative counts: the larger wins per field; a real report replaces an estimate. */
export function mergeUsage(prev: RecordUsage | undefined, next: TokenUsage, estimated: boolean): RecordUsage {
  const fresh: RecordUsage = {
    inputTokens: next.inputTokens ?? 0,
    outputTokens: next.outputTokens ?? 0,
    cachedTokens: next.cachedTokens ?? 0,
    reasoningTokens: next.reasoningTokens ?? 0,
    ...(next.cacheWriteTokens !== undefined ? { cacheWriteTokens: next.cacheWriteTokens } : {}),
    estimated,
  };
  if (!prev || (prev.estimated && !estimated)) return fresh;
  if (!prev.estimated && estimated) return prev;
  return {
    inputTokens: Math.max(prev.inputTokens, fresh.inputTokens),
    outputTokens: Math.max(prev.outputTokens, fresh.outputTokens),
    cachedTokens: Math.max(prev.cachedTokens, fresh.cachedTokens),
    reasoningTokens: Math.max(prev.reasoningTokens, fresh.reasoningTokens),
    ...(prev.cacheWriteTokens !== undefined || fresh.cacheWriteTokens !== undefined
      ? { cacheWriteTokens: Math.max(prev.cacheWriteTokens ?? 0, fresh.cacheWriteTokens ?? 0) }
      : {}),
    estimated,
  };
}

class ActiveBuilder implements RecordBuilder {
  readonly active = true;
  readonly wantsBodies: boolean;
  readonly id: string;
  private readonly start: number;
  private fields: RecordFields;
  private readonly attempts: AttemptRecord[] = [];
  private readonly notes: string[] = [];
  private usage: RecordUsage | undefined;
  private ttfb: number | undefined;
  private responseBytes = 0;
  private requestSize: number | undefined;
  /** Held by reference until finish: copied only when the record keeps bodies (not for every success in 'errors' mode). */
  private request: string | Uint8Array | object | undefined;
  private response: ChunkCollector | undefined;
  private done = false;

  constructor(
    private readonly ctx: BuilderContext,
    init: RecordInit,
  ) {
    this.id = ctx.id;
    this.start = ctx.now();
    this.fields = { ...init };
    this.wantsBodies = ctx.captureBodies !== 'none';
  }

  set(fields: RecordFields): void {
    if (!this.done) Object.assign(this.fields, fields);
  }

  attempt(attempt: AttemptRecord): void {
    if (!this.done && this.attempts.length < MAX_ATTEMPTS) this.attempts.push({ ...attempt });
  }

  note(text: string): void {
    if (!this.done && this.notes.length < MAX_NOTES && !this.notes.includes(text)) this.notes.push(text);
  }

  addUsage(usage: TokenUsage, estimated = false): void {
    if (!this.done) this.usage = mergeUsage(this.usage, usage, estimated);
  }

  markFirstByte(): void {
    if (!this.done && this.ttfb === undefined) this.ttfb = Math.max(0, this.ctx.now() - this.start);
  }

  requestBody(body: string | Uint8Array | object): void {
    if (this.done) return;
    if (typeof body === 'string') this.requestSize = Buffer.byteLength(body);
    else if (body instanceof Uint8Array) this.requestSize = body.length;
    if (!this.wantsBodies) return;
    this.request = body;
  }

  responseChunk(chunk: string | Uint8Array): void {
    if (this.done) return;
    this.responseBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (!this.wantsBodies) return;
    (this.response ??= new ChunkCollector()).push(chunk);
  }

  finish(fields?: RecordFields): RequestRecord | undefined {
    if (this.done) return undefined;
    if (fields) Object.assign(this.fields, fields);
    this.done = true;
    const f = this.fields;
    const redact = this.ctx.redactor();
    const record: RequestRecord = {
      id: this.id,
      seq: 0,
      time: this.start,
      clientDialect: f.clientDialect,
      method: f.method ?? 'POST',
      path: redactShort(f.path, redact) ?? '',
      clientModel: redactShort(f.clientModel, redact, 256),
      upstreamModel: redactShort(f.upstreamModel, redact, 256),
      accountId: f.accountId,
      accountLabel: redactShort(f.accountLabel, redact, 256),
      accountKind: f.accountKind,
      status: f.status ?? (f.errorType ? 500 : 200),
      errorType: f.errorType,
      errorMessage: redactShort(f.errorMessage, redact),
      attempts: this.attempts.map((a) => ({
        ...a,
        accountLabel: redactShort(a.accountLabel, redact, 256) ?? '',
        upstreamModel: redactShort(a.upstreamModel, redact, 256) ?? '',
        reason: redactShort(a.reason, redact),
      })),
      stream: f.stream ?? false,
      aborted: f.aborted ?? false,
      ttfbMs: f.ttfbMs ?? this.ttfb,
      durationMs: f.durationMs ?? Math.max(0, this.ctx.now() - this.start),
      usage: this.usage,
      requestBytes: f.requestBytes ?? this.requestSize,
      responseBytes: f.responseBytes ?? (this.responseBytes > 0 ? this.responseBytes : undefined),
      userAgent: redactShort(f.userAgent, redact, 1024),
      clientAddress: f.clientAddress,
      sessionId: redactShort(f.sessionId, redact, 256),
      agentId: redactShort(f.agentId, redact, 256),
      parentAgentId: redactShort(f.parentAgentId, redact, 256),
      requestClass: f.requestClass,
      cost: f.cost,
      notes: this.notes.map((n) => redactShort(n, redact) ?? ''),
    };
    const keep = this.ctx.captureBodies === 'all' || (this.ctx.captureBodies === 'errors' && isError(record));
    if (keep && (this.request || this.response)) {
      let req: CappedText | undefined;
      if (this.request !== undefined) {
        const collector = new ChunkCollector();
        collector.push(bodyChunk(this.request));
        req = collector.finish(redact);
      }
      const res: CappedText | undefined = this.response?.finish(redact);
      record.bodies = {
        request: req?.text,
        response: res?.text,
        requestTruncated: req?.truncated || undefined,
        responseTruncated: res?.truncated || undefined,
      };
    }
    this.request = this.response = undefined;
    this.ctx.complete(dropUndefined(record));
    return record;
  }
}

/** Undefined fields vanish in JSON anyway; dropping them keeps memory and equality checks tidy. */
function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  if ('bodies' in o && o.bodies && typeof o.bodies === 'object') dropUndefined(o.bodies as object);
  return o;
}

export function createRecordBuilder(ctx: BuilderContext, init: RecordInit): RecordBuilder {
  return new ActiveBuilder(ctx, init);
}
