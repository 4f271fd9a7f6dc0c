import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyRequest, groupDigits, routeFor } from '../../../src/upstream/request-class';
import { isContextOverflow, resolveChain } from '../../../src/upstream/fallback-chain';
import { ProxyError } from '../../../src/core/errors';

const base = { dialect: 'openai-chat' as const, clientModel: 'gpt-4o', headers: {}, threshold: 5000 };
const msgs = (content: unknown) => ({ messages: [{ role: 'user', content }] });

test('classes from the request in every dialect', () => {
  assert.equal(classifyRequest({ ...base, body: { ...msgs('hi'), reasoning_effort: 'high' } }).cls, 'think');
  assert.equal(classifyRequest({ ...base, body: msgs([{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }]) }).cls, 'image');
  assert.equal(classifyRequest({ ...base, dialect: 'gemini', body: { contents: [{ role: 'user', parts: [{ text: 'q' }] }], tools: [{ googleSearch: {} }] } }).cls, 'webSearch');
  assert.equal(classifyRequest({ ...base, dialect: 'openai-responses', body: { input: 'q', tools: [{ type: 'web_search_preview' }] } }).cls, 'webSearch');
  const long = classifyRequest({ ...base, body: msgs('word '.repeat(8000)) });
  assert.equal(long.cls, 'longContext');
  assert.match(long.rule, /^longContext: \d[\d ]* tokens > 5 000$/);
  assert.equal(classifyRequest({ ...base, clientModel: 'claude-3-5-haiku-latest', body: msgs('x') }).cls, 'background');
  assert.equal(classifyRequest({ ...base, body: msgs('x') }).rule, 'class default (no rule matched)');
});

test('headers beat heuristics; unknown values mean default', () => {
  const v = classifyRequest({ ...base, clientModel: 'claude-haiku-4-5', headers: { 'x-claude-code-request-class': 'interactive' }, body: msgs('x') });
  assert.deepEqual(v, { cls: 'default', rule: 'class default from header x-claude-code-request-class: interactive' });
  assert.equal(classifyRequest({ ...base, headers: { 'x-claude-code-compaction': 'false' }, body: msgs('x') }).cls, 'default');
  assert.equal(classifyRequest({ ...base, headers: { 'x-claude-code-agent-type': 'main' }, body: msgs('x') }).cls, 'default');
});

test('routeFor: routes a class, an exact modelMapping wins, a wildcard mapping does not', () => {
  const verdict = { cls: 'background' as const, rule: '' };
  assert.equal(routeFor({ routes: { background: 'cheap' }, modelMapping: {} }, 'claude-haiku-4-5', verdict).model, 'cheap');
  assert.equal(routeFor({ routes: { background: 'cheap' }, modelMapping: { 'claude-haiku-4-5': 'x' } }, 'claude-haiku-4-5', verdict).model, 'claude-haiku-4-5');
  assert.equal(routeFor({ routes: { background: 'cheap' }, modelMapping: { 'claude-*': 'x' } }, 'claude-haiku-4-5', verdict).model, 'cheap');
  assert.equal(routeFor({ routes: {}, modelMapping: {} }, 'm', verdict).model, 'm');
  assert.equal(groupDigits(81200), '81 200');
});

test('fallback chains: exact beats wildcard, the most specific wildcard wins', () => {
  const rules = { 'claude-*': ['a'], 'claude-opus-*': ['b'], 'claude-opus-4-1': ['c'] };
  assert.deepEqual(resolveChain(rules, 'claude-opus-4-1'), ['c']);
  assert.deepEqual(resolveChain(rules, 'claude-opus-4'), ['b']);
  assert.deepEqual(resolveChain(rules, 'CLAUDE-sonnet-4-5'), ['a']);
  assert.deepEqual(resolveChain(rules, 'gpt-4o'), []);
  assert.deepEqual(resolveChain(undefined, 'gpt-4o'), []);
});

test('context overflow as each vendor words it; only on 400 / 413', () => {
  const e = (status: number, msg: string) => new ProxyError('invalid_request', msg, { status });
  assert.ok(isContextOverflow(e(400, 'prompt is too long: 215000 tokens > 200000 maximum')));
  assert.ok(isContextOverflow(e(400, "This model's maximum context length is 128000 tokens. However, your messages resulted in 190211 tokens.")));
  assert.ok(isContextOverflow(e(400, 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).')));
  assert.ok(!isContextOverflow(e(429, 'prompt is too long')));
  assert.ok(!isContextOverflow(e(400, 'messages: field required')));
});
