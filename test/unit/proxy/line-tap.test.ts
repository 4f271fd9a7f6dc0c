import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { lineTap } from '../../../src/proxy/stream/line-tap';
import { terminalWatch } from '../../../src/proxy/stream/terminal-watch';
import { firstEventPeek } from '../../../src/proxy/stream/peek-first-event';
import { rewriteModelLine } from '../../../src/proxy/stream/rewrite-model-stage';
import type { SseEvent } from '../../../src/translate/sse/decode-sse';
import { usageMeter } from '../../../src/proxy/monitor-hooks';
import type { RequestTrace } from '../../../src/proxy/dispatch/client-call';

async function run(chunks: Buffer[], tap: ReturnType<typeof lineTap>): Promise<string> {
  const out: Buffer[] = [];
  for await (const c of Readable.from(chunks).pipe(tap)) out.push(c as Buffer);
  return Buffer.concat(out).toString('utf8');
}

const ANTHROPIC = (eol: string) =>
  [
    `event: message_start${eol}data: {"type":"message_start","message":{"model":"claude-upstream","content":"é"}}${eol}${eol}`,
    `event: ping${eol}data: {"type": "ping"}${eol}${eol}`,
    `event: content_block_delta${eol}data: {"type":"content_block_delta","delta":{"text":"a \\"model\\": x €"}}${eol}${eol}`,
    `event: message_stop${eol}data: {"type":"message_stop"}${eol}${eol}`,
  ].join('');

for (const eol of ['\n', '\r\n', '\r']) {
  test(`line tap (${JSON.stringify(eol)}): rewrite, events and the terminal watch agree at every split point`, async () => {
    const input = Buffer.from(ANTHROPIC(eol));
    const want = ANTHROPIC(eol).replace('"model":"claude-upstream"', '"model":"claude-client"');
    for (let i = 0; i <= input.length; i++) {
      const watch = terminalWatch('anthropic');
      const events: SseEvent[] = [];
      const tap = lineTap({ sse: true, observers: [watch, { event: (e) => events.push(e) }], rewriteLine: rewriteModelLine('claude-client') });
      const out = await run([input.subarray(0, i), input.subarray(i)], tap);
      assert.equal(out, want, `split at ${i}`);
      assert.equal(watch.complete(), true, `split at ${i}`);
      assert.deepEqual(events.map((e) => e.event), ['message_start', 'ping', 'content_block_delta', 'message_stop'], `split at ${i}`);
    }
  });
}

test('line tap: without a rewrite the chunks pass as they came; a stream cut short is not complete', async () => {
  const chunks = [Buffer.from('data: {"a":1}\n\nda'), Buffer.from('ta: {"b"')];
  const watch = terminalWatch('openai-chat');
  const out: Buffer[] = [];
  const tap = lineTap({ sse: true, observers: [watch] });
  tap.on('data', (c: Buffer) => out.push(c));
  await new Promise((resolve) => Readable.from(chunks).pipe(tap).on('end', resolve));
  assert.deepEqual(out.map(String), chunks.map(String), 'each chunk at once, the unfinished line too');
  assert.equal(watch.complete(), false);
});

test('line tap: an observer that throws is dropped, the stream and the others go on', async () => {
  const watch = terminalWatch('openai-chat');
  const tap = lineTap({ sse: true, observers: [{ line: () => { throw new Error('boom'); } }, watch] });
  assert.equal(await run([Buffer.from('data: {}\n\ndata: [DONE]\n\n')], tap), 'data: {}\n\ndata: [DONE]\n\n');
  assert.equal(watch.complete(), true);
});

const PEEK = { sse: true, redact: (t: string) => t };

test('first-event peek: an error as the first real event (after pings and comments) is a failed attempt', async () => {
  const peek = firstEventPeek('anthropic', 'acct', PEEK);
  const body = ': hi\n\nevent: ping\ndata: {"type": "ping"}\n\nevent: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
  await run([Buffer.from(body)], lineTap({ sse: true, observers: [peek] }));
  const err = await peek.result;
  assert.equal(err?.status, 529);
  assert.match(err?.message ?? '', /acct: Overloaded/);
});

