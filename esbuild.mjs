// Bundles the extension (node/cjs, `vscode` external) and the headless CLI, and the shared fake
// vendor for the bench and the soak (dist/fake-vendor.mjs; never shipped, see .vscodeignore).
// `--production` minifies; `--watch` rebuilds on change.
import { build, context } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';

// The one version string: package.json's, compiled in as __VERSION__ (src/core/version.ts).
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  define: { __VERSION__: JSON.stringify(version) },
  // One mime-types (+ its 200 kB mime-db) instead of three copies (koa, type-is, accepts each pull
  // their own): each copy is parsed and indexed at startup (issue 22: idle RSS).
  ...(existsSync('node_modules/koa/node_modules/mime-types/index.js') ? { alias: { 'mime-types': './node_modules/koa/node_modules/mime-types/index.js' } } : {}),
};

const targets = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, external: ['./tokenizer-entry', './otel-entry', './redis-entry'] },
  // The proxy core for the extension, required lazily on first Start (activation stays cheap).
  { ...common, entryPoints: ['src/proxy/server.ts'], outfile: 'dist/core.js', external: ['./tokenizer-entry', './otel-entry', './redis-entry'] },
  // The BPE encodings (gpt-tokenizer, megabytes), required on the first local token count only.
  { ...common, entryPoints: ['src/translate/tokenizer-entry.ts'], outfile: 'dist/tokenizer.js' },
  // The OpenTelemetry SDK and OTLP exporter, required only when `telemetry.enabled` (issue 20).
  { ...common, entryPoints: ['src/telemetry/otel-entry.ts'], outfile: 'dist/otel.js' },
  // The ioredis client, required only when `state.redis` is set (team mode, issue 23).
  { ...common, entryPoints: ['src/upstream/state/redis-entry.ts'], outfile: 'dist/redis.js' },
];
// Plain ESM so `node dist/fake-vendor.mjs` runs it and soak.mjs imports it.
targets.push({ ...common, format: 'esm', minify: false, sourcemap: false, entryPoints: ['test/fakes/vendor/cli.ts'], outfile: 'dist/fake-vendor.mjs' });
if (existsSync('src/webview/main.ts')) {
  targets.push({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: ['src/webview/main.ts'],
    outfile: 'media/webview.js',
    sourcemap: false,
  });
}

// The codicon font for the panel (issue 21): @vscode/codicons' CSS and font, shipped in media/ (not in git).
const codicons = 'node_modules/@vscode/codicons/dist';
if (existsSync(codicons)) {
  mkdirSync('media/codicons', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(`${codicons}/${f}`, `media/codicons/${f}`);
  copyFileSync('node_modules/@vscode/codicons/LICENSE', 'media/codicons/LICENSE'); // CC BY 4.0: the font's attribution
}

if (watch) {
  for (const t of targets) await (await context(t)).watch();
} else {
  await Promise.all(targets.map((t) => (existsSync(t.entryPoints[0]) ? build(t) : Promise.resolve())));
}
