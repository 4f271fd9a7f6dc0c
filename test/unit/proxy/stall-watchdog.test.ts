import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateConfig } from '../../../src/core/validate-config';
import { isStall, noteServedAfterStall, noteStall, stallLimits, stallWatchdog } from '../../../src/proxy/stream/stall-watchdog';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('stall limits: defaults 120 s / 90 s; the first-byte wait is at most requestTimeoutSeconds', () => {
  assert.deepEqual(stallLimits({ requestTimeoutSeconds: 600 }), { firstByteMs: 120_000, idleMs: 90_000 });
  assert.deepEqual(stallLimits({ requestTimeoutSeconds: 30, firstByteTimeoutSeconds: 60, idleTimeoutSeconds: 5 }), { firstByteMs: 30_000, idleMs: 5_000 });
});

test('the new keys are validated like the other timeouts', () => {
  assert.deepEqual(validateConfig({ proxy: { firstByteTimeoutSeconds: 10, idleTimeoutSeconds: 2.5 } }), []);
  assert.deepEqual(validateConfig({ proxy: { firstByteTimeoutSeconds: 0, idleTimeoutSeconds: '9' } }).map((p) => p.field), ['proxy.firstByteTimeoutSeconds', 'proxy.idleTimeoutSeconds']);
});

test('watchdog: bytes without content do not stop the first-byte deadline', async () => {
  const dog = stallWatchdog({ firstByteMs: 120, idleMs: 60 }, 'A');
  let fired: unknown;
  dog.onStall((e) => (fired = e));
  const ping = setInterval(() => dog.touch(), 20);
  await sleep(200);
  clearInterval(ping);
  assert.ok(isStall(fired), 'fired');
  assert.match((fired as Error).message, /A stalled: no first content within 0\.1 s/);
  assert.equal((fired as { retryable: boolean }).retryable, true);
});

test('watchdog: after the content only silence counts; touches keep it alive; stop() ends it', async () => {
  const notes: string[] = [];
  const dog = stallWatchdog({ firstByteMs: 50, idleMs: 80 }, 'A', { onFire: (e, after) => noteStall(notes, e, 'A', after) });
  const box: { fired?: Error } = {};
  dog.onStall((e) => (box.fired = e));
  dog.touch();
  dog.content();
  for (let i = 0; i < 6; i++) {
    await sleep(30);
    dog.touch();
  }
  assert.equal(box.fired, undefined, 'alive while bytes arrive, past the first-byte limit');
  await sleep(150);
  assert.match((box.fired as Error | undefined)?.message ?? '', /nothing received for 0\.1 s/);
  assert.deepEqual(notes, ['stalled 0.1 s on A mid-stream (the stream ended with an error event)']);
  const quiet = stallWatchdog({ firstByteMs: 20, idleMs: 20 }, 'B');
  quiet.onStall(() => assert.fail('stopped'));
  quiet.stop();
  await sleep(60);
});

test('stall notes name the account that served afterwards', () => {
  const notes = ['stalled 120 s on A', 'other', 'stalled 1 s on C mid-stream (the stream ended with an error event)'];
  noteServedAfterStall(notes, 'B');
  assert.deepEqual(notes, ['stalled 120 s on A, served by B', 'other', 'stalled 1 s on C mid-stream (the stream ended with an error event)']);
});