test('first-event peek: the error message passes the redactor; a failure before the first event is retryable', async () => {
  const peek = firstEventPeek('openai-chat', 'acct', { sse: true, redact: (t) => t.replace('sk-secret-123', '[REDACTED]') });
  await run([Buffer.from('data: {"error":{"message":"bad key sk-secret-123","code":401}}\n\n')], lineTap({ sse: true, observers: [peek] }));
  assert.equal((await peek.result)?.message, 'Upstream acct: bad key [REDACTED]');
  const lost = firstEventPeek('anthropic', 'acct', PEEK);
  lost.fail(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
  const e = await lost.result;
  assert.deepEqual([e?.status, e?.retryable], [502, true]);
  assert.match(e?.message ?? '', /UND_ERR_SOCKET/);
});

test('first-event peek: a content event first is no error; an empty stream is a failed attempt (retryable) at its end', async () => {
  const ok = firstEventPeek('openai-chat', 'acct', PEEK);
  await run([Buffer.from('data: {"choices":[]}\n\ndata: {"error":{"message":"late"}}\n\n')], lineTap({ sse: true, observers: [ok] }));
  assert.equal(await ok.result, undefined);
  const empty = firstEventPeek('openai-chat', 'acct', PEEK);
  await run([], lineTap({ sse: true, observers: [empty] }));
  const err = await empty.result;
  assert.equal(err?.status, 502);
  assert.equal(err?.retryable, true);
});

test('first-event peek: gives up past 64 KiB without a complete event, even inside one long line', async () => {
  const peek = firstEventPeek('openai-chat', 'acct', PEEK);
  const tap = lineTap({ sse: true, observers: [peek] });
  tap.write(Buffer.from(`data: {"error":"${'x'.repeat(70 * 1024)}`));
  assert.equal(await peek.result, undefined);
  tap.destroy();
});

/** A trace whose record keeps the usage reports. */
function meteredTrace() {
  const seen: { inputTokens?: number; outputTokens?: number }[] = [];
  const trace = { attempts: [], responseBytes: 0, aborted: false, notes: [], tokens: 0, record: { addUsage: (u: { inputTokens?: number; outputTokens?: number }) => seen.push(u) } };
  return { trace: trace as unknown as RequestTrace, seen };
}

test('usage meter on the line tap: a usage line split anywhere (CRLF) is read once', async () => {
  const body = 'data: {"choices":[{"delta":{"content":"hi"}}]}\r\n\r\ndata: {"choices":[],"usage":{"prompt_tokens":11,"completion_tokens":3}}\r\n\r\ndata: [DONE]\r\n\r\n';
  const input = Buffer.from(body);
  for (let i = 0; i <= input.length; i++) {
    const { trace, seen } = meteredTrace();
    await run([input.subarray(0, i), input.subarray(i)], lineTap({ sse: true, observers: [usageMeter(trace, 'openai-chat').stream(true)] }));
    assert.deepEqual(seen.map((u) => [u.inputTokens, u.outputTokens]), [[11, 3]], `split at ${i}`);
    assert.equal(trace.tokens, 14);
  }
});

test('usage meter on the line tap: Gemini streamed JSON array (not SSE) is scanned as JSON', async () => {
  const body = '[{"candidates":[{"content":{"parts":[{"text":"hi"}]}}]},\n{"candidates":[{"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":2}}\n]';
  const { trace, seen } = meteredTrace();
  const watch = terminalWatch('gemini');
  await run([Buffer.from(body.slice(0, 90)), Buffer.from(body.slice(90))], lineTap({ sse: false, observers: [watch, usageMeter(trace, 'gemini').stream(false)] }));
  assert.deepEqual(seen.map((u) => [u.inputTokens, u.outputTokens]), [[4, 2]]);
  assert.equal(watch.complete(), true);
});

test('usage meter on the line tap: "usage":null on every chunk (include_usage) is skipped, the final report is read once', async () => {
  const chunk = (content: string, usage: string) => `data: {"choices":[{"delta":{"content":"${content}"}}],${usage}}\n\n`;
  const body =
    chunk('a', '"usage":null') +
    chunk('b', '"usage" : null') +
    chunk('say \\"usage\\": 5', '"usage":null') +
    'data: {"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":2}}\n\ndata: [DONE]\n\n';
  const input = Buffer.from(body);
  for (const at of [0, 10, 60, input.length - 40, input.length]) {
    const { trace, seen } = meteredTrace();
    const watch = terminalWatch('openai-chat');
    await run([input.subarray(0, at), input.subarray(at)], lineTap({ sse: true, observers: [watch, usageMeter(trace, 'openai-chat').stream(true)] }));
    assert.deepEqual(seen.map((u) => [u.inputTokens, u.outputTokens]), [[7, 2]], `split at ${at}`);
    assert.equal(watch.complete(), true);
  }
});
