/**
 * Issue 15 item 3, the translated side: an account key the upstream echoes, split across two
 * TCP chunks at every point, never reaches a client whose stream is translated (the split-safe
 * scrubber sits on every byte stream to the client, passthrough and translated alike; the
 * passthrough side is test/security/03-split-secret-passthrough.test.ts).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { FakeVendor, streamFrames, wireOf, type RecordedRequest } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import { raw } from './support/util';

const KEY = 'sk-ant-translated-secret-0042';

let cut = 1;
async function splitEcho(req: RecordedRequest, res: ServerResponse): Promise<void> {
  const bytes = Buffer.from(streamFrames(wireOf(req.path), ['echo: ', KEY, ' done']).join(''));
  const at = bytes.indexOf(KEY) + cut;
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(bytes.subarray(0, at));
  await new Promise((r) => setTimeout(r, 5));
  res.end(bytes.subarray(at));
}

const CLIENTS = [
  ['/v1/chat/completions', { model: 'claude-sonnet-4-5', stream: true, messages: [{ role: 'user', content: 'x' }] }],
  ['/v1/responses', { model: 'claude-sonnet-4-5', stream: true, input: 'x' }],
  ['/v1beta/models/claude-sonnet-4-5:streamGenerateContent?alt=sse', { contents: [{ role: 'user', parts: [{ text: 'x' }] }] }],
] as const;

describe('split secrets on translated streams', () => {
  let up: FakeVendor;
  let p: RunningProxy;
  before(async () => {
    up = await FakeVendor.start(splitEcho);
    p = await startProxy({ proxy: { authMode: 'off' }, accounts: [account('anthropic', up.url, { apiKey: KEY })] });
  });
  after(async () => {
    await p.stop();
    await up.close();
  });

  test('the echoed key, split at every point, is redacted in every client dialect', async () => {
    const leaks: string[] = [];
    for (const [path, body] of CLIENTS) {
      for (cut = 1; cut < KEY.length; cut++) {
        const r = await raw(p.url, path, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 200)}`);
        assert.match(r.text, /echo: /, path);
        if (r.text.includes(KEY) || r.text.includes(KEY.slice(0, 12))) leaks.push(`${path} cut at ${cut}`);
      }
    }
    assert.deepEqual(leaks, []);
  });
});
