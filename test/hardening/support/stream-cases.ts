/**
 * Client requests for the stream-fault suites (issue 14): each client dialect, served by an
 * account of the same wire (passthrough) or of another one (translated), against fake vendors
 * with fault modes (test/fakes/vendor/faults.ts).
 */
import assert from 'node:assert/strict';
import { FakeVendor, renderStream, wireOf, type Fault, type RecordedRequest, type Wire } from '../../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../../support/proxy-harness';
import type { ProxyConfig } from '../../../src/core/config';
import type { ErrorDialect } from '../../../src/core/dialect';
import type { ProxyDeps } from '../../../src/proxy/server-types';
import { raw, type RawResponse } from './util';

export type ClientWire = Wire | 'gemini-array';

export interface StreamCase {
  name: string;
  client: ClientWire;
  dialect: ErrorDialect;
  model: string;
  translated: boolean;
}

const MODEL: Record<Wire, string> = { 'openai-chat': 'gpt-4o', 'openai-responses': 'gpt-4o', anthropic: 'claude-sonnet-4-5', gemini: 'gemini-2.5-flash' };
const DIALECT: Record<ClientWire, ErrorDialect> = { 'openai-chat': 'openai', 'openai-responses': 'openai', anthropic: 'anthropic', gemini: 'gemini', 'gemini-array': 'gemini' };

const pass = (client: ClientWire): StreamCase => {
  const wire: Wire = client === 'gemini-array' ? 'gemini' : client;
  return { name: `${client} passthrough`, client, dialect: DIALECT[client], model: MODEL[wire], translated: false };
};
const cross = (client: Wire, upstream: Wire): StreamCase => ({ name: `${client} → ${upstream}`, client, dialect: DIALECT[client], model: MODEL[upstream], translated: true });

/** Every client dialect, passthrough and translated (the OpenAI accounts serve /responses, so a Responses client passes through). */
export const STREAM_CASES: StreamCase[] = [
  pass('openai-chat'), cross('openai-chat', 'anthropic'),
  pass('openai-responses'), cross('openai-responses', 'gemini'),
  pass('anthropic'), cross('anthropic', 'openai-chat'),
  pass('gemini'), cross('gemini', 'anthropic'),
  pass('gemini-array'),
];

