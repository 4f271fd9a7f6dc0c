import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { VERSION } from '../../../src/core/version';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

test('unbundled (tsx), VERSION is read from package.json', () => {
  assert.equal(VERSION, pkg.version);
});

test('bundled, VERSION is the __VERSION__ esbuild defines (package.json is not read at run time)', async () => {
  const out = await build({
    entryPoints: [new URL('../../../src/core/version.ts', import.meta.url).pathname],
    bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent',
    define: { __VERSION__: JSON.stringify('9.8.7-test') },
  });
  const code = out.outputFiles[0]!.text;
  const mod: { exports: { VERSION?: string } } = { exports: {} };
  new Function('module', 'exports', 'require', '__dirname', code)(mod, mod.exports, () => { throw new Error('no require at run time'); }, '/nowhere');
  assert.equal(mod.exports.VERSION, '9.8.7-test');
});
