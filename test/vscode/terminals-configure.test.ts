/**
 * Issue 21 in a real VS Code: zero-config terminals (a terminal opened while the proxy runs has
 * ANTHROPIC_BASE_URL, one opened after Stop does not) and Configure Codex (the diff, the modal
 * confirm answered through the dialog's buttons, the golden file, Restore Previous). The client
 * files live in a temp home (ANTIGRAVITY_CLIENT_HOME, inherited by code-server's extension host).
 * Set VSIX=path to skip packaging.
 */
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { addOllamaAccount, ARTIFACTS, ROOT, launch, quickInput, runCommand, statusItem, waitFor, type Session } from './harness';

let s: Session;
const clientHome = mkdtempSync(join(tmpdir(), 'ag-client-home-'));
const codexFile = join(clientHome, '.codex', 'config.toml');
const USER_CODEX = '# my own Codex settings\nmodel = "o3"\n\n[features]\nplugins = false\n';
const shot = (name: string) => s.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

before(async () => {
  process.env.ANTIGRAVITY_CLIENT_HOME = clientHome;
  mkdirSync(join(clientHome, '.codex'), { recursive: true });
  writeFileSync(codexFile, USER_CODEX);
  const vsix = process.env.VSIX ?? join(ROOT, 'dist/antigravity-proxy.vsix');
  if (!process.env.VSIX) execSync('npm run package', { cwd: ROOT, stdio: 'pipe' });
  s = await launch(vsix);
});
after(async () => {
  await s?.close();
  rmSync(clientHome, { recursive: true, force: true });
});

/** Opens a new integrated terminal and has its shell write `$ANTHROPIC_BASE_URL` into `file`. */
async function echoIntoFile(file: string): Promise<string> {
  await runCommand(s.page, 'Terminal: Create New Terminal');
  const term = s.page.locator('.terminal-wrapper.active .xterm, .terminal .xterm').last();
  await term.waitFor({ state: 'visible', timeout: 20000 });
  await s.page.waitForTimeout(1500); // the shell's prompt
  await term.click();
  await s.page.keyboard.type(`echo "AB=[$ANTHROPIC_BASE_URL] OK=[$OPENAI_BASE_URL]" > ${file}`);
  await s.page.keyboard.press('Enter');
  await waitFor(() => existsSync(file) && readFileSync(file, 'utf8').includes('\n'), 15000, () => `the terminal did not write ${file}`);
  return readFileSync(file, 'utf8').trim();
}

async function clickDialogButton(label: string): Promise<string> {
  const dialog = s.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 20000 });
  const text = await dialog.innerText();
  await dialog.locator('.monaco-button', { hasText: new RegExp(`^${label}$`) }).first().click();
  await dialog.waitFor({ state: 'hidden', timeout: 10000 });
  return text;
}

test('setup: an account (Ollama preset, no live check) and Start', async () => {
  await statusItem(s.page).waitFor({ state: 'visible', timeout: 30000 });
  await addOllamaAccount(s.page);
  await runCommand(s.page, 'Antigravity: Start Proxy');
  await waitFor(async () => (await statusItem(s.page).innerText()).includes(String(s.proxyPort)), 20000, () => 'the proxy did not start');
});

test('a terminal opened while the proxy runs has ANTHROPIC_BASE_URL and OPENAI_BASE_URL', async () => {
  const line = await echoIntoFile(join(s.workspace, 'env-running.txt'));
  assert.equal(line, `AB=[http://127.0.0.1:${s.proxyPort}] OK=[http://127.0.0.1:${s.proxyPort}/v1]`);
  await shot('21a-terminal-running');
});

test('a terminal opened after Stop has neither', async () => {
  await runCommand(s.page, 'Antigravity: Stop Proxy');
  await waitFor(async () => (await statusItem(s.page).innerText()).includes('off'), 10000, () => 'the proxy did not stop');
  await s.page.waitForTimeout(500);
  const line = await echoIntoFile(join(s.workspace, 'env-stopped.txt'));
  assert.equal(line, 'AB=[] OK=[]');
});

test('Configure Codex: a diff, a modal confirm, then the golden config.toml; Restore Previous puts the old file back', async () => {
  await runCommand(s.page, 'View: Close All Editors');
  await runCommand(s.page, 'Antigravity: Configure Codex…');
  // A model pick only when the accounts list models: keep the current one.
  const keep = s.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Keep the current model' });
  const dialog = s.page.locator('.monaco-dialog-box');
  await waitFor(async () => (await keep.count()) > 0 || (await dialog.count()) > 0, 20000, () => 'neither the model pick nor the confirm appeared');
  if (await keep.count() > 0) await quickInput(s.page);
  await dialog.waitFor({ state: 'visible', timeout: 20000 });
  // The diff editor shows the proposed change next to the file on disk.
  const diff = s.page.locator('.monaco-diff-editor').first();
  await diff.waitFor({ state: 'visible', timeout: 10000 });
  await shot('21a-configure-codex-diff');
  assert.equal(readFileSync(codexFile, 'utf8'), USER_CODEX, 'nothing written before the confirm');
  const text = await clickDialogButton('Write');
  assert.match(text, /Configure Codex to use Antigravity Proxy\?/);
  assert.match(text, /config\.toml will be changed\./);
  await waitFor(() => readFileSync(codexFile, 'utf8').endsWith('wire_api = "responses"\n'), 10000, () => 'config.toml was not written');
  assert.equal(readFileSync(codexFile, 'utf8'), `# my own Codex settings
model = "o3"
model_provider = "antigravity"

[features]
plugins = false

[model_providers.antigravity]
name = "Antigravity Proxy"
base_url = "http://127.0.0.1:${s.proxyPort}/v1"
wire_api = "responses"
`);
  await s.page.locator('.notification-toast', { hasText: 'Codex now uses the proxy' }).waitFor({ state: 'visible', timeout: 10000 });

  await runCommand(s.page, 'Antigravity: Restore Previous Client Configuration…');
  await quickInput(s.page, 'Codex', 'Codex');
  const restoreText = await clickDialogButton('Restore');
  assert.match(restoreText, /Restore the previous configuration of Codex\?/);
  await waitFor(() => readFileSync(codexFile, 'utf8') === USER_CODEX, 10000, () => `not restored:\n${readFileSync(codexFile, 'utf8')}`);
  await s.page.locator('.notification-toast', { hasText: 'The previous configuration of Codex is back.' }).waitFor({ state: 'visible', timeout: 10000 });
  await shot('21a-restore-codex');
});
