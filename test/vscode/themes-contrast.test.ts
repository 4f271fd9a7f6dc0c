/**
 * Issue 21, panel and monitor in a real VS Code (code-server + Chromium): the four built-in
 * theme kinds (dark, light, high-contrast dark and light). In each, screenshots go to
 * .test-artifacts/vscode/ (panel-<theme>.png, panel-snippets-<theme>.png, monitor-<theme>.png)
 * and the contrast of the badges ("Running", "Ready", "Recording"), the masked key field and
 * the snippet text is computed from the RENDERED colours inside the webview frame (computed
 * styles, translucent layers alpha-composited onto what lies beneath) and must be >= 4.5:1.
 * Also: the port Apply while running restarts the proxy on the new port; the key section and
 * the key header follow the effective auth mode; the monitor's Stream column and chart units.
 * Run alone: node --import tsx --test --test-timeout=300000 test/vscode/themes-contrast.test.ts
 * (VSIX=path skips packaging).
 */
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { FakeVendor } from '../fakes/vendor';
import { contrastRatio, flatten, parseCssColor } from '../support/contrast';
import { ARTIFACTS, ROOT, freePort, launch, quickInput, runCommand, statusItem, waitFor, type Session, waitForStep } from './harness';

// Browser globals used inside evaluate() (this project's tsconfig has no DOM lib).
interface DomNode { parentElement: DomNode | null; innerText: string; open: boolean }
declare const getComputedStyle: (e: DomNode) => { backgroundColor: string; color: string; fontSize: string; borderTopColor: string };

let s: Session;
let vendor: FakeVendor;
const shot = (name: string) => s.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
const panel = () => s.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

const THEMES = [
  { name: 'Default Dark Modern', label: 'Dark Modern', slug: 'dark', kind: 'vs-dark' },
  { name: 'Default Light Modern', label: 'Light Modern', slug: 'light', kind: 'vs' },
  { name: 'Default High Contrast', label: 'Dark High Contrast', slug: 'hc-dark', kind: 'hc-black' },
  { name: 'Default High Contrast Light', label: 'Light High Contrast', slug: 'hc-light', kind: 'hc-light' },
] as const;

before(async () => {
  vendor = await FakeVendor.start({ kind: 'openai' });
  const vsix = process.env.VSIX ?? join(ROOT, 'dist/antigravity-proxy.vsix');
  if (!process.env.VSIX) execSync('npm run package', { cwd: ROOT, stdio: 'pipe' });
  s = await launch(vsix);
});
after(async () => {
  await s?.close();
  await vendor?.close();
});

/** The text colour and every background from the element out to the page, as the webview computed them. */
async function renderedColours(el: Locator): Promise<{ color: string; backgrounds: string[]; text: string }> {
  return el.evaluate((node) => {
    const backgrounds: string[] = [];
    const el = node as unknown as DomNode;
    for (let e: DomNode | null = el; e; e = e.parentElement) backgrounds.push(getComputedStyle(e).backgroundColor);
    return { color: getComputedStyle(el).color, backgrounds, text: el.innerText };
  });
}

async function contrastOf(el: Locator): Promise<{ ratio: number; detail: string }> {
  const c = await renderedColours(el);
  const bg = flatten(c.backgrounds.map(parseCssColor));
  const ratio = contrastRatio(parseCssColor(c.color), bg);
  return { ratio, detail: `"${c.text.trim()}" ${c.color} on ${JSON.stringify(c.backgrounds)} → ${ratio.toFixed(2)}:1` };
}

/**
 * Switches `workbench.colorTheme` as a user does: Preferences: Color Theme, the theme's label
 * (the setting value is `name`; the picker shows `label`), checked by the workbench's theme class.
 */
