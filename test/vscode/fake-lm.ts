import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ROOT, launch, runCommand, statusItem, waitFor, type Session } from './harness';

const FAKE = join(ROOT, '.test-artifacts', 'fake-lm.vsix');

/**
 * code-server with our extension and the test-only fake-lm extension (fixtures/fake-lm, proposed
 * API `chatProvider`), which registers a VS Code language model. VSIX=path skips packaging ours.
 */
export async function launchWithFakeLm(): Promise<Session> {
  const vsix = process.env.VSIX ?? join(ROOT, 'dist/antigravity-proxy.vsix');
  if (!process.env.VSIX) execSync('npm run package', { cwd: ROOT, stdio: 'pipe' });
  mkdirSync(join(ROOT, '.test-artifacts'), { recursive: true });
  execSync(`npx vsce package --no-dependencies --allow-missing-repository --skip-license -o ${FAKE}`, { cwd: join(ROOT, 'test/vscode/fixtures/fake-lm'), stdio: 'pipe' });
  return launch(vsix, { extraVsix: [FAKE], proposedApi: ['antigravity-test.fake-lm'] });
}

/** Clicks Allow in VS Code's modal consent dialog when it shows up within `timeoutMs` (`shown` runs first). */
export async function allowWhenAsked(s: Session, timeoutMs: number, shown?: () => Promise<unknown>): Promise<boolean> {
  const dialog = s.page.locator('.monaco-dialog-box');
  try {
    await dialog.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    return false;
  }
  await shown?.();
  await dialog.locator('.monaco-button', { hasText: /^Allow/ }).first().click();
  return true;
}

/**
 * First Start without an account, as a user answers it: the "No available account" notification's
 * "Use VS Code Language Models", VS Code's consent (Allow), then the status bar shows the port.
 * `toastShown` sees the notification before the click, `consentShown` the dialog before Allow.
 * Returns whether the consent dialog was shown.
 */
export async function startWithLanguageModels(
  s: Session,
  hooks: { toastShown?: (toast: Locator) => Promise<unknown>; consentShown?: () => Promise<unknown> } = {},
): Promise<boolean> {
  await statusItem(s.page).waitFor({ state: 'visible', timeout: 30000 });
  await runCommand(s.page, 'Antigravity: Start Proxy');
  const toast = s.page.locator('.notification-toast', { hasText: 'No available account, please add an account first' });
  await toast.waitFor({ state: 'visible', timeout: 15000 });
  await hooks.toastShown?.(toast);
  await toast.locator('.monaco-button', { hasText: 'Use VS Code Language Models' }).click();
  const asked = await allowWhenAsked(s, 20000, hooks.consentShown); // the consent request is made while the user is here
  await waitFor(async () => (await statusItem(s.page).innerText()).trim() === String(s.proxyPort), 20000, () => 'status bar did not show the port');
  return asked;
}
