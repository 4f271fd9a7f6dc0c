/**
 * End-to-end in a real VS Code: palette → status bar → /healthz → panel → Check Health →
 * copy snippet → stop. Screenshots go to .test-artifacts/vscode/ (look at them).
 * Set VSIX=path to skip packaging.
 */
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { addOllamaAccount, ARTIFACTS, ROOT, launch, quickInput, runCommand, statusItem, waitFor, type Session } from './harness';

let s: Session;
const shot = (name: string) => s.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
const panel = () => s.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

before(async () => {
  const vsix = process.env.VSIX ?? join(ROOT, 'dist/antigravity-proxy.vsix');
  if (!process.env.VSIX) execSync('npm run package', { cwd: ROOT, stdio: 'pipe' });
  s = await launch(vsix);
});
after(async () => { await s?.close(); });

test('status bar shows the stopped proxy after activation', async () => {
  const item = statusItem(s.page);
  await item.waitFor({ state: 'visible', timeout: 30000 });
  await waitFor(async () => (await item.innerText()).includes('Proxy: off'), 10000);
  await shot('01-stopped');
});

test('the walkthrough opens with the account step first', async () => {
  await runCommand(s.page, 'Welcome: Open Walkthrough...');
  await quickInput(s.page, 'Antigravity', 'Get started with Antigravity Proxy');
  const steps = s.page.locator('.gettingStartedContainer .getting-started-step');
  await steps.first().waitFor({ state: 'visible', timeout: 15000 });
  const titles = await steps.locator('.step-title').allInnerTexts();
  assert.deepEqual(titles.map((x) => x.trim()).slice(0, 4),
    ["Add an account (or use VS Code's models)", 'Start the proxy', 'Check health', 'Point a client at it']);
  const open = s.page.locator('.gettingStartedContainer .getting-started-step.expanded');
  assert.match(await open.innerText(), /Add an account/);
  assert.ok(await open.locator('.monaco-button', { hasText: 'Add Account…' }).count() > 0);
  await shot('02a-walkthrough');
  // Closed again: its webview takes focus when it re-renders, which would close the quick inputs below.
  await runCommand(s.page, 'View: Close All Editors');
  await s.page.locator('.gettingStartedContainer').waitFor({ state: 'detached', timeout: 10000 });
});

test('first Start without an account: a warning (not an error) with Add Account…; status bar "needs an account"', async () => {
  await runCommand(s.page, 'Antigravity: Start Proxy');
  const toast = s.page.locator('.notification-toast', { hasText: 'No available account, please add an account first' });
  await toast.waitFor({ state: 'visible', timeout: 15000 });
  await toast.locator('.monaco-button', { hasText: 'Add Account…' }).waitFor({ state: 'visible', timeout: 5000 });
  assert.equal(await toast.locator('.codicon-warning').count(), 1, 'warning severity');
  assert.equal(await toast.locator('.codicon-error').count(), 0, 'not an error');
  const buttons = (await toast.locator('.monaco-button').allInnerTexts()).map((x) => x.trim()).filter(Boolean);
  // No language models in this VS Code: only the Add Account… action.
  assert.deepEqual(buttons, ['Add Account…']);
  const item = statusItem(s.page);
  await waitFor(async () => (await item.innerText()).includes('Proxy: needs an account'), 10000, () => 'status bar did not say "needs an account"');
  assert.equal(await item.evaluate((el) => el.closest('.statusbar-item')?.classList.contains('error-kind') ?? false), false);
  await s.page.waitForTimeout(500); // the toast's expand animation, for a readable screenshot
  await shot('02-no-account');
  await toast.locator('.codicon-notifications-clear, .codicon-close').first().click().catch(() => undefined);
});

test('Add Account… through the palette (Ollama preset, no live check) clears "needs an account" at once', async () => {
  await addOllamaAccount(s.page);
  const item = statusItem(s.page);
  await waitFor(async () => (await item.innerText()).includes('Proxy: off'), 5000, () => 'the stale "needs an account" stayed');
  await shot('02b-account-added');
});

