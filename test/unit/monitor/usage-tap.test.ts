import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dialect } from '../../../src/core/dialect';
import { mergeUsage } from '../../../src/monitor/record-builder';
import type { RecordUsage, TokenUsage } from '../../../src/monitor/types';
import { createUsageScanner, createUsageTap } from '../../../src/monitor/usage-tap';

const sse = (events: unknown[], eol = '\n') => events.map((e) => (typeof e === 'string' ? e : `data: ${JSON.stringify(e)}`) + eol + eol).join('');

const CASES: { name: string; dialect: Dialect; text: string; expected: Omit<RecordUsage, 'estimated'> }[] = [
  {
    name: 'OpenAI chat SSE',
    dialect: 'openai-chat',
    text: sse([
      { id: 'c', choices: [{ delta: { role: 'assistant', content: '' } }], usage: null },
      { id: 'c', choices: [{ delta: { content: 'say "usage": {"prompt_tokens": 999999} 🎉' } }], usage: null },
      { id: 'c', choices: [{ delta: {}, finish_reason: 'stop' }], usage: null },
      { id: 'c', choices: [], usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, prompt_tokens_details: { cached_tokens: 30 }, completion_tokens_details: { reasoning_tokens: 5 } } },
      'data: [DONE]',
    ]),
    expected: { inputTokens: 100, outputTokens: 20, cachedTokens: 30, reasoningTokens: 5 },
  },
  {
    name: 'OpenAI Responses SSE',
    dialect: 'openai-responses',
    text: [
      { type: 'response.created', response: { id: 'r', status: 'in_progress', usage: null } },
      { type: 'response.output_text.delta', delta: 'héllo' },
      { type: 'response.completed', response: { id: 'r', status: 'completed', usage: { input_tokens: 200, input_tokens_details: { cached_tokens: 50 }, output_tokens: 80, output_tokens_details: { reasoning_tokens: 30 }, total_tokens: 280 } } },
    ]
      .map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`)
      .join(''),
    expected: { inputTokens: 200, outputTokens: 80, cachedTokens: 50, reasoningTokens: 30 },
  },
  {
    name: 'Anthropic SSE (CRLF)',
    dialect: 'anthropic',
    text: [
      ['message_start', { type: 'message_start', message: { id: 'm', usage: { input_tokens: 10, cache_read_input_tokens: 1000, cache_creation_input_tokens: 20, output_tokens: 1 } } }],
      ['ping', { type: 'ping' }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ünïcødé "usage"' } }],
      ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 55 } }],
      ['message_stop', { type: 'message_stop' }],
    ]
      .map(([e, d]) => `event: ${e}\r\ndata: ${JSON.stringify(d)}\r\n\r\n`)
      .join(''),
    expected: { inputTokens: 1030, outputTokens: 55, cachedTokens: 1000, cacheWriteTokens: 20, reasoningTokens: 0 },
  },
  {
    name: 'Gemini SSE',
    dialect: 'gemini',
    text: sse([
      { candidates: [{ content: { parts: [{ text: 'a' }] } }], usageMetadata: { promptTokenCount: 300, cachedContentTokenCount: 100 } },
      { candidates: [{ content: { parts: [{ text: 'b', thought: true }] } }], usageMetadata: { promptTokenCount: 300, candidatesTokenCount: 10, thoughtsTokenCount: 12 } },
      { candidates: [{ finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 300, candidatesTokenCount: 40, cachedContentTokenCount: 100, thoughtsTokenCount: 12, totalTokenCount: 352 } },
    ], '\r\n'),
    expected: { inputTokens: 300, outputTokens: 52, cachedTokens: 100, reasoningTokens: 12 },
  },
  {
    name: 'Gemini JSON-array stream',
    dialect: 'gemini',
    text:
      '[{"candidates": [{"content": {"parts": [{"text": "the \\"usageMetadata\\": {\\"promptTokenCount\\": 9999} 🎉"}]}}],\n "usageMetadata": {"promptTokenCount": 7}}\r\n,\r\n' +
      '{"candidates": [{"finishReason": "STOP"}],\n "usageMetadata" : {\n  "promptTokenCount": 7, "candidatesTokenCount": 3,\n  "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 7}], "thoughtsTokenCount": 2}\n}\n]',
    expected: { inputTokens: 7, outputTokens: 5, cachedTokens: 0, reasoningTokens: 2 },
  },
  {
    name: 'Anthropic JSON response',
    dialect: 'anthropic',
    text: JSON.stringify({ id: 'm', type: 'message', content: [{ type: 'text', text: '{"usage": {"input_tokens": 5555}}' }], usage: { input_tokens: 12, output_tokens: 34, cache_read_input_tokens: 0 } }, null, 1),
    expected: { inputTokens: 12, outputTokens: 34, cachedTokens: 0, reasoningTokens: 0 },
  },
  {
    name: 'OpenAI chat JSON response',
    dialect: 'openai-chat',
    text: JSON.stringify({ id: 'c', object: 'chat.completion', choices: [{ message: { content: 'hi' } }], usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 } }),
    expected: { inputTokens: 9, outputTokens: 1, cachedTokens: 0, reasoningTokens: 0 },
  },
  {
    // DeepSeek reports cache hits as prompt_cache_hit_tokens (no prompt_tokens_details).
    name: 'DeepSeek chat SSE passthrough (prompt_cache_hit_tokens)',
    dialect: 'openai-chat',
    text: sse([
      { id: 'd', object: 'chat.completion.chunk', model: 'deepseek-chat', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }], usage: null },
      { id: 'd', object: 'chat.completion.chunk', model: 'deepseek-chat', choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop' }], usage: { prompt_tokens: 500, completion_tokens: 7, total_tokens: 507, prompt_cache_hit_tokens: 320, prompt_cache_miss_tokens: 180 } },
      'data: [DONE]',
    ]),
    expected: { inputTokens: 500, outputTokens: 7, cachedTokens: 320, reasoningTokens: 0 },
  },
  {
    name: 'DeepSeek chat JSON passthrough (prompt_cache_hit_tokens)',
    dialect: 'openai-chat',
    text: JSON.stringify({ id: 'd', object: 'chat.completion', model: 'deepseek-chat', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 64, completion_tokens: 3, total_tokens: 67, prompt_cache_hit_tokens: 60, prompt_cache_miss_tokens: 4 } }),
    expected: { inputTokens: 64, outputTokens: 3, cachedTokens: 60, reasoningTokens: 0 },
  },
];

function meter(dialect: Dialect, chunks: Uint8Array[]): RecordUsage | undefined {
  let u: RecordUsage | undefined;
  const s = createUsageScanner(dialect, (x: TokenUsage) => (u = mergeUsage(u, x, false)));
  for (const c of chunks) s.push(c);
  s.end();
  return u;
}

function splitAt(bytes: Uint8Array, points: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  return out;
}

for (const c of CASES) {
  test(`usage scanner: ${c.name}, split at every byte`, () => {
    const bytes = new TextEncoder().encode(c.text);
    const expected = { ...c.expected, estimated: false };
    assert.deepEqual(meter(c.dialect, [bytes]), expected, 'whole');
    for (let p = 0; p <= bytes.length; p++) assert.deepEqual(meter(c.dialect, splitAt(bytes, [p])), expected, `split at ${p}`);
    assert.deepEqual(meter(c.dialect, splitAt(bytes, Array.from({ length: bytes.length }, (_, i) => i))), expected, '1-byte chunks');
  });

  test(`usage tap: ${c.name}, bytes pass through unchanged and at once`, async () => {
    const bytes = new TextEncoder().encode(c.text);
    for (const points of [[], [1, 2, 3, 50, 51, 200], Array.from({ length: bytes.length }, (_, i) => i)]) {
      const seen: TokenUsage[] = [];
      const tap = createUsageTap(c.dialect, (u) => seen.push(u));
      const writer = tap.writable.getWriter();
      const reader = tap.readable.getReader();
      const out: Uint8Array[] = [];
      for (const chunk of splitAt(bytes, points.filter((p) => p < bytes.length))) {
        void writer.write(chunk);
        const { value } = await reader.read(); // each chunk is readable before the next is written
        out.push(value!);
        assert.equal(value, chunk, 'the very same chunk object');
      }
      void writer.close();
      assert.equal((await reader.read()).done, true);
      assert.deepEqual(Buffer.concat(out), Buffer.from(bytes));
      const merged = seen.reduce<RecordUsage | undefined>((acc, u) => mergeUsage(acc, u, false), undefined);
      assert.deepEqual(merged, { ...c.expected, estimated: false });
    }
  });
}

test('usage tap survives garbage and a throwing listener, still passing bytes', async () => {
  const chunks = ['data: {"usage": {broken\n\n', 'data: {"usage":{"prompt_tokens":1}}\n\n', '\u0000\u0001 junk'].map((s) => new TextEncoder().encode(s));
  const tap = createUsageTap('openai-chat', () => {
    throw new Error('listener bug');
  });
  const res = new Response(new ReadableStream({ start(c) { for (const x of chunks) c.enqueue(x); c.close(); } }).pipeThrough(tap));
  assert.equal(Buffer.from(await res.arrayBuffer()).toString(), chunks.map((c) => Buffer.from(c).toString()).join(''));
});
