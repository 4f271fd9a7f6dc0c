// Bundles the extension (node/cjs, `vscode` external) and the headless CLI.
// `--production` minifies; `--watch` rebuilds on change.
import { build, context } from 'esbuild';
import { existsSync } from 'node:fs';

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
};

const targets = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The proxy core for the extension, required lazily on first Start (activation stays cheap).
  { ...common, entryPoints: ['src/proxy/server.ts'], outfile: 'dist/core.js' },
];
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

if (watch) {
  for (const t of targets) await (await context(t)).watch();
} else {
  await Promise.all(targets.map((t) => (existsSync(t.entryPoints[0]) ? build(t) : Promise.resolve())));
}
