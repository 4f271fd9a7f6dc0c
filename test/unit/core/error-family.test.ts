import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildSync } from 'esbuild';
import { defaultConfig } from '../../../src/core/config';
import { ProxyError, toProxyError } from '../../../src/core/errors';
import { StartError, noAccountError } from '../../../src/core/start-error';
import { ConfigError } from '../../../src/core/validate-config';

/**
 * A second, independent copy of the error classes, the way dist/extension.js and dist/core.js
 * each bundle their own: the source is bundled and evaluated as a separate module.
 */
function secondCopy(): { ProxyError: typeof ProxyError; StartError: typeof StartError; ConfigError: typeof ConfigError } {
  const root = join(__dirname, '../../../src/core');
  const out = buildSync({
    stdin: {
      contents: "export { ProxyError } from './errors'; export { StartError } from './start-error'; export { ConfigError } from './validate-config';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true, write: false, format: 'cjs', platform: 'node', logLevel: 'silent',
  });
  const mod = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'require', out.outputFiles[0]!.text)(mod, mod.exports, createRequire(__filename));
  return mod.exports as never;
}

const other = secondCopy();
const CORE_BUNDLE = join(__dirname, '../../../dist/core.js');

test('the second copy really is another class: instanceof fails across it', () => {
  assert.notEqual(other.ProxyError, ProxyError);
  assert.equal(new other.ProxyError('rate_limit', 'x') instanceof ProxyError, false);
});

test('isInstance recognises each error of either copy, and nothing else', () => {
  for (const [Cls, Foreign, make] of [
    [ProxyError, other.ProxyError, (C: typeof ProxyError) => new C('rate_limit', 'slow down')],
    [StartError, other.StartError, (C: typeof StartError) => new C('NO_ACCOUNT', 'none')],
    [ConfigError, other.ConfigError, (C: typeof ConfigError) => new C([{ field: 'proxy.port', rule: 'bad' }])],
  ] as const) {
    const own = (make as (c: unknown) => Error)(Cls);
    const foreign = (make as (c: unknown) => Error)(Foreign);
    assert.equal(Cls.isInstance(own), true);
    assert.equal(Cls.isInstance(foreign), true, `${Cls.name} from the other bundle`);
    assert.equal(Foreign.isInstance(own), true);
  }
  // The brand, not the name, decides: a look-alike with the right name is not one.
  const lookAlike = Object.assign(new Error('x'), { name: 'ProxyError', kind: 'rate_limit', status: 429 });
  assert.equal(ProxyError.isInstance(lookAlike), false);
  for (const x of [undefined, null, 'ProxyError', {}, new Error('x')]) assert.equal(ProxyError.isInstance(x), false);
  // The three families are distinct.
  assert.equal(StartError.isInstance(new ProxyError('api_error', 'x')), false);
  assert.equal(ConfigError.isInstance(noAccountError()), false);
  assert.equal(ProxyError.isInstance(new ConfigError([])), false);
});

test('ProxyError.from re-creates a foreign ProxyError with every field, keeping the original as cause', () => {
  const foreign = new other.ProxyError('rate_limit', 'VS Code model blocked', { status: 429, retryable: true, retryAfterSeconds: 60, code: 'blocked' });
  const mine = ProxyError.from(foreign);
  assert.ok(mine instanceof ProxyError);
  assert.deepEqual(
    { kind: mine.kind, message: mine.message, status: mine.status, retryable: mine.retryable, retryAfterSeconds: mine.retryAfterSeconds, code: mine.code },
    { kind: 'rate_limit', message: 'VS Code model blocked', status: 429, retryable: true, retryAfterSeconds: 60, code: 'blocked' },
  );
  assert.equal(mine.cause, foreign);
  // A foreign non-retryable 4xx stays non-retryable (not re-derived from the status).
  assert.equal(ProxyError.from(new other.ProxyError('invalid_request', 'bad', { status: 429, retryable: false })).retryable, false);
});

test('ProxyError.from returns own errors as they are and hides unknown errors', () => {
  const own = new ProxyError('not_found', 'no model');
  assert.equal(ProxyError.from(own), own);
  const unknown = ProxyError.from(new Error('secret internals at /home/x'));
  assert.equal(unknown.message, 'Internal proxy error.');
  assert.equal(unknown.status, 500);
  assert.equal(toProxyError(new other.ProxyError('timeout', 'slow')).status, 504, 'toProxyError keeps a foreign error too');
});

test('the brand is not enumerable: spreading or serialising an error does not carry it', () => {
  const e = new ProxyError('api_error', 'x');
  assert.equal(Object.getOwnPropertySymbols(e).length, 0);
  assert.equal(ProxyError.isInstance({ ...e }), false);
});

test('the real bundles: a ConfigError thrown by dist/core.js is recognised by this copy', { skip: !existsSync(CORE_BUNDLE) && 'dist/core.js missing: npm run build' }, () => {
  const core = createRequire(__filename)(CORE_BUNDLE) as { createProxyServer: (c: unknown) => unknown };
  const bad = { ...defaultConfig(), proxy: { ...defaultConfig().proxy, port: -1 } };
  assert.throws(() => core.createProxyServer(bad), (e: unknown) => {
    assert.equal(e instanceof ConfigError, false, 'another class');
    assert.ok(ConfigError.isInstance(e));
    assert.equal(e.problems[0]!.field, 'proxy.port');
    return true;
  });
});
