/**
 * Issue 14, the stall watchdog: idleness is measured on the upstream's bytes (vendor pings count
 * as life), not on what the proxy wrote; `firstByteTimeoutSeconds` bounds the wait for the first
 * content (pings are not content) and `idleTimeoutSeconds` the silence between upstream bytes.
 * A stall before the first content byte reached the client fails over (a monitor note says so),
 * after it the stream ends with an error event. Small numbers, same semantics: idle 1 s, pings
 * every 0.3 s for 3 s.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor, type Fault } from '../fakes/vendor';
import { createMonitor } from '../../src/monitor/monitor';
import type { Monitor } from '../../src/monitor/types';
import { faultTracker, waitFor } from './support/util';
import { assertCleanStream, assertErrorEnd, faulty, framesThroughContent, post, STREAM_CASES, withProxy, type StreamCase } from './support/stream-cases';

const caseOf = (name: string): StreamCase => STREAM_CASES.find((c) => c.name === name)!;
const ANTHROPIC = caseOf('anthropic passthrough');
const CHAT_TO_ANTHROPIC = caseOf('openai-chat → anthropic');
const GEMINI_TO_ANTHROPIC = caseOf('gemini → anthropic');
const RESPONSES_TO_GEMINI = caseOf('openai-responses → gemini');
const CHAT = caseOf('openai-chat passthrough');

describe('stall watchdog (issue 14)', () => {
  let fault: (req: Parameters<Parameters<typeof faulty>[0]>[0]) => Fault | undefined = () => undefined;
  let bad: FakeVendor;
  let good: FakeVendor;
  let monitor: Monitor;
  let tracker: ReturnType<typeof faultTracker>;
  before(async () => {
    tracker = faultTracker();
    bad = await faulty((req) => fault(req));
    good = await FakeVendor.start();
    monitor = createMonitor({ enabled: true, captureBodies: 'none', maxEntries: 100, secrets: () => [], now: Date.now });
  });
  after(async () => {
    tracker.dispose();
    await bad.close();
    await good.close();
    await monitor.close();
    assert.deepEqual(tracker.faults, []);
  });

  /** The monitor's notes of the newest request (its record is finished just after the answer). */
  async function lastNotes(): Promise<string[]> {
    let notes: string[] = [];
    await waitFor(() => (notes = monitor.list()[0]?.notes ?? []).some((n) => n.startsWith('stalled')), 2000);
    return notes;
  }

  test('an upstream sending only pings for 3 s with idle 1 s is not cut (before the first content and mid-stream, passthrough and translated)', async () => {
    const cases: Array<[StreamCase, 'before' | 'mid']> = [[ANTHROPIC, 'before'], [ANTHROPIC, 'mid'], [CHAT_TO_ANTHROPIC, 'mid'], [GEMINI_TO_ANTHROPIC, 'mid'], [RESPONSES_TO_GEMINI, 'mid'], [CHAT, 'mid']];
    for (const [c, when] of cases) {
      fault = (req) => ({ type: 'ping-only', everyMs: 300, forMs: 3000, afterFrames: when === 'before' ? 0 : framesThroughContent(req) });
      // requestTimeoutSeconds is per attempt and never cuts a stream that still receives bytes:
      // 2 s here, shorter than the pings (mid-stream; before the first content it caps the first-byte wait).
      const requestTimeoutSeconds = when === 'mid' ? 2 : 30;
      await withProxy(bad, undefined, { idleTimeoutSeconds: 1, firstByteTimeoutSeconds: 30, requestTimeoutSeconds }, async (p) => {
        const t0 = Date.now();
        const r = await post(p, c, true);
        const ms = Date.now() - t0;
        assert.ok(ms >= 2900, `${c.name} ${when}: ${ms} ms`);
        assert.match(r.text, /partial/, `${c.name} ${when}: ${r.text.slice(-300)}`);
        assertCleanStream({ ...c }, { ...r, text: r.text.replace(/partial answer|partial |answer/g, (m) => `${m} tok-a`) });
      });
    }
  });

  test('silence mid-stream past idleTimeoutSeconds: the stream ends with a timeout error event at about the limit, and a monitor note', async () => {
    for (const c of [ANTHROPIC, CHAT_TO_ANTHROPIC]) {
      fault = (req) => ({ type: 'stall-mid-stream', afterFrames: framesThroughContent(req) });
      await withProxy(bad, good, { idleTimeoutSeconds: 1, firstByteTimeoutSeconds: 30, requestTimeoutSeconds: 30 }, async (p) => {
        good.reset();
        const t0 = Date.now();
        const r = await post(p, c, true);
        const ms = Date.now() - t0;
        assert.ok(ms >= 900 && ms < 4000, `${c.name}: cut after ${ms} ms (idle 1 s)`);
        assert.match(r.text, /partial/);
        const e = assertErrorEnd(c, r);
        assert.match(JSON.stringify(e), /stalled|timeout/i, c.name);
        assert.equal(good.generateRecords().length, 0, 'no failover after the first content byte');
        assert.ok((await lastNotes()).some((n) => /^stalled 1 s on anthropic-1 mid-stream/.test(n)), `${c.name}: ${monitor.list()[0]?.notes}`);
      }, { monitor });
    }
  });

  test('first-byte stall (headers, then silence or pings only; or no headers at all): failover at the firstByteTimeoutSeconds deadline, monitor note "stalled … on A, served by B"', async () => {
    const variants: Array<[string, Fault, boolean]> = [
      ['silent after headers', { type: 'silent-after-headers' }, true],
      ['pings only (not content)', { type: 'ping-only', everyMs: 200 }, true],
      ['no headers (stream)', { type: 'stall' }, true],
      ['no headers (non-stream)', { type: 'stall' }, false],
    ];
    for (const [what, f, stream] of variants) {
      fault = () => f;
      await withProxy(bad, good, { firstByteTimeoutSeconds: 1, idleTimeoutSeconds: 30, requestTimeoutSeconds: 30 }, async (p) => {
        good.reset();
        const t0 = Date.now();
        const r = await post(p, ANTHROPIC, stream);
        const ms = Date.now() - t0;
        assert.equal(r.status, 200, `${what}: ${r.text.slice(0, 300)}`);
        assert.ok(ms >= 900 && ms < 4000, `${what}: served after ${ms} ms (first-byte limit 1 s)`);
        if (stream) assertCleanStream(ANTHROPIC, r);
        else assert.match(r.text, /tok-a/);
        assert.equal(good.generateRecords().length, 1, what);
        const notes = await lastNotes();
        assert.ok(notes.includes('stalled 1 s on anthropic-1, served by anthropic-2'), `${what}: ${notes}`);
      }, { monitor });
    }
  });

  test('silence after the headers past idleTimeoutSeconds (before any content): failover at the idle limit', async () => {
    fault = () => ({ type: 'silent-after-headers' });
    await withProxy(bad, good, { firstByteTimeoutSeconds: 30, idleTimeoutSeconds: 1, requestTimeoutSeconds: 30 }, async (p) => {
      good.reset();
      const t0 = Date.now();
      const r = await post(p, CHAT_TO_ANTHROPIC, true);
      const ms = Date.now() - t0;
      assertCleanStream(CHAT_TO_ANTHROPIC, r);
      assert.ok(ms >= 900 && ms < 4000, `served after ${ms} ms (idle 1 s)`);
      assert.ok((await lastNotes()).includes('stalled 1 s on anthropic-1, served by anthropic-2'), `${monitor.list()[0]?.notes}`);
    }, { monitor });
  });
});