test('Start Proxy from the palette: status bar shows the port; /healthz answers', async () => {
  await runCommand(s.page, 'Antigravity: Start Proxy');
  const item = statusItem(s.page);
  await waitFor(async () => (await item.innerText()).trim() === String(s.proxyPort), 20000, () => 'status bar did not show the port');
  await item.hover();
  await s.page.locator('.monaco-hover', { hasText: 'Listening on' }).waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
  await shot('03-running-statusbar');
  const res = await fetch(`http://127.0.0.1:${s.proxyPort}/healthz`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok' });
  assert.ok(res.headers.get('x-antigravity-instance'), 'instance header for multi-window detection');
  await s.page.mouse.move(700, 400);
});

test('panel: Check Health shows the reply and latency', async () => {
  await runCommand(s.page, 'Antigravity: Open API Proxy Panel');
  const p = panel();
  await p.locator('#status-badge', { hasText: 'Running' }).waitFor({ timeout: 20000 });
  assert.equal(await p.locator('#port').isDisabled(), false, 'port field editable while running: Apply restarts on the new port');
  await p.locator('#check-health').click();
  const result = p.locator('#health-result');
  await result.locator('code', { hasText: '200' }).waitFor({ timeout: 10000 });
  const text = await result.innerText();
  assert.match(text, /200 \{"status":"ok"\}/);
  assert.match(text, /\d+ ms/);
  assert.match(text, new RegExp(`127\\.0\\.0\\.1:${s.proxyPort}/healthz`));
  await shot('04-panel-health');
});

test('panel: copy the curl snippet (no key header while auth is off, /v1 URL)', async () => {
  const p = panel();
  await p.locator('.snippet[data-id="curl"] button.copy').click();
  await p.locator('#toast.visible').waitFor({ timeout: 5000 });
  const clip = await s.page.evaluate<string>('navigator.clipboard.readText()');
  assert.match(clip, new RegExp(`^curl http://127\\.0\\.0\\.1:${s.proxyPort}/v1/chat/completions`));
  // Auth is off by default (auto without LAN access): no key header in the snippet (issue 21).
  assert.doesNotMatch(clip, /Authorization|YOUR_PROXY_API_KEY/);
  await p.locator('#card-snippets').scrollIntoViewIfNeeded();
  await shot('05-panel-snippets');
});

test('panel state survives hide and reveal', async () => {
  await s.page.keyboard.press('Control+N'); // another editor hides the webview
  await s.page.waitForTimeout(500);
  await runCommand(s.page, 'Antigravity: Open API Proxy Panel');
  const p = panel();
  await p.locator('#status-badge', { hasText: 'Running' }).waitFor({ timeout: 10000 });
  assert.match(await p.locator('#health-result').innerText(), /200/);
});

test('Stop Proxy: status bar back to off; the port is released', async () => {
  await runCommand(s.page, 'Antigravity: Stop Proxy');
  const item = statusItem(s.page);
  await waitFor(async () => (await item.innerText()).includes('Proxy: off'), 10000);
  await panel().locator('#status-badge', { hasText: 'Stopped' }).waitFor({ timeout: 10000 });
  await shot('06-stopped-panel');
  await assert.rejects(fetch(`http://127.0.0.1:${s.proxyPort}/healthz`));
});

test('the walkthrough checks the steps done through the palette and the panel (account, start, panel health, panel copy)', async () => {
  await runCommand(s.page, 'Welcome: Open Walkthrough...');
  await quickInput(s.page, 'Antigravity', 'Get started with Antigravity Proxy');
  const steps = s.page.locator('.gettingStartedContainer .getting-started-step');
  await steps.first().waitFor({ state: 'visible', timeout: 15000 });
  for (const title of ["Add an account (or use VS Code's models)", 'Start the proxy', 'Check health', 'Point a client at it']) {
    const step = steps.filter({ hasText: title }).first();
    const box = step.locator('[role="checkbox"]').first();
    await waitFor(async () => (await box.getAttribute('aria-checked')) === 'true', 5000, () => `step not checked: ${title}`).catch(async (err: unknown) => {
      await shot('07-walkthrough-done');
      throw err;
    });
  }
  await shot('07-walkthrough-done');
});
