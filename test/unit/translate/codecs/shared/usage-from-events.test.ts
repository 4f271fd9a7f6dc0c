import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usageFromAnthropic, usageFromEvent, usageFromGemini, usageFromOpenAIChat, usageFromResponses } from '../../../../../src/translate/codecs/shared/usage-from-events';

test('OpenAI chat: usage with cached and reasoning details; null usage is none', () => {
  assert.deepEqual(
    usageFromOpenAIChat({ usage: { prompt_tokens: 10, completion_tokens: 4, prompt_tokens_details: { cached_tokens: 6 }, completion_tokens_details: { reasoning_tokens: 2 } } }),
    { inputTokens: 10, outputTokens: 4, cachedTokens: 6, reasoningTokens: 2 },
  );
  assert.equal(usageFromOpenAIChat({ choices: [], usage: null }), undefined);
  assert.equal(usageFromOpenAIChat('nope'), undefined);
});

test('Responses: completed event, whole response, created event without usage', () => {
  const usage = { input_tokens: 9, output_tokens: 3, input_tokens_details: { cached_tokens: 1 }, output_tokens_details: { reasoning_tokens: 2 } };
  const expected = { inputTokens: 9, outputTokens: 3, cachedTokens: 1, reasoningTokens: 2 };
  assert.deepEqual(usageFromResponses({ type: 'response.completed', response: { usage } }), expected);
  assert.deepEqual(usageFromResponses({ object: 'response', usage }), expected);
  assert.equal(usageFromResponses({ type: 'response.created', response: { usage: null } }), undefined);
});

test('Anthropic: message_start counts cache reads and writes as input; message_delta only output', () => {
  assert.deepEqual(
    usageFromAnthropic({ type: 'message_start', message: { usage: { input_tokens: 3, cache_read_input_tokens: 100, cache_creation_input_tokens: 7, output_tokens: 1 } } }),
    { inputTokens: 110, outputTokens: 1, cachedTokens: 100 },
  );
  assert.deepEqual(usageFromAnthropic({ type: 'message_delta', usage: { output_tokens: 42 } }), { outputTokens: 42 });
  assert.equal(usageFromAnthropic({ type: 'ping' }), undefined);
});

test('Gemini: thoughts are output and reasoning; wrapper and arrays', () => {
  const meta = { promptTokenCount: 20, candidatesTokenCount: 5, cachedContentTokenCount: 8, thoughtsTokenCount: 4, toolUsePromptTokenCount: 2 };
  const expected = { inputTokens: 22, outputTokens: 9, cachedTokens: 8, reasoningTokens: 4 };
  assert.deepEqual(usageFromGemini({ usageMetadata: meta }), expected);
  assert.deepEqual(usageFromGemini({ response: { usageMetadata: meta } }), expected);
  assert.deepEqual(usageFromGemini([{ usageMetadata: { promptTokenCount: 1 } }, { usageMetadata: meta }, { candidates: [] }]), expected);
  assert.deepEqual(usageFromEvent('gemini', { usageMetadata: meta }), expected);
  assert.equal(usageFromGemini({ usageMetadata: { promptTokenCount: -1 } }), undefined);
});