async function selectTheme(theme: (typeof THEMES)[number]): Promise<void> {
  if (await s.page.locator(`.monaco-workbench.${theme.kind}`).count() === 0) {
    // Not runCommand: its Enter takes the first fuzzy match, which can be "Browse Color Themes in Marketplace".
    await s.page.keyboard.press('F1');
    const input = s.page.locator('.quick-input-widget input.input');
    await input.fill('>Preferences: Color Theme');
    await s.page.locator('.quick-input-list .monaco-list-row').filter({ has: s.page.locator('.label-name', { hasText: /^Preferences: Color Theme$/ }) }).first()
      .or(s.page.locator('.quick-input-list .monaco-list-row[aria-label^="Preferences: Color Theme"]').first()).first().click();
    await s.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Browse Additional Color Themes' }).first().waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(theme.label);
    // Exact label: "Dark High Contrast" must not be confused with another match; the picker
    // previews the focused row, so move the focus until it is the one, then accept.
    const focused = s.page.locator('.quick-input-list .monaco-list-row.focused');
    const isIt = async () => (await focused.locator('.label-name').first().innerText().catch(() => '')).trim() === theme.label;
    await s.page.waitForTimeout(300);
    for (let i = 0; i < 12 && !(await isIt()); i++) {
      await input.press('ArrowDown');
      await s.page.waitForTimeout(150);
    }
    if (!(await isIt())) {
      await shot(`theme-picker-${theme.slug}`);
      const rows = await s.page.locator('.quick-input-list .monaco-list-row').evaluateAll((els) => els.map((e) => (e as unknown as DomNode).innerText));
      await input.press('Escape');
      assert.fail(`theme row ${theme.label} not found in ${JSON.stringify(rows)}`);
    }
    await input.press('Enter');
  }
  await waitFor(async () => s.page.locator(`.monaco-workbench.${theme.kind}`).count().then((n) => n > 0), 15000, () => `theme ${theme.name} not applied`);
  await s.page.waitForTimeout(800); // the webview receives the new theme variables
}

async function healthy(port: number): Promise<boolean> {
  const r = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
  return r?.status === 200;
}

test('setup: an account on the fake vendor, the proxy running, a plain and a streamed request recorded', async () => {
  await statusItem(s.page).waitFor({ state: 'visible', timeout: 30000 });
  await runCommand(s.page, 'Antigravity: Add Account…');
  await quickInput(s.page, 'Ollama', 'Ollama');
  // Add Account is one multi-step input: type only once its step shows, or the step's preset value lands over the text.
  await waitForStep(s.page, 'Base URL of the API');
  await quickInput(s.page, vendor.accountBaseUrl); // base URL: the fake vendor
  await waitForStep(s.page, 'API key');
  await quickInput(s.page, 'sk-fake-vendor-key'); // key
  await waitForStep(s.page, 'A name for this account');
  await quickInput(s.page); // name
  await quickInput(s.page, 'Save without', 'Save without checking');
  await s.page.locator('.notification-toast', { hasText: 'added' }).first().waitFor({ state: 'visible', timeout: 10000 });
  await runCommand(s.page, 'Antigravity: Start Proxy');
  await waitFor(async () => (await statusItem(s.page).innerText()).includes(String(s.proxyPort)), 20000, () => 'status bar did not show the port');
  const url = `http://127.0.0.1:${s.proxyPort}/v1/chat/completions`;
  for (const stream of [false, true]) {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'qwen3:8b', stream, messages: [{ role: 'user', content: 'Hello tok-1' }] }) });
    const body = await r.text();
    assert.equal(r.status, 200, body);
  }
});

test('the key section and the key header follow the effective auth mode', async () => {
  await runCommand(s.page, 'Antigravity: Open API Proxy Panel');
  const p = panel();
  await p.locator('#status-badge', { hasText: 'Running' }).waitFor({ timeout: 20000 });
  // auto without LAN access = off: the key section is folded and the snippet has no key header.
  assert.equal(await p.locator('#key-section').evaluate((d) => (d as unknown as DomNode).open), false, 'key section folded while auth is off');
  assert.doesNotMatch(await p.locator('.snippet[data-id="curl"] pre').innerText(), /Authorization/);
  assert.equal(await p.locator('#include-key-row').isHidden(), true);
  await p.locator('#card-settings').scrollIntoViewIfNeeded();
  await shot('panel-auth-off');
  await p.locator('#auth-mode').selectOption('all_except_health');
  await waitFor(async () => p.locator('#key-section').evaluate((d) => (d as unknown as DomNode).open), 10000, () => 'key section did not open with auth on');
  await waitFor(async () => /Authorization: Bearer YOUR_PROXY_API_KEY/.test(await p.locator('.snippet[data-id="curl"] pre').innerText()), 10000, () => 'no key header with auth on');
  await p.locator('#key-section #api-key').waitFor({ state: 'visible' });
  // Listening on: a copy button next to the address.
  await p.locator('#copy-address').click();
  await p.locator('#toast.visible').waitFor({ timeout: 5000 });
  assert.equal(await s.page.evaluate<string>('navigator.clipboard.readText()'), `http://127.0.0.1:${s.proxyPort}`);
});

