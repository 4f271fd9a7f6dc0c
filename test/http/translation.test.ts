import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  FakeVendor, json, sseFrames, openaiChatResponse, openaiChatStream, anthropicResponse, anthropicStream, geminiResponse, geminiStream,
} from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import type { AccountKind } from '../../src/core/config';

/** A fake vendor for each upstream kind: answers "from <kind>" in its own wire format. */
function vendorHandler(kind: AccountKind) {
  return (req: { path: string; url: string; json: any }, res: any) => {
    if (req.path.endsWith('/count_tokens')) return json(res, 200, { input_tokens: 1234 });
    if (req.path.endsWith(':countTokens')) return json(res, 200, { totalTokens: 4321 });
    const text = `from ${kind}`;
    switch (kind) {
      case 'openai':
        return req.json?.stream ? sseFrames(res, openaiChatStream(['from ', kind])) : json(res, 200, openaiChatResponse(text));
      case 'anthropic':
      case 'zai':
        return req.json?.stream ? sseFrames(res, anthropicStream(['from ', kind])) : json(res, 200, anthropicResponse(text));
      default:
        return req.url.includes('streamGenerateContent') ? sseFrames(res, geminiStream(['from ', kind])) : json(res, 200, geminiResponse(text));
    }
  };
}

interface ClientSpec {
  name: string;
  path: (stream: boolean) => string;
  body: (stream: boolean) => unknown;
  text: (json: any) => string;
  /** Checks that a stream is a complete sequence of its dialect and returns its text. */
  streamText: (raw: string) => string;
}

const dataLines = (raw: string) => raw.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));

