/**
 * Issue 17: OpenAI-family models are counted with their real BPE (gpt-tokenizer), loaded on first
 * use only; other models get the documented estimate, flagged `estimated`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countTokensEstimate, countTokensLocal } from '../../../src/translate/count-tokens';
import { bpeEncodingFor, bpeTokens } from '../../../src/translate/count-tokens-bpe';

const tokenizerLoaded = () => Object.keys(require.cache).some((k) => k.includes('gpt-tokenizer'));

describe('BPE token counts', () => {
  it('loads the tokenizer lazily: importing the counter does not', () => {
    assert.equal(tokenizerLoaded(), false);
    assert.equal(bpeEncodingFor('gpt-4o'), 'o200k_base');
    assert.equal(tokenizerLoaded(), false, 'choosing the encoding loads nothing');
    bpeTokens('hi', 'o200k_base');
    assert.equal(tokenizerLoaded(), true);
  });

  it('picks the model family’s encoding', () => {
    for (const m of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-5', 'gpt-5-codex', 'o3-mini', 'o4-mini', 'gpt-oss-120b', 'openai/gpt-4o']) assert.equal(bpeEncodingFor(m), 'o200k_base', m);
    for (const m of ['gpt-4', 'gpt-4-turbo', 'gpt-3.5-turbo']) assert.equal(bpeEncodingFor(m), 'cl100k_base', m);
    for (const m of ['deepseek-chat', 'claude-sonnet-4-5', 'gemini-2.5-pro', 'llama3']) assert.equal(bpeEncodingFor(m), undefined, m);
  });

  it('counts like the real tokenizers', () => {
    // OpenAI cookbook ("How to count tokens with tiktoken"): "tiktoken is great!" is 6 tokens in cl100k_base.
    assert.equal(bpeTokens('tiktoken is great!', 'cl100k_base'), 6);
    assert.equal(bpeTokens('Hello, world!', 'o200k_base'), 4);
    // o200k_base's larger vocabulary covers Japanese better than cl100k_base.
    assert.ok(bpeTokens('こんにちは世界', 'o200k_base') < bpeTokens('こんにちは世界', 'cl100k_base'));
  });

  it('counts a chat request with OpenAI’s framing and flags only the estimate', () => {
    const body = { model: 'x', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'tiktoken is great!' }] };
    const bpe = countTokensLocal('openai-chat', body, 'gpt-4');
    // 3 reply priming + system (3 + 4 "Be brief.") + user (3 + 6)
    assert.deepEqual(bpe, { tokens: 3 + 3 + bpeTokens('Be brief.', 'cl100k_base') + 3 + 6, estimated: false, method: 'cl100k_base' });
    const est = countTokensLocal('openai-chat', body, 'deepseek-chat');
    assert.deepEqual(est, { tokens: countTokensEstimate('openai-chat', body), estimated: true, method: 'estimate' });
  });

  it('stays linear on hostile input (one unbroken run, many megabytes)', () => {
    bpeTokens('warm up', 'o200k_base');
    let t = Date.now();
    assert.equal(bpeTokens('a'.repeat(200_000), 'o200k_base'), 25_000, 'eight a per token, exactly as unsliced');
    assert.ok(Date.now() - t < 3000, `${Date.now() - t} ms`);
    t = Date.now();
    const huge = countTokensLocal('openai-chat', { messages: [{ role: 'user', content: 'hello world '.repeat(600_000) }] }, 'gpt-4o').tokens;
    assert.ok(Date.now() - t < 8000, `${Date.now() - t} ms`);
    assert.ok(Math.abs(huge - 1_200_000) < 1_200, `${huge} ≈ 1.2 M (two tokens per "hello world ")`);
  });

  it('grows with the request and counts tools and tool calls', () => {
    const small = countTokensLocal('anthropic', { messages: [{ role: 'user', content: 'hi' }] }, 'gpt-4o').tokens;
    const big = countTokensLocal('anthropic', { messages: [{ role: 'user', content: 'hello world '.repeat(100) }] }, 'gpt-4o').tokens;
    assert.ok(big - small >= 150, `${small} → ${big}`);
    const tools = countTokensLocal('anthropic', {
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ name: 'read_file', description: 'Reads a file from disk', input_schema: { type: 'object', properties: { path: { type: 'string' } } } }],
    }, 'gpt-4o').tokens;
    assert.ok(tools - small >= 15, 'a tool counts');
  });
});
