/**
 * Issue 15 item 3: the account key reached the client on passthrough streams when the upstream's
 * echo of it was split across TCP chunks (the scrubber looked at one chunk at a time). Every
 * secret at every split point, in every dialect.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { FakeVendor, type RecordedRequest } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import { raw } from '../hardening/support/util';
import { streamFrames, wireOf } from '../fakes/vendor';

const KEYS = { openai: 'sk-openai-acct-secret-0003', anthropic: 'sk-ant-acct-secret-00003', gemini: 'AIzaSyGeminiAcctSecret0003' };
const PROXY_KEY = 'sk-proxy-item03-secret-key';

/** Writes the stream in two TCP writes, cut `cut` bytes into the first occurrence of `secret`. */
let plan: { secret: string; cut: number } = { secret: '', cut: 0 };
async function splitEcho(req: RecordedRequest, res: ServerResponse): Promise<void> {
  const text = streamFrames(wireOf(req.path), ['echo: ', plan.secret, ' done']).join('');
  const at = Buffer.from(text).indexOf(plan.secret) + plan.cut;
  const bytes = Buffer.from(text);
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(bytes.subarray(0, at));
  await new Promise((r) => setTimeout(r, 15));
  res.end(bytes.subarray(at));
}

const CASES = [
  { dialect: 'openai-chat', path: '/v1/chat/completions', body: { model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'x' }] } },
  { dialect: 'openai-responses', path: '/v1/responses', body: { model: 'gpt-4o', stream: true, input: 'x' } },
  { dialect: 'anthropic', path: '/v1/messages', body: { model: 'claude-sonnet-4-5', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'x' }] } },
  { dialect: 'gemini', path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', body: { contents: [{ role: 'user', parts: [{ text: 'x' }] }] } },
] as const;

describe('item 3: secrets split across upstream chunks on passthrough streams', () => {
  let up: FakeVendor;
  let p: RunningProxy;
  before(async () => {
    up = await FakeVendor.start(splitEcho);
    p = await startProxy({
      proxy: { authMode: 'strict', apiKey: PROXY_KEY },
      accounts: [
        account('openai', `${up.url}/v1`, { apiKey: KEYS.openai, responsesApi: true, models: ['gpt-*'] }),
        account('anthropic', up.url, { apiKey: KEYS.anthropic, models: ['claude-*'] }),
        account('gemini', up.url, { apiKey: KEYS.gemini, models: ['gemini-*'] }),
      ],
    });
  });
  after(async () => {
    await p.stop();
    await up.close();
  });

  test('every secret, every split point, every dialect: the client never sees it', async () => {
    const leaks: string[] = [];
    for (const c of CASES) {
      for (const secret of [...Object.values(KEYS), PROXY_KEY]) {
        for (let cut = 1; cut < secret.length; cut++) {
          plan = { secret, cut };
          const r = await raw(p.url, c.path, { headers: { 'content-type': 'application/json', authorization: `Bearer ${PROXY_KEY}` }, body: JSON.stringify(c.body) });
          assert.equal(r.status, 200, `${c.dialect}: ${r.text.slice(0, 200)}`);
          if (r.text.includes(secret)) leaks.push(`${c.dialect} ${secret.slice(0, 8)}… cut at ${cut}`);
        }
      }
    }
    assert.deepEqual(leaks, []);
  });
});