const CLIENTS: ClientSpec[] = [
  {
    name: 'openai-chat',
    path: () => '/v1/chat/completions',
    body: (stream) => ({ model: 'client-model', stream, messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hello' }] }),
    text: (j) => j.choices[0].message.content,
    streamText: (raw) => {
      const lines = dataLines(raw);
      assert.equal(lines.at(-1), '[DONE]');
      const chunks = lines.slice(0, -1).map((l) => JSON.parse(l));
      assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk'));
      assert.ok(chunks.some((c) => c.choices?.[0]?.finish_reason === 'stop'));
      return chunks.map((c) => c.choices?.[0]?.delta?.content ?? '').join('');
    },
  },
  {
    name: 'openai-responses',
    path: () => '/v1/responses',
    body: (stream) => ({ model: 'client-model', stream, input: [{ role: 'developer', content: 'be brief' }, { role: 'user', content: [{ type: 'input_text', text: 'hello' }] }], store: false }),
    text: (j) => j.output.filter((o: any) => o.type === 'message').flatMap((o: any) => o.content).map((c: any) => c.text).join(''),
    streamText: (raw) => {
      const events = dataLines(raw).map((l) => JSON.parse(l));
      assert.equal(events[0].type, 'response.created');
      assert.equal(events.at(-1).type, 'response.completed');
      return events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join('');
    },
  },
  {
    name: 'anthropic',
    path: () => '/v1/messages',
    body: (stream) => ({ model: 'client-model', max_tokens: 100, stream, system: [{ type: 'text', text: 'be brief', cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: 'hello' }] }),
    text: (j) => j.content.filter((c: any) => c.type === 'text').map((c: any) => c.text).join(''),
    streamText: (raw) => {
      const names = raw.split('\n').filter((l) => l.startsWith('event: ')).map((l) => l.slice(7));
      assert.equal(names[0], 'message_start');
      assert.equal(names.at(-1), 'message_stop');
      return dataLines(raw).map((l) => JSON.parse(l)).filter((e) => e.type === 'content_block_delta' && e.delta.type === 'text_delta').map((e) => e.delta.text).join('');
    },
  },
  {
    name: 'gemini',
    path: (stream) => (stream ? '/v1beta/models/client-model:streamGenerateContent?alt=sse' : '/v1beta/models/client-model:generateContent'),
    body: () => ({ systemInstruction: { parts: [{ text: 'be brief' }] }, contents: [{ role: 'user', parts: [{ text: 'hello' }] }] }),
    text: (j) => j.candidates[0].content.parts.map((p: any) => p.text ?? '').join(''),
    streamText: (raw) => {
      const frames = dataLines(raw).map((l) => JSON.parse(l));
      assert.ok(frames.at(-1).candidates[0].finishReason, 'last frame carries finishReason');
      return frames.flatMap((f) => f.candidates?.[0]?.content?.parts ?? []).map((p: any) => p.text ?? '').join('');
    },
  },
];

const UPSTREAMS: AccountKind[] = ['openai', 'anthropic', 'zai', 'gemini'];

describe('every client dialect × every upstream kind (plain and streamed)', () => {
  const ups = new Map<AccountKind, { up: FakeVendor; proxy: RunningProxy }>();
  before(async () => {
    for (const kind of UPSTREAMS) {
      const up = await FakeVendor.start(vendorHandler(kind) as never);
      const base = kind === 'openai' ? `${up.url}/v1` : up.url;
      const proxy = await startProxy({ accounts: [account(kind, base)], modelMapping: { 'client-model': `upstream-${kind}` } });
      ups.set(kind, { up, proxy });
    }
  });
  after(async () => {
    for (const { up, proxy } of ups.values()) {
      await proxy.stop();
      await up.close();
    }
  });

  for (const kind of UPSTREAMS) {
    for (const c of CLIENTS) {
      for (const stream of [false, true]) {
        test(`${c.name} → ${kind}${stream ? ' (stream)' : ''}`, async () => {
          const { up, proxy } = ups.get(kind)!;
          const r = await fetch(`${proxy.url}${c.path(stream)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(c.body(stream)) });
          const raw = await r.text();
          assert.equal(r.status, 200, raw);
          const text = stream ? c.streamText(raw) : c.text(JSON.parse(raw));
          assert.equal(text, `from ${kind}`);
          // The upstream received its own dialect, with the mapped model and the system prompt.
          const sent = up.last();
          const sentText = JSON.stringify(sent.json);
          assert.ok(sentText.includes('be brief'), `system prompt reached ${kind}: ${sentText}`);
          if (kind === 'gemini') assert.match(sent.path, /\/v1beta\/models\/upstream-gemini:/);
          else assert.equal(sent.json.model, `upstream-${kind}`);
          if (kind === 'openai' && stream && c.name !== 'openai-chat') assert.equal(sent.json.stream_options?.include_usage, true);
        });
      }
    }
  }

  for (const kind of UPSTREAMS) {
    test(`count tokens through ${kind}: the upstream's count, or an estimate that depends on the input`, async () => {
      const { proxy } = ups.get(kind)!;
      const count = async (text: string) => {
        const r = await fetch(`${proxy.url}/v1/messages/count_tokens`, { method: 'POST', body: JSON.stringify({ model: 'client-model', messages: [{ role: 'user', content: text }] }) });
        assert.equal(r.status, 200);
        return ((await r.json()) as any).input_tokens as number;
      };
      const g = await fetch(`${proxy.url}/v1beta/models/client-model:countTokens`, { method: 'POST', body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }) });
      assert.equal(g.status, 200);
      const gTotal = ((await g.json()) as any).totalTokens;
      if (kind === 'openai') {
        const short = await count('hi');
        const long = await count('hi '.repeat(400));
        assert.ok(long > short + 100, `estimate grows with input (${short} → ${long})`);
        assert.ok(gTotal > 0);
      } else if (kind === 'gemini') {
        assert.equal(await count('hi'), 4321);
        assert.equal(gTotal, 4321);
      } else {
        assert.equal(await count('hi'), 1234);
        assert.equal(gTotal, 1234);
      }
    });
  }
});

test('Responses clients reach an OpenAI-compatible endpoint without /responses through chat completions', async () => {
  const up = await FakeVendor.start(vendorHandler('openai') as never);
  const proxy = await startProxy({ accounts: [account('openai', `${up.url}/v1`)] });
  try {
    const r = await fetch(`${proxy.url}/v1/responses`, { method: 'POST', body: JSON.stringify({ model: 'deepseek-chat', input: 'hi' }) });
    assert.equal(r.status, 200);
    assert.equal(up.last().path, '/v1/chat/completions');
    const j = (await r.json()) as any;
    assert.equal(j.object, 'response');
  } finally {
    await proxy.stop();
    await up.close();
  }
});
