/**
 * Issue 15 item 7: upstream responses were buffered without a limit (a 300 MB upstream JSON took
 * the proxy to 1.6 GB; a 200 MB single SSE event to 730 MB). Limits: a non-stream body of
 * 64 MiB, one SSE event of 16 MiB; over the limit is a 502 in the client's dialect and the
 * upstream request is aborted.
 */
import { test, describe, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { FakeVendor, type RecordedRequest } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import { errorProblem, raw, waitFor } from '../hardening/support/util';

const MiB = 1024 * 1024;

/** Anthropic's JSON message, or one SSE content_block_delta event, whose text is `mib` MiB, written 1 MiB at a time. */
async function huge(req: RecordedRequest, res: ServerResponse, mib: number): Promise<void> {
  const chunk = 'x'.repeat(MiB);
  const stream = req.json?.stream === true;
  res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json' });
  if (stream) {
    res.write(`event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null, usage: { input_tokens: 1, output_tokens: 0 } } })}\n\n`);
    res.write(`event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n`);
    res.write('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"');
  } else {
    res.write('{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"');
  }
  for (let i = 0; i < mib && !res.destroyed; i++) {
    if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
  }
  if (res.destroyed) return;
  res.end(stream ? '"}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n' : '"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}');
}

describe('item 7: limits on what the upstream sends', () => {
  let up: FakeVendor;
  let p: RunningProxy;
  let size = 0;
  before(async () => {
    up = await FakeVendor.start((req, res) => huge(req, res, size));
  });
  // A fresh proxy per test: the first test's 502 cools the only account, and the second must reach the upstream.
  beforeEach(async () => {
    p = await startProxy({ proxy: { authMode: 'off' }, accounts: [account('anthropic', up.url)] });
  });
  afterEach(async () => {
    await p.stop();
  });
  after(async () => {
    await up.close();
  });

  const ask = (stream: boolean) =>
    raw(p.url, '/v1/chat/completions', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude-sonnet-4-5', stream, messages: [{ role: 'user', content: 'hi' }] }), timeoutMs: 60_000 });

  test('a non-stream upstream body over 64 MiB: 502 in the client dialect, upstream aborted', async () => {
    size = 70;
    const aborts = up.aborts;
    const r = await ask(false);
    assert.equal(r.status, 502, `${r.status} ${r.text.length} bytes`);
    assert.equal(errorProblem('openai', r), undefined);
    assert.ok(await waitFor(() => up.aborts > aborts, 5000), 'upstream request aborted');
  });

  test('one SSE event over 16 MiB: an error instead of the event, upstream aborted', async () => {
    // Well past the limit: loopback socket buffers (autotuned to several MiB each way) let a 20 MiB
    // event be written completely before the proxy has read 16 MiB, and a finished upstream
    // cannot be aborted.
    size = 48;
    const aborts = up.aborts;
    const r = await ask(true);
    assert.ok(r.text.length < MiB, `${r.text.length} bytes relayed`);
    assert.ok(r.status === 502 ? errorProblem('openai', r) === undefined : /"error"/.test(r.text), r.text.slice(0, 300));
    assert.ok(await waitFor(() => up.aborts > aborts, 5000), 'upstream request aborted');
  });
});
