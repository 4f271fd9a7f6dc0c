import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCOUNT_KINDS, DEFAULT_BASE_URLS, defaultConfig } from '../../../../src/core/config';
import type { TargetInput } from '../../../../src/upstream/providers/provider';
import { PROVIDERS, isContextLengthError, providerOf } from '../../../../src/upstream/providers/registry';
import { upstreamTarget } from '../../../../src/upstream/client/upstream-request';
import { upstreamError } from '../../../../src/upstream/client/upstream-error';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const zaiModels = defaultConfig().zai.models;

const input = (over: Partial<TargetInput>): TargetInput => ({
  base: 'https://up.example/v1', key: 'acct-key', wire: 'openai-chat', action: 'generate', upstreamModel: 'm', stream: false, sse: true,
  clientHeaders: { authorization: 'Bearer client-key', 'anthropic-version': '2024-01-01', 'anthropic-beta': 'tools-2024' }, passthrough: false, ...over,
});

test('every account kind has exactly one provider, named for it', () => {
  assert.deepEqual(Object.keys(PROVIDERS).sort(), [...ACCOUNT_KINDS].sort());
  for (const kind of ACCOUNT_KINDS) assert.equal(providerOf(kind).kind, kind);
  for (const kind of ['gemini', 'anthropic', 'zai', 'openai'] as const) assert.equal(PROVIDERS[kind].defaultBaseUrl, DEFAULT_BASE_URLS[kind]);
});

test('wire dialect per kind; OpenAI-compatible servers get chat unless they speak Responses', () => {
  assert.equal(PROVIDERS.gemini.wire('anthropic'), 'gemini');
  assert.equal(PROVIDERS.anthropic.wire('openai-chat'), 'anthropic');
  assert.equal(PROVIDERS.zai.wire('gemini'), 'anthropic');
  assert.equal(PROVIDERS['vscode-lm'].wire('anthropic'), undefined);
  assert.equal(PROVIDERS.openai.wire('openai-responses'), 'openai-responses', 'OpenAI itself (default base URL)');
  assert.equal(PROVIDERS.openai.wire('openai-responses', { baseUrl: 'https://api.deepseek.com/v1' }), 'openai-chat');
  assert.equal(PROVIDERS.openai.wire('openai-responses', { baseUrl: 'http://localhost:8000/v1', responsesApi: true }), 'openai-responses');
  assert.equal(PROVIDERS.openai.wire('anthropic'), 'openai-chat');
});

