import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launch, type Session } from './harness';

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
