import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CODECS } from '../../../../src/translate/codecs/registry';
import { tokenUsage } from '../../../../src/monitor/usage-tap';

/** What the monitor stores for one event: the codec's mapping, in the monitor's names. */
const monitorUsage = (dialect: keyof typeof CODECS, event: unknown) => tokenUsage(CODECS[dialect].usageOf(event));

test('OpenAI chat: usage with cached and reasoning details; null usage is none', () => {
  const event = { usage: { prompt_tokens: 10, completion_tokens: 4, prompt_tokens_details: { cached_tokens: 6 }, completion_tokens_details: { reasoning_tokens: 2 } } };
  assert.deepEqual(CODECS['openai-chat'].usageOf(event), { inputTokens: 10, outputTokens: 4, cachedInputTokens: 6, reasoningTokens: 2 });
  assert.deepEqual(monitorUsage('openai-chat', event), { inputTokens: 10, outputTokens: 4, cachedTokens: 6, reasoningTokens: 2 });
  assert.equal(CODECS['openai-chat'].usageOf({ choices: [], usage: null }), undefined);
  assert.equal(CODECS['openai-chat'].usageOf('nope'), undefined);
});

test('OpenAI chat: DeepSeek prompt_cache_hit_tokens are cached tokens; Responses-shaped usage is read too', () => {
  const deepseek = { usage: { prompt_tokens: 500, completion_tokens: 7, prompt_cache_hit_tokens: 320, prompt_cache_miss_tokens: 180 } };
  assert.deepEqual(CODECS['openai-chat'].usageOf(deepseek), { inputTokens: 500, outputTokens: 7, cachedInputTokens: 320 });
  assert.deepEqual(CODECS['openai-chat'].usageOf({ usage: { input_tokens: 3, output_tokens: 2 } }), { inputTokens: 3, outputTokens: 2 });
});

test('Responses: completed event, whole response, created event without usage', () => {
  const usage = { input_tokens: 9, output_tokens: 3, input_tokens_details: { cached_tokens: 1 }, output_tokens_details: { reasoning_tokens: 2 } };
  const expected = { inputTokens: 9, outputTokens: 3, cachedTokens: 1, reasoningTokens: 2 };
  assert.deepEqual(monitorUsage('openai-responses', { type: 'response.completed', response: { usage } }), expected);
  assert.deepEqual(monitorUsage('openai-responses', { object: 'response', usage }), expected);
  assert.equal(CODECS['openai-responses'].usageOf({ type: 'response.created', response: { usage: null } }), undefined);
});

test('Anthropic: message_start counts cache reads and writes as input; message_delta only output', () => {
  const start = { type: 'message_start', message: { usage: { input_tokens: 3, cache_read_input_tokens: 100, cache_creation_input_tokens: 7, output_tokens: 1 } } };
  assert.deepEqual(CODECS.anthropic.usageOf(start), { inputTokens: 110, outputTokens: 1, cachedInputTokens: 100, cacheCreationInputTokens: 7 });
  assert.deepEqual(monitorUsage('anthropic', start), { inputTokens: 110, outputTokens: 1, cachedTokens: 100, cacheWriteTokens: 7 });
  assert.deepEqual(CODECS.anthropic.usageOf({ type: 'message_delta', usage: { output_tokens: 42 } }), { outputTokens: 42 });
  // Cache counts without input_tokens leave the input unknown (never a lower total).
  assert.deepEqual(CODECS.anthropic.usageOf({ type: 'message_delta', usage: { cache_read_input_tokens: 5 } }), { cachedInputTokens: 5 });
  assert.equal(CODECS.anthropic.usageOf({ type: 'ping' }), undefined);
});

test('Gemini: thoughts are output and reasoning; wrapper and arrays; negative counts are unknown', () => {
  const meta = { promptTokenCount: 20, candidatesTokenCount: 5, cachedContentTokenCount: 8, thoughtsTokenCount: 4, toolUsePromptTokenCount: 2 };
  const expected = { inputTokens: 22, outputTokens: 9, cachedTokens: 8, reasoningTokens: 4 };
  assert.deepEqual(monitorUsage('gemini', { usageMetadata: meta }), expected);
  assert.deepEqual(monitorUsage('gemini', { response: { usageMetadata: meta } }), expected);
  assert.deepEqual(monitorUsage('gemini', [{ usageMetadata: { promptTokenCount: 1 } }, { usageMetadata: meta }, { candidates: [] }]), expected);
  assert.equal(CODECS.gemini.usageOf({ usageMetadata: { promptTokenCount: -1 } }), undefined);
});

test('the decoders and usageOf agree: a whole response decodes to the usage usageOf reports', () => {
  const bodies = {
    'openai-chat': { id: 'c', object: 'chat.completion', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 500, completion_tokens: 7, prompt_cache_hit_tokens: 320 } },
    'openai-responses': { id: 'r', object: 'response', status: 'completed', model: 'm', output: [], usage: { input_tokens: 9, output_tokens: 3, input_tokens_details: { cached_tokens: 1 } } },
    anthropic: { id: 'msg', type: 'message', role: 'assistant', model: 'm', content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn', usage: { input_tokens: 3, cache_read_input_tokens: 100, output_tokens: 1 } },
    gemini: { candidates: [{ content: { role: 'model', parts: [{ text: 'hi' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 5, thoughtsTokenCount: 4 } },
  } as const;
  for (const [dialect, body] of Object.entries(bodies) as [keyof typeof CODECS, unknown][]) {
    const codec = CODECS[dialect];
    assert.deepEqual(codec.decodeResponse(body).usage, { inputTokens: 0, outputTokens: 0, ...codec.usageOf(body) }, dialect);
  }
});