for (const theme of THEMES) {
  test(`${theme.name}: badges, key field and snippet text are readable (>= 4.5:1 from the rendered colours)`, async () => {
    await selectTheme(theme);
    const p = panel();
    await p.locator('#tab-proxy').click();
    await p.locator('#status-badge', { hasText: 'Running' }).waitFor({ timeout: 10000 });
    await p.locator('#card-status').scrollIntoViewIfNeeded();
    await shot(`panel-${theme.slug}`);
    const checks: Array<[string, Locator]> = [
      ['Running badge', p.locator('#status-badge .label')],
      ['Ready badge', p.locator('#accounts .badge', { hasText: 'Ready' }).locator('.label')],
      ['masked key field', p.locator('#api-key')],
      ['curl snippet', p.locator('.snippet[data-id="curl"] pre code')],
    ];
    const report: string[] = [];
    for (const [what, el] of checks) {
      const { ratio, detail } = await contrastOf(el);
      report.push(`${what}: ${detail}`);
      assert.ok(ratio >= 4.5, `${theme.name}: ${what} ${detail}`);
    }
    // Snippet lines are one block: no per-line boxes behind the code text.
    assert.equal(parseCssColor(await p.locator('.snippet[data-id="curl"] pre code').evaluate((e) => getComputedStyle(e as unknown as DomNode).backgroundColor)).a, 0);
    // The key field is drawn as an input: a visible border in high contrast.
    if (theme.kind.startsWith('hc')) {
      const border = parseCssColor(await p.locator('#api-key').evaluate((e) => getComputedStyle(e as unknown as DomNode).borderTopColor));
      assert.ok(border.a > 0, 'key field border in high contrast');
    }
    await p.locator('#card-snippets').scrollIntoViewIfNeeded();
    await shot(`panel-snippets-${theme.slug}`);

    await p.locator('#tab-monitor').click();
    await p.locator('#monitor-state', { hasText: 'Recording' }).waitFor({ timeout: 10000 });
    const rec = await contrastOf(p.locator('#monitor-state .label'));
    report.push(`Recording badge: ${rec.detail}`);
    assert.ok(rec.ratio >= 4.5, `${theme.name}: Recording badge ${rec.detail}`);
    await p.locator('#monitor-usage').scrollIntoViewIfNeeded();
    await shot(`monitor-${theme.slug}`);
    console.log(`${theme.name}\n  ${report.join('\n  ')}`);
  });
}

test('monitor: a labelled Stream column with a codicon on the streamed row; chart text at a fixed size with the unit', async () => {
  const p = panel();
  await p.locator('#tab-monitor').click();
  const heads = (await p.locator('#monitor-table thead th').allInnerTexts()).map((x) => x.trim());
  for (const title of ['Time', 'Stream', 'Status', 'Dialect', 'Model', 'Account', 'Tokens in', 'Tokens out', 'TTFB', 'Duration']) assert.ok(heads.includes(title), `column ${title}`);
  const streamCol = heads.indexOf('Stream') + 1;
  await waitFor(async () => (await p.locator('#monitor-table tbody tr').count()) >= 2, 10000);
  assert.equal(await p.locator(`#monitor-table tbody td:nth-child(${streamCol}) .codicon-broadcast`).count(), 1, 'one streamed request');
  assert.equal(await p.locator('#monitor-table').innerText().then((t) => t.includes('⇣')), false);
  await p.locator('#monitor-chart svg rect.bar-in').first().waitFor({ timeout: 10000 });
  assert.equal((await p.locator('#monitor-chart-unit').innerText()).trim(), 'tokens per day');
  const fontAt = async () => p.locator('#monitor-chart .y-max').evaluate((e) => getComputedStyle(e as unknown as DomNode).fontSize);
  const wide = await fontAt();
  await s.page.setViewportSize({ width: 900, height: 900 });
  await s.page.waitForTimeout(500);
  assert.equal(await fontAt(), wide, 'chart labels keep their size when the panel narrows');
  await s.page.setViewportSize({ width: 1400, height: 900 });
});

test('port Apply while running restarts the proxy on the new port', async () => {
  const p = panel();
  await p.locator('#tab-proxy').click();
  const old = s.proxyPort;
  const next = await freePort();
  assert.equal(await p.locator('#port').isDisabled(), false);
  assert.equal(await p.locator('#port-apply').isDisabled(), false);
  assert.match(await p.locator('#port-hint').innerText(), /restarts the proxy on the new port/);
  await p.locator('#port').fill(String(next));
  await p.locator('#port-apply').click();
  await waitFor(() => healthy(next), 20000, () => `no proxy on the new port ${next}`);
  await waitFor(async () => !(await healthy(old)), 10000, () => `the old port ${old} still answers`);
  await waitFor(async () => (await statusItem(s.page).innerText()).includes(String(next)), 10000, () => 'status bar did not move to the new port');
  await p.locator('#status-details', { hasText: `:${next}` }).waitFor({ timeout: 10000 });
  await shot('panel-port-applied');
});