export function request(c: Pick<StreamCase, 'client' | 'model'>, stream: boolean): { path: string; body: string } {
  const messages = [{ role: 'user', content: 'hi tok-a' }];
  switch (c.client) {
    case 'openai-chat': return { path: '/v1/chat/completions', body: JSON.stringify({ model: c.model, stream, messages }) };
    case 'openai-responses': return { path: '/v1/responses', body: JSON.stringify({ model: c.model, stream, input: 'hi tok-a' }) };
    case 'anthropic': return { path: '/v1/messages', body: JSON.stringify({ model: c.model, stream, max_tokens: 10, messages }) };
    default: {
      const action = !stream ? 'generateContent' : c.client === 'gemini' ? 'streamGenerateContent?alt=sse' : 'streamGenerateContent';
      return { path: `/v1beta/models/${c.model}:${action}`, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi tok-a' }] }] }) };
    }
  }
}

export function post(p: RunningProxy, c: Pick<StreamCase, 'client' | 'model'>, stream: boolean, timeoutMs = 20_000): Promise<RawResponse> {
  const r = request(c, stream);
  return raw(p.url, r.path, { headers: { 'content-type': 'application/json' }, body: r.body, timeoutMs });
}

/** One account per vendor family on `primary` (preferred: fill-first), and one on `secondary` when given. */
export function accounts(primary: FakeVendor, secondary?: FakeVendor) {
  const on = (v: FakeVendor, n: number, priority: number) => [
    account('openai', `${v.url}/v1`, { id: `o${n}`, label: `openai-${n}`, models: ['gpt-*'], priority, apiKey: `key-o${n}`, responsesApi: true }),
    account('anthropic', v.url, { id: `a${n}`, label: `anthropic-${n}`, models: ['claude-*'], priority, apiKey: `key-a${n}` }),
    account('gemini', v.url, { id: `g${n}`, label: `gemini-${n}`, models: ['gemini-*'], priority, apiKey: `key-g${n}` }),
  ];
  return [...on(primary, 1, 2), ...(secondary ? on(secondary, 2, 1) : [])];
}

/** A fresh proxy (no cooldowns from an earlier case) for `fn`. */
export async function withProxy(
  primary: FakeVendor,
  secondary: FakeVendor | undefined,
  proxy: Partial<ProxyConfig['proxy']>,
  fn: (p: RunningProxy) => Promise<void>,
  deps: ProxyDeps = {},
): Promise<void> {
  const p = await startProxy({ proxy: { authMode: 'off', ...proxy }, scheduling: 'fill-first', accounts: accounts(primary, secondary) }, { keepAliveMs: 200, ...deps });
  try {
    await fn(p);
  } finally {
    await p.server.dispose();
  }
}

/** A vendor whose every generate request gets `fault()` (undefined: the normal answer). */
export function faulty(fault: (req: RecordedRequest) => Fault | undefined): Promise<FakeVendor> {
  return FakeVendor.start({ fault: (req) => fault(req) });
}

/** How many frames of the fault's stream carry the first content ('partial '), so a fault can stop right after it. */
export function framesThroughContent(req: RecordedRequest): number {
  const frames = renderStream(wireOf(req.path), { text: 'partial answer', parts: ['partial ', 'answer'] }, 'm', { geminiSse: true });
  return frames.findIndex((f) => f.includes('partial')) + 1;
}

const frames = (text: string) => text.split(/\r?\n\r?\n/).filter((f) => f.trim() !== '' && !/^:/.test(f.trim()));
const dataOf = (frame: string) => {
  const d = frame.split(/\r?\n/).find((l) => l.startsWith('data:'))?.slice(5).trim();
  return d && d !== '[DONE]' ? JSON.parse(d) : d;
};

/** A stream that ended normally, once: its dialect's terminal event exactly once and no error event. */
export function assertCleanStream(c: StreamCase, r: RawResponse): void {
  const label = `${c.name}: ${r.text.slice(-300)}`;
  assert.equal(r.status, 200, label);
  assert.match(r.text, /tok-a/, label);
  if (c.client === 'gemini-array') {
    const arr = JSON.parse(r.text) as Array<{ error?: unknown }>;
    assert.ok(Array.isArray(arr) && arr.every((x) => !x.error), label);
    return;
  }
  assert.ok(!/^event: error|"error":\{|response\.failed/m.test(r.text), `an error event in a served stream: ${label}`);
  const ends = { 'openai-chat': /^data: \[DONE\]/gm, 'openai-responses': /^event: response\.completed/gm, anthropic: /^event: message_stop/gm, gemini: /"finishReason"/g }[c.client];
  const starts = { 'openai-chat': /"role":"assistant"/g, 'openai-responses': /^event: response\.created/gm, anthropic: /^event: message_start/gm, gemini: /"finishReason"/g }[c.client];
  assert.equal((r.text.match(ends) ?? []).length, 1, `one terminal event: ${label}`);
  assert.equal((r.text.match(starts) ?? []).length, 1, `one stream, not two spliced: ${label}`);
}

/** A stream that failed after its first content: the error event in the client's dialect and its terminal frame, last. */
export function assertErrorEnd(c: StreamCase, r: RawResponse): any {
  const label = `${c.name}: ${r.text.slice(-400)}`;
  assert.equal(r.status, 200, label);
  if (c.client === 'gemini-array') {
    // The streamed JSON array: closed, its last element a Gemini error object.
    const arr = JSON.parse(r.text) as Array<{ error?: { code?: number; status?: string; message?: string } }>;
    const e = arr.at(-1)?.error;
    assert.ok(e?.code && e.status && e.message, `a Gemini error object last: ${label}`);
    return e;
  }
  const fs = frames(r.text);
  const last = fs.at(-1) ?? '';
  switch (c.client) {
    case 'anthropic': {
      assert.match(last, /^event: error$/m, label);
      const j = dataOf(last);
      assert.equal(j.type, 'error', label);
      return j.error;
    }
    case 'openai-chat': {
      assert.equal(dataOf(last), '[DONE]', `ends with data: [DONE]: ${label}`);
      const j = dataOf(fs.at(-2) ?? '');
      assert.ok(j?.error?.message, `an error chunk before [DONE]: ${label}`);
      return j.error;
    }
    case 'openai-responses': {
      const failed = fs.find((f) => /^event: response\.failed$/m.test(f));
      assert.ok(failed, `response.failed: ${label}`);
      const j = dataOf(failed!);
      assert.equal(j.response.status, 'failed', label);
      assert.ok(j.response.error.message, label);
      return j.response.error;
    }
    default: {
      const j = dataOf(last);
      assert.ok(j?.error?.code && j.error.status && j.error.message, `a Gemini error object last: ${label}`);
      return j.error;
    }
  }
}
