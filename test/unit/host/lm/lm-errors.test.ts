import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALLOW_COMMAND_TITLE, BLOCKED_RETRY_SECONDS, lmError } from '../../../../src/host/lm/lm-errors';
import { offeredModels } from '../../../../src/host/lm/lm-models';
import { providerError } from '../../../../src/proxy/dispatch/serve-local';
import { ProxyError } from '../../../../src/core/errors';

/** Like vscode.LanguageModelError: an Error with a `code` and maybe a `cause`. */
const lmErr = (code: string, message = '', cause?: Error) => Object.assign(new Error(message, cause ? { cause } : undefined), { name: 'LanguageModelError', code });

test('LanguageModelError codes map to statuses; every one lets the dispatcher try another account', () => {
  const noPerm = lmError(lmErr('NoPermissions', 'no consent'), 'gpt-4o');
  assert.deepEqual([noPerm.status, noPerm.kind, noPerm.retryable], [403, 'permission', true]);
  assert.ok(noPerm.message.includes(`"${ALLOW_COMMAND_TITLE}"`), noPerm.message);
  const notFound = lmError(lmErr('NotFound', 'gone'), 'gpt-x');
  assert.deepEqual([notFound.status, notFound.kind], [404, 'not_found']);
  const blocked = lmError(lmErr('Blocked', 'slow down'), 'gpt-4o');
  assert.deepEqual([blocked.status, blocked.kind, blocked.retryAfterSeconds], [429, 'rate_limit', BLOCKED_RETRY_SECONDS]);
  const unknown = lmError(lmErr('Unknown', 'failed', new Error('quota exceeded')), 'gpt-4o');
  assert.deepEqual([unknown.status, unknown.kind], [502, 'bad_gateway']);
  assert.match(unknown.message, /failed: quota exceeded/);
  assert.equal(lmError(new Error('plain'), 'm').status, 502);
  assert.equal(lmError('weird', 'm').status, 502);
});

test('the core re-creates the host bundle’s ProxyErrors by their brand (another class across bundles)', () => {
  // Another bundle's class: not ours, but carrying the process-wide brand on its prototype.
  const proto = Object.defineProperty({}, Symbol.for('antigravity.ProxyError'), { value: true });
  const foreign = Object.assign(Object.create(proto), { name: 'ProxyError', kind: 'rate_limit', status: 429, message: 'blocked', retryable: true, retryAfterSeconds: 60, code: 'x' });
  const e = providerError(foreign);
  assert.ok(e instanceof ProxyError);
  assert.deepEqual([e.kind, e.status, e.message, e.retryable, e.retryAfterSeconds, e.code], ['rate_limit', 429, 'blocked', true, 60, 'x']);
  const own = new ProxyError('permission', 'p', { status: 403 });
  assert.equal(providerError(own), own);
  assert.equal(providerError(new Error('secret stack')).message, 'Internal proxy error.');
});

test('an account offers the models matching its vendor / family / allow-list', () => {
  const chats = [
    { id: 'gpt-4o', vendor: 'copilot', family: 'gpt-4o' },
    { id: 'claude-3.5-sonnet', vendor: 'copilot', family: 'claude-3.5-sonnet' },
    { id: 'gpt-4o', vendor: 'copilot', family: 'gpt-4o' },
    { id: 'llama', vendor: 'ollama', family: 'llama3' },
  ];
  assert.deepEqual(offeredModels(chats, {}).map((c) => c.id), ['gpt-4o', 'claude-3.5-sonnet', 'llama']);
  assert.deepEqual(offeredModels(chats, { vendor: 'Copilot' }).map((c) => c.id), ['gpt-4o', 'claude-3.5-sonnet']);
  assert.deepEqual(offeredModels(chats, { vendor: 'copilot', family: 'gpt-4o' }).map((c) => c.id), ['gpt-4o']);
  assert.deepEqual(offeredModels(chats, { models: ['claude-*', 'llama3'] }).map((c) => c.id), ['claude-3.5-sonnet', 'llama']);
});

test('a cancelled request (client gone) is 499 and not retryable, so the pool does not cool the account', () => {
  const canceled = Object.assign(new Error('Canceled'), { name: 'Canceled' });
  const a = lmError(canceled, 'gpt-4o');
  assert.deepEqual([a.status, a.retryable], [499, false]);
  const b = lmError(lmErr('Unknown', 'stream closed'), 'gpt-4o', true);
  assert.deepEqual([b.status, b.retryable], [499, false]);
  const foreign = providerError({ name: a.name, kind: a.kind, status: a.status, message: a.message, retryable: a.retryable });
  assert.equal(foreign.status, 499, 'the core keeps 499 across bundles');
});
