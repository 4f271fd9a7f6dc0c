// Lint for the layering of the architecture (DESIGN §2; parts and "never" arrows as in
// architecture.json): `vscode` is imported only in src/extension.ts, src/host/ and src/ui/, and no
// import runs along an arrow marked "never". Run by `npm test` (`npm run lint`); takes a few seconds.
// Style rules (typescript-eslint's recommended set) apply to the extension edge only; the other
// folders get the layering rule alone, and the typechecker (tsc --noEmit) does the rest.
import tseslint from 'typescript-eslint';

const VSCODE = { name: 'vscode', message: 'vscode is imported only in src/extension.ts, src/host/ and src/ui/.' };

/**
 * An import into the named top-level part of src/: from a file inside a part it climbs out
 * (`../x`, `../../x/y`); from a file directly in src/ (`cli.ts`) it is `./x`.
 */
const into = (part, top) => (top ? `^\\./${part}(/|$)` : `^(\\.\\./)+${part}(/|$)`);

/** The arrows marked "never", by importing part: the parts it must not import, and why. */
const NEVER = {
  core: [['translate', 'proxy', 'upstream', 'monitor'], 'the kernel imports nothing of ours'],
  translate: [['proxy', 'upstream', 'monitor'], 'translation is pure: no Koa, no pool, no records'],
  upstream: [['proxy', 'monitor'], 'the pool knows no HTTP server, and records are built above it'],
  monitor: [['proxy', 'upstream'], 'records know no server and no pool'],
  telemetry: [['proxy', 'upstream', 'headless'], 'telemetry sits at the monitor layer: it reads finished records only'],
  proxy: [['host', 'ui'], 'the core knows no vscode and no screen'],
  webview: [['proxy', 'host'], 'the browser bundle carries no server code and no vscode'],
  headless: [['host', 'ui'], 'headless runs without vscode'],
};

/** One files-block per part. A later block replaces the rule's options, so each block lists all of its restrictions. */
function part(name, files, { vscode = false, top = false } = {}) {
  const [forbidden, why] = NEVER[name] ?? [[], ''];
  return {
    name: `layering/${name}`,
    files,
    rules: {
      'no-restricted-imports': ['error', {
        paths: vscode ? [] : [VSCODE],
        patterns: forbidden.map((p) => ({ regex: into(p, top), message: `src/${name} must not import src/${p}: ${why}.` })),
      }],
    },
  };
}

const EDGE = ['src/extension.ts', 'src/host/**/*.ts', 'src/ui/**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'media/**', 'node_modules/**', 'bench/**', 'scripts/**', 'test/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  // Any file of src/ not named below (a new top-level file) does not get `vscode` either.
  part('src', ['src/**/*.ts']),
  part('shared', ['src/shared/**/*.ts']),
  part('core', ['src/core/**/*.ts']),
  part('translate', ['src/translate/**/*.ts']),
  part('upstream', ['src/upstream/**/*.ts']),
  part('monitor', ['src/monitor/**/*.ts']),
  part('telemetry', ['src/telemetry/**/*.ts']),
  part('proxy', ['src/proxy/**/*.ts']),
  part('webview', ['src/webview/**/*.ts']),
  part('headless', ['src/headless/**/*.ts']),
  part('headless', ['src/cli.ts'], { top: true }),
  part('edge', EDGE, { vscode: true }),
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: EDGE })),
  {
    files: EDGE,
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] },
  },
);
