import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildPanelHtml, panelCsp } from '../../../src/ui/panel-html';

const root = new URL('../../../', import.meta.url).pathname;

test('panel and monitor CSS use theme variables only: no colour literals', () => {
  for (const f of ['media/panel.css', 'media/monitor.css']) {
    const css = readFileSync(root + f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const literals = css.match(/#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(|(?<![\w-])(?:white|black|red|green|blue|yellow|gray|grey)(?![\w-])/gi) ?? [];
    assert.deepEqual(literals, [], `${f} has colour literals`);
  }
});

test('the codicon stylesheet loads before the panel CSS, and the CSP lets its font in from the webview source only', () => {
  const html = buildPanelHtml({
    cspSource: 'vscode-resource:', nonce: 'n', scriptUri: 'w.js', styleUri: 'panel.css',
    baseStyleUris: ['codicons/codicon.css', 'monitor.css'], lang: 'en', title: 'API Proxy',
  });
  const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]);
  assert.deepEqual(links, ['codicons/codicon.css', 'monitor.css', 'panel.css']);
  assert.match(panelCsp('vscode-resource:', 'n'), /font-src vscode-resource:(;|$)/);
  assert.doesNotMatch(panelCsp('vscode-resource:', 'n'), /unsafe-inline/);
});
