/**
 * Real VS Code (code-server 4.100.3 = VS Code 1.100.3) driven by playwright-core + Debian chromium.
 * Installs the packaged .vsix into a throw-away extensions dir and opens an empty workspace.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
export { freePort } from '../support/free-port';
import { freePort } from '../support/free-port';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const ARTIFACTS = join(ROOT, '.test-artifacts', 'vscode');
const CODE_SERVER = process.env.CODE_SERVER ?? join(homedir(), '.cache/code-server-4.100.3/node_modules/.bin/code-server');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';


export interface Session {
  page: Page;
  proxyPort: number;
  workspace: string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** More .vsix files to install (test-only extensions). */
  extraVsix?: string[];
  /** Extension ids allowed to use proposed API (code-server --enable-proposed-api). */
  proposedApi?: string[];
}

export async function launch(vsix: string, opts: LaunchOptions = {}): Promise<Session> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const base = mkdtempSync(join(tmpdir(), 'ag-vscode-'));
  const userData = join(base, 'user');
  const extensions = join(base, 'extensions');
  const workspace = join(base, 'workspace');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(workspace, { recursive: true });
  const proxyPort = await freePort();
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
    'antigravity.proxy.port': proxyPort,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'update.mode': 'none',
    'workbench.colorTheme': 'Default Dark Modern',
  }, null, 2));
  for (const v of [vsix, ...(opts.extraVsix ?? [])]) {
    execFileSync(CODE_SERVER, ['--extensions-dir', extensions, '--user-data-dir', userData, '--install-extension', v], { stdio: 'pipe' });
  }

  const csPort = await freePort();
  const server: ChildProcess = spawn(CODE_SERVER, [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${csPort}`, '--user-data-dir', userData, '--extensions-dir', extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    ...(opts.proposedApi ?? []).flatMap((id) => ['--enable-proposed-api', id]), workspace,
  ], { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  let serverLog = '';
  server.stdout?.on('data', (d) => (serverLog += d));
  server.stderr?.on('data', (d) => (serverLog += d));
  await waitFor(async () => (await fetch(`http://127.0.0.1:${csPort}/healthz`).catch(() => undefined))?.ok === true, 30000, () => serverLog);

  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${csPort}` });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${csPort}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  return {
    page, proxyPort, workspace,
    async close() {
      await browser.close().catch(() => undefined);
      server.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export async function waitFor(cond: () => Promise<boolean> | boolean, timeoutMs: number, detail?: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms${detail ? `\n${detail().slice(-2000)}` : ''}`);
}

/** Runs a command through the palette by its full title, as a user would. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  await input.press('Enter');
}

/** Accepts the current quick input (pick or input box), optionally after typing a filter / value. */
export async function quickInput(page: Page, text?: string, expectRow?: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  if (text !== undefined) await input.fill(text);
  if (expectRow) await page.locator('.quick-input-list .monaco-list-row', { hasText: expectRow }).first().waitFor({ state: 'visible' });
  await page.waitForTimeout(150);
  await input.press('Enter');
}

/** Waits until the quick input shows the step whose prompt contains `prompt` (multi-step inputs reuse one widget, so type only after this). */
export async function waitForStep(page: Page, prompt: string, what = `no step "${prompt}"`): Promise<void> {
  await waitFor(async () => (await page.locator('.quick-input-widget').innerText()).includes(prompt), 5000, () => what);
}

/** Add Account… with the Ollama preset as a user accepts it (preset URL, no key, default name, no live check). */
export async function addOllamaAccount(page: Page): Promise<void> {
  await runCommand(page, 'Antigravity: Add Account…');
  await quickInput(page, 'Ollama', 'Ollama');
  await quickInput(page); // base URL (preset)
  await quickInput(page); // key: optional for Ollama
  await quickInput(page); // name
  await quickInput(page, 'Save without', 'Save without checking');
  await page.locator('.notification-toast', { hasText: 'Account Ollama added.' }).waitFor({ state: 'visible', timeout: 10000 });
}

export function statusItem(page: Page) {
  return page.locator('#antigravity-proxy\\.antigravity-proxy\\.antigravity\\.proxy\\.status, .statusbar-item[id$="antigravity.proxy.status"]').first();
}
