import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { PassThrough, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { pumpStream } from '../../../src/proxy/stream/pump';
import { openaiFraming } from '../../../src/proxy/stream/stream-framing';
import type { ProxyError } from '../../../src/core/errors';
import { createByteScrubber } from '../../../src/core/redactor';

/** A client socket stand-in: records writes; `slow` holds each write until `release()`. */
function client(opts: { slow?: boolean; highWaterMark?: number } = {}) {
  const writes: string[] = [];
  const held: (() => void)[] = [];
  const res = new Writable({
    highWaterMark: opts.highWaterMark ?? 16 * 1024,
    write(chunk: Buffer, _enc, done) {
      writes.push(chunk.toString());
      if (opts.slow) held.push(done);
      else done();
    },
  });
  return {
    res: res as unknown as ServerResponse,
    writes,
    text: () => writes.join(''),
    release() {
      for (const d of held.splice(0)) d();
    },
  };
}

// The pump's timer does not keep a process alive (unref): the tests hold one that does.
const alive = setInterval(() => {}, 1000);
test.after(() => clearInterval(alive));

const base = { framing: openaiFraming, keepAliveMs: 10_000, idleTimeoutMs: 10_000 };

test('pump: backpressure pauses the source while the client is behind, and every byte arrives in order', async () => {
  const c = client({ slow: true, highWaterMark: 8 });
  const source = new PassThrough();
  let ended: { aborted: boolean; error?: ProxyError } | undefined;
  const done = pumpStream(c.res, source, { ...base, onEnd: (r) => (ended = r) });
  let resumed = 0;
  source.on('resume', () => resumed++);
  source.write('data: {"n":1}\n\n');
  await sleep(10);
  assert.equal(source.isPaused(), true, 'a full client buffer pauses the upstream');
  source.write('data: {"n":2}\n\n');
  source.end('data: [DONE]\n\n');
  await sleep(10);
  assert.equal(c.writes.length, 1, 'nothing more is written while the first write is pending');
  for (let i = 0; i < 10 && !ended; i++) {
    c.release();
    await sleep(5);
  }
  await done;
  assert.ok(resumed >= 1, 'drain resumed the source');
  assert.equal(c.text(), 'data: {"n":1}\n\ndata: {"n":2}\n\ndata: [DONE]\n\n');
  assert.deepEqual(ended, { aborted: false, error: undefined });
});

test('pump: keep-alives are written during silence, but only at event boundaries', async () => {
  const c = client();
  const source = new PassThrough();
  const done = pumpStream(c.res, source, { ...base, keepAliveMs: 30 });
  source.write('data: {"half":');
  await sleep(150);
  assert.equal(c.text(), 'data: {"half":', 'no keep-alive inside an unfinished event');
  source.write('1}\n\n');
  await sleep(150);
  source.end('data: [DONE]\n\n');
  await done;
  const text = c.text();
  assert.ok(text.startsWith('data: {"half":1}\n\n: keep-alive\n\n'), text);
  assert.ok(text.endsWith('data: [DONE]\n\n'));
});

test('pump: an upstream silent past the idle limit ends the stream with an error event', async () => {
  const c = client();
  const source = new PassThrough();
  let ended: { aborted: boolean; error?: ProxyError } | undefined;
  const t0 = Date.now();
  await pumpStream(c.res, source, { ...base, keepAliveMs: 1000, idleTimeoutMs: 80, onEnd: (r) => (ended = r) });
  assert.ok(Date.now() - t0 >= 80);
  assert.equal(ended?.error?.kind, 'timeout');
  assert.match(c.text(), /^data: \{"error":\{.*"message":"Upstream sent nothing for 0 s\./);
  assert.equal(source.destroyed, true, 'the upstream is released');
});

test('pump: a source cut short (no final event) ends with an error event after a boundary', async () => {
  const c = client();
  const source = new PassThrough();
  let ended: { aborted: boolean; error?: ProxyError } | undefined;
  const done = pumpStream(c.res, source, { ...base, complete: () => false, onEnd: (r) => (ended = r) });
  source.end('data: {"partial"');
  await done;
  assert.match(c.text(), /^data: \{"partial"\n\ndata: \{"error"/);
  assert.equal(ended?.error?.status, 502);
});

test('pump: a secret split across upstream chunks is redacted (split-safe byte scrubber), nothing else changes', async () => {
  const secret = 'sk-account-secret-0123456789';
  const body = `data: {"echo":"${secret}","n":1}\n\ndata: [DONE]\n\n`;
  const at = body.indexOf(secret) + 7;
  for (const cut of [at - 8, at, at + 5]) {
    const c = client();
    const source = new PassThrough();
    const done = pumpStream(c.res, source, { ...base, scrub: createByteScrubber([secret]) });
    source.write(body.slice(0, cut));
    source.end(body.slice(cut));
    await done;
    assert.equal(c.text(), body.replace(secret, '[REDACTED]'), `cut at ${cut}`);
  }
});
