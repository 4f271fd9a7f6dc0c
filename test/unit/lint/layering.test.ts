/**
 * The lint's layering rule bites: imports along a "never" arrow and `vscode` outside the extension
 * edge are errors; allowed arrows are not. Lints text under virtual file names with the repo's
 * eslint.config.mjs (nothing is written).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const root = new URL('../../../', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

const restricted = (p: string[]) => p.filter((m) => m.startsWith('no-restricted-imports'));

test('vscode is refused outside src/extension.ts, src/host and src/ui', async () => {
  for (const file of ['src/proxy/x.ts', 'src/core/x.ts', 'src/shared/x.ts', 'src/webview/x.ts', 'src/headless/x.ts', 'src/cli.ts', 'src/upstream/client/x.ts', 'src/new-top-level.ts']) {
    assert.equal(restricted(await problems(file, "import * as vscode from 'vscode';\nexport const v = vscode;\n")).length, 1, file);
  }
  for (const file of ['src/extension.ts', 'src/host/x.ts', 'src/host/lm/x.ts', 'src/ui/x.ts']) {
    assert.deepEqual(restricted(await problems(file, "import * as vscode from 'vscode';\nexport const v = vscode;\n")), [], file);
  }
});

test('every "never" arrow is an error, at any folder depth, type imports included', async () => {
  const cases: Array<[string, string]> = [
    ['src/core/x.ts', '../translate/ir'], ['src/core/x.ts', '../proxy/server'], ['src/core/x.ts', '../upstream/pool'], ['src/core/x.ts', '../monitor/types'],
    ['src/translate/codecs/x.ts', '../../proxy/server-types'], ['src/translate/x.ts', '../upstream/pool'], ['src/translate/sse/x.ts', '../../monitor'],
    ['src/upstream/client/x.ts', '../../proxy/app'], ['src/upstream/x.ts', '../monitor/types'],
    ['src/monitor/x.ts', '../proxy/server-types'], ['src/monitor/x.ts', '../upstream/pool-types'],
    ['src/proxy/dispatch/x.ts', '../../host/lm/lm-provider'], ['src/proxy/x.ts', '../ui/panel'],
    ['src/webview/x.ts', '../proxy/server'], ['src/webview/x.ts', '../host/context'],
    ['src/headless/x.ts', '../host/log'], ['src/cli.ts', './ui/status-bar'], ['src/cli.ts', './host/log'],
  ];
  for (const [file, spec] of cases) {
    const p = restricted(await problems(file, `import type { X } from '${spec}';\nexport type Y = X;\n`));
    assert.equal(p.length, 1, `${file} → ${spec}`);
  }
});

test('allowed arrows pass', async () => {
  const cases: Array<[string, string]> = [
    ['src/translate/x.ts', '../core/config'], ['src/upstream/x.ts', '../translate/ir'], ['src/monitor/x.ts', '../translate/ir'],
    ['src/proxy/x.ts', '../upstream/pool'], ['src/proxy/routes/x.ts', '../../monitor/types'], ['src/headless/x.ts', '../proxy/server'],
    ['src/host/proxy/x.ts', '../../proxy/server-types'], ['src/host/x.ts', './proxy/proxy-service'], ['src/webview/x.ts', '../shared/messages'], ['src/cli.ts', './headless/serve'],
  ];
  for (const [file, spec] of cases) {
    assert.deepEqual(restricted(await problems(file, `import type { X } from '${spec}';\nexport type Y = X;\n`)), [], `${file} → ${spec}`);
  }
});
