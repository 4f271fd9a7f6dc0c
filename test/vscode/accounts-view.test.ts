/**
 * Issue 21 in a real VS Code: Add Account's Back keeps the typed URL (with the "k/n" step counter),
 * the Accounts view in the Antigravity activity-bar container lists the account with its state
 * (off while stopped, Ready while running), and its inline Edit action renames it.
 * Screenshots go to .test-artifacts/vscode/ (look at them). Set VSIX=path to skip packaging.
 */
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ARTIFACTS, ROOT, launch, quickInput, runCommand, statusItem, waitFor, type Session, waitForStep } from './harness';

let s: Session;
const shot = (name: string) => s.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
const widget = () => s.page.locator('.quick-input-widget');
const input = () => widget().locator('input.input');
/** The Accounts view's tree rows. */
const rows = () => s.page.locator('.pane-body .monaco-list-row');
const row = (label: string) => rows().filter({ hasText: label }).first();

before(async () => {
  const vsix = process.env.VSIX ?? join(ROOT, 'dist/antigravity-proxy.vsix');
  if (!process.env.VSIX) execSync('npm run package', { cwd: ROOT, stdio: 'pipe' });
  s = await launch(vsix);
  await statusItem(s.page).waitFor({ state: 'visible', timeout: 30000 });
});
after(async () => { await s?.close(); });

test('Add Account: the steps are counted, Back keeps the typed URL, and the name defaults to the URL host', async () => {
  await runCommand(s.page, 'Antigravity: Add Account…');
  await quickInput(s.page, 'Other OpenAI', 'Other OpenAI-compatible');
  const url = 'http://127.0.0.1:9/v1';
  await waitForStep(s.page, 'Base URL of the API', 'no URL step');
  assert.match(await widget().innerText(), /2\s*\/\s*5/, 'step counter "2/5"');
  await quickInput(s.page, url);
  await waitForStep(s.page, 'API key (optional for local servers)', 'no key step');
  assert.match(await widget().innerText(), /3\s*\/\s*5/);
  await shot('21b-01-add-account-key-step');
  await widget().locator('.action-label.codicon-quick-input-back, .codicon-quick-input-back, [aria-label="Back"]').first().click();
  await waitForStep(s.page, 'Base URL of the API', 'Back did not return to the URL step');
  assert.equal(await input().inputValue(), url, 'Back keeps the typed URL');
  assert.match(await widget().innerText(), /2\s*\/\s*5/);
  await shot('21b-02-add-account-back');
  await quickInput(s.page); // URL as typed
  await quickInput(s.page); // key: optional
  await waitForStep(s.page, 'A name for this account', 'no name step');
  assert.equal(await input().inputValue(), '127.0.0.1:9', 'named after the host, not "Other OpenAI-compatible"');
  await quickInput(s.page); // name
  await quickInput(s.page, 'Save without', 'Save without checking');
  await s.page.locator('.notification-toast', { hasText: 'Account 127.0.0.1:9 added.' }).waitFor({ state: 'visible', timeout: 10000 });
});

test('the Accounts view lists the account with its state: off while stopped, Ready while running', async () => {
  const container = s.page.locator('.activitybar .action-item a[aria-label^="Antigravity"], .activitybar .action-item .action-label[aria-label^="Antigravity"]').first();
  if (await container.count()) await container.click();
  else await runCommand(s.page, 'Antigravity: Focus on Accounts View');
  await row('127.0.0.1:9').waitFor({ state: 'visible', timeout: 15000 });
  await waitFor(async () => (await row('127.0.0.1:9').innerText()).includes('off'), 10000, () => 'state "off" not shown');
  assert.ok(await rows().filter({ hasText: 'Clients' }).count() > 0, 'the Clients node');
  await shot('21b-03-accounts-view-off');

  await runCommand(s.page, 'Antigravity: Start Proxy');
  await waitFor(async () => (await statusItem(s.page).innerText()).trim() === String(s.proxyPort), 20000, () => 'status bar did not show the port');
  await waitFor(async () => (await row('127.0.0.1:9').innerText()).includes('Ready'), 10000, () => 'state "Ready" not shown');
  await shot('21b-04-accounts-view-running');
  // The status bar: not the ports icon; its tooltip has the accounts by state and command links.
  const item = statusItem(s.page);
  assert.equal(await item.locator('.codicon-radio-tower').count(), 0, 'not the forwarded-ports icon');
  assert.equal(await item.locator('.codicon-server-process').count(), 1);
  await item.hover();
  const hover = s.page.locator('.monaco-hover', { hasText: 'Listening on' });
  await hover.waitFor({ state: 'visible', timeout: 5000 });
  assert.match(await hover.innerText(), /1 ready/);
  assert.ok(await hover.locator('a', { hasText: 'Open Monitor' }).count() > 0, 'Open Monitor link');
  await shot('21b-04b-status-bar-tooltip');
  await s.page.mouse.move(700, 400);
  await runCommand(s.page, 'Antigravity: Stop Proxy');
  await waitFor(async () => (await row('127.0.0.1:9').innerText()).includes('off'), 10000, () => 'state "off" not back after Stop');
});

test('Edit (the inline action on the account) changes its label', async () => {
  const item = row('127.0.0.1:9');
  await item.hover();
  const edit = item.locator('.action-label[aria-label^="Edit Account"]');
  await edit.waitFor({ state: 'visible', timeout: 5000 });
  await shot('21b-05-inline-actions');
  await edit.click();
  await quickInput(s.page, 'Name', 'Name');
  await waitForStep(s.page, 'A name for this account', 'no name input');
  assert.equal(await input().inputValue(), '127.0.0.1:9');
  await quickInput(s.page, 'Local test box');
  await row('Local test box').waitFor({ state: 'visible', timeout: 10000 });
  assert.equal(await rows().filter({ hasText: '127.0.0.1:9' }).count(), 0, 'the old label is gone');
  await shot('21b-06-edited');
});

test('Escape ends Add Account; reopened in the same session it offers what was typed (the key excepted)', async () => {
  await runCommand(s.page, 'Antigravity: Add Account…');
  await quickInput(s.page, 'Other OpenAI', 'Other OpenAI-compatible');
  await waitForStep(s.page, 'Base URL of the API', 'no URL step');
  await quickInput(s.page, 'http://127.0.0.1:7/v1');
  await waitForStep(s.page, 'API key (optional for local servers)', 'no key step');
  await input().press('Escape');
  await widget().waitFor({ state: 'hidden', timeout: 5000 });
  await runCommand(s.page, 'Antigravity: Add Account…');
  await quickInput(s.page, 'Other OpenAI', 'Other OpenAI-compatible');
  await waitForStep(s.page, 'Base URL of the API', 'no URL step');
  assert.equal(await input().inputValue(), 'http://127.0.0.1:7/v1');
  await input().press('Escape');
});
