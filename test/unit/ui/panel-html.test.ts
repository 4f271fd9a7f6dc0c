import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { buildPanelHtml, makeNonce, panelCsp } from '../../../src/ui/panel-html';

test('CSP allows only the webview source and the nonce script', () => {
  const csp = panelCsp('https://file+.vscode-resource.vscode-cdn.net', 'abc123');
  assert.match(csp, /^default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123'/);
  assert.ok(!csp.includes('unsafe-inline'));
  assert.ok(!csp.includes('unsafe-eval'));
  assert.ok(!/script-src[^;]*https/.test(csp), 'no script host allowance');
});

test('HTML has one nonce-d script, the stylesheet and an empty app root', () => {
  const nonce = makeNonce((n) => randomBytes(n));
  assert.match(nonce, /^[A-Za-z0-9]{32}$/);
  const html = buildPanelHtml({ cspSource: 'vscode-resource:', nonce, scriptUri: 'vscode-resource:/media/webview.js', styleUri: 'vscode-resource:/media/panel.css', lang: 'de', title: 'API Proxy' });
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.ok(html.includes(`<script nonce="${nonce}" src="vscode-resource:/media/webview.js"></script>`));
  assert.ok(html.includes('<link rel="stylesheet" href="vscode-resource:/media/panel.css">'));
  assert.ok(html.includes('<html lang="de">'));
  assert.ok(html.includes('<main id="app" aria-busy="true"></main>'));
});

test('attribute values are escaped', () => {
  const html = buildPanelHtml({ cspSource: 'x', nonce: 'n', scriptUri: 'a"><img src=x>', styleUri: 's', lang: 'en', title: '<t>' });
  assert.ok(!html.includes('"><img'));
  assert.ok(html.includes('<title>&lt;t&gt;</title>'));
});