test('URL and auth header per provider; the client key is never forwarded', () => {
  const oa = PROVIDERS.openai.target(input({}));
  assert.equal(oa.url, 'https://up.example/v1/chat/completions');
  assert.equal(oa.headers.authorization, 'Bearer acct-key');
  assert.equal(PROVIDERS.openai.target(input({ wire: 'openai-responses' })).url, 'https://up.example/v1/responses');
  const an = PROVIDERS.anthropic.target(input({ base: 'https://api.anthropic.com', wire: 'anthropic', action: 'count_tokens', passthrough: true }));
  assert.equal(an.url, 'https://api.anthropic.com/v1/messages/count_tokens');
  assert.deepEqual([an.headers['x-api-key'], an.headers['anthropic-version'], an.headers['anthropic-beta'], an.headers.authorization], ['acct-key', '2024-01-01', 'tools-2024', undefined]);
  assert.equal(PROVIDERS.zai.target(input({ base: DEFAULT_BASE_URLS.zai, wire: 'anthropic' })).url, 'https://api.z.ai/api/anthropic/v1/messages');
  assert.equal(PROVIDERS.zai.target(input({ base: DEFAULT_BASE_URLS.zai, wire: 'anthropic' })).headers['anthropic-beta'], undefined, 'beta only on passthrough');
  const ge = PROVIDERS.gemini.target(input({ base: 'https://generativelanguage.googleapis.com/', wire: 'gemini', upstreamModel: 'gemini-2.5-pro', stream: true }));
  assert.equal(ge.url, 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
  assert.equal(ge.headers['x-goog-api-key'], 'acct-key');
  assert.equal(ge.headers.accept, 'text/event-stream');
  // upstreamTarget: the account's base URL, else its provider's default.
  assert.equal(upstreamTarget({ id: 'a', label: 'a', kind: 'gemini', enabled: true, apiKey: 'k' }, 'gemini', 'generate', 'g', false, {}, false).url,
    'https://generativelanguage.googleapis.com/v1beta/models/g:generateContent');
});

test('cooldown hints: each provider reads its vendor\'s hints (and every one reads Retry-After)', () => {
  const geminiBody = JSON.stringify({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' }] } });
  const anthropicHeaders = new Headers({ 'anthropic-ratelimit-requests-reset': new Date(T0 + 60_000).toISOString(), 'anthropic-ratelimit-requests-remaining': '0' });
  const openaiHeaders = new Headers({ 'x-ratelimit-reset-requests': '6m0s', 'x-ratelimit-remaining-requests': '0' });
  assert.equal(PROVIDERS.gemini.cooldownHint(undefined, geminiBody, T0), 37_000);
  assert.equal(PROVIDERS.openai.cooldownHint(undefined, geminiBody, T0), undefined);
  assert.equal(PROVIDERS.anthropic.cooldownHint(anthropicHeaders, undefined, T0), 60_000);
  assert.equal(PROVIDERS.zai.cooldownHint(anthropicHeaders, undefined, T0), 60_000);
  assert.equal(PROVIDERS.gemini.cooldownHint(anthropicHeaders, undefined, T0), undefined);
  assert.equal(PROVIDERS.openai.cooldownHint(openaiHeaders, undefined, T0), 360_000);
  assert.equal(PROVIDERS.anthropic.cooldownHint(openaiHeaders, undefined, T0), undefined);
  for (const kind of ACCOUNT_KINDS) assert.equal(providerOf(kind).cooldownHint(new Headers({ 'retry-after': '12' }), undefined, T0), 12_000, kind);
});

test('context-length errors as each vendor words them; not every 400', () => {
  assert.ok(PROVIDERS.openai.isContextLengthError("This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens."));
  assert.ok(PROVIDERS.anthropic.isContextLengthError('prompt is too long: 215000 tokens > 200000 maximum'));
  assert.ok(PROVIDERS.gemini.isContextLengthError('The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).'));
  assert.equal(PROVIDERS.openai.isContextLengthError('Invalid value for temperature'), false);
  assert.equal(isContextLengthError('Invalid value for temperature'), false);
  assert.equal(PROVIDERS['vscode-lm'].isContextLengthError('prompt is too long'), false);
  // A 5xx that says "context length" is the request's fault: no other account is tried.
  const body = '{"error":{"code":500,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).","status":"INTERNAL"}}';
  assert.equal(upstreamError(500, new Headers(), body, [], 'g', 'gemini').retryable, false);
  assert.equal(upstreamError(500, new Headers(), '{"error":{"message":"boom"}}', [], 'g', 'gemini').retryable, true);
});

test('models-list probe per provider', () => {
  assert.deepEqual(PROVIDERS.gemini.modelsProbe('https://g.example/', 'k'), { url: 'https://g.example/v1beta/models?pageSize=1000', headers: { 'x-goog-api-key': 'k' } });
  assert.deepEqual(PROVIDERS.anthropic.modelsProbe('https://a.example', 'k'), { url: 'https://a.example/v1/models?limit=1000', headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' } });
  assert.equal(PROVIDERS.zai.modelsProbe('https://z.example/api/anthropic', 'k')?.url, 'https://z.example/api/anthropic/v1/models?limit=1000');
  assert.deepEqual(PROVIDERS.openai.modelsProbe('https://o.example/v1', ''), { url: 'https://o.example/v1/models', headers: {} });
  assert.equal(PROVIDERS['vscode-lm'].modelsProbe('', ''), undefined);
});

test('stand-in models per kind; z.ai takes them from the config', () => {
  assert.deepEqual(PROVIDERS.gemini.defaultModels(zaiModels), { opus: 'gemini-2.5-pro', sonnet: 'gemini-2.5-pro', haiku: 'gemini-2.5-flash' });
  assert.equal(PROVIDERS.zai.defaultModels(zaiModels), zaiModels);
  assert.equal(PROVIDERS['vscode-lm'].defaultModels(zaiModels), undefined);
  assert.equal(PROVIDERS.anthropic.nativeFamily, 'claude');
});
