/**
 * Issue 14, streams: an upstream error before the first content byte reached the client is a
 * failed attempt like a 5xx (failover, one clean stream), for every client dialect, passthrough
 * and translated; after it the client's stream ends with an error event in its dialect and the
 * dialect's terminal frame; a non-stream answer cut mid-body is a 502. Never a destroyed source
 * handed on as a success.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor, type Fault } from '../fakes/vendor';
import { errorProblem, faultTracker } from './support/util';
import { assertCleanStream, assertErrorEnd, faulty, framesThroughContent, post, STREAM_CASES, withProxy } from './support/stream-cases';

describe('stream failover (issue 14)', () => {
  let fault: Fault['type'] = 'reset-after-headers';
  let bad: FakeVendor;
  let good: FakeVendor;
  let tracker: ReturnType<typeof faultTracker>;
  before(async () => {
    tracker = faultTracker();
    bad = await faulty((req) => (fault === 'reset-mid-stream' ? { type: fault, afterFrames: framesThroughContent(req) } : ({ type: fault } as Fault)));
    good = await FakeVendor.start();
  });
  after(async () => {
    tracker.dispose();
    await bad.close();
    await good.close();
    assert.deepEqual(tracker.faults, []);
  });

  test('reset after the stream headers, before the first event: failover, one clean stream (every dialect, passthrough and translated)', async () => {
    fault = 'reset-after-headers';
    for (const c of STREAM_CASES) {
      bad.reset();
      good.reset();
      await withProxy(bad, good, {}, async (p) => {
        const r = await post(p, c, true);
        assertCleanStream(c, r);
        assert.equal(bad.generateRecords().length, 1, `${c.name}: the first account was tried`);
        assert.equal(good.generateRecords().length, 1, `${c.name}: the second account served`);
      });
    }
  });

  test('reset before the first event with no other account: an error in the client dialect, never a hang or an empty success', async () => {
    fault = 'reset-after-headers';
    for (const c of STREAM_CASES.filter((x) => !x.translated)) {
      await withProxy(bad, undefined, {}, async (p) => {
        const t0 = Date.now();
        const r = await post(p, c, true, 10_000);
        assert.ok(Date.now() - t0 < 5_000, `${c.name}: answered at once, not at a timeout`);
        if (r.status === 200) assertErrorEnd(c, r); // the heartbeat may have committed the stream
        else {
          assert.equal(r.status, 502, `${c.name}: ${r.text}`);
          assert.equal(errorProblem(c.dialect, r), undefined);
        }
      });
    }
  });

  test('reset mid-stream: what arrived, then the error event and the terminal frame of the client dialect; no failover', async () => {
    fault = 'reset-mid-stream';
    for (const c of STREAM_CASES.filter((x) => x.client !== 'gemini-array')) {
      bad.reset();
      good.reset();
      await withProxy(bad, good, {}, async (p) => {
        const r = await post(p, c, true);
        assert.match(r.text, /partial/, c.name);
        const e = assertErrorEnd(c, r);
        assert.ok(!/internal/i.test(JSON.stringify(e)), `${c.name}: a lost connection is not an internal error: ${JSON.stringify(e)}`);
        assert.equal(good.generateRecords().length, 0, `${c.name}: no failover once content reached the client`);
      });
    }
  });

  test('non-stream: an answer reset mid-body is a 502 in the client dialect (alone), a failover with another account', async () => {
    fault = 'reset-mid-body';
    for (const c of STREAM_CASES.filter((x) => x.client !== 'gemini-array')) {
      await withProxy(bad, undefined, {}, async (p) => {
        const r = await post(p, c, false);
        assert.equal(r.status, 502, `${c.name}: ${r.text}`);
        assert.equal(errorProblem(c.dialect, r), undefined, c.name);
      });
      good.reset();
      await withProxy(bad, good, {}, async (p) => {
        const r = await post(p, c, false);
        assert.equal(r.status, 200, `${c.name}: ${r.text}`);
        assert.match(r.text, /tok-a/);
      });
    }
  });
});
