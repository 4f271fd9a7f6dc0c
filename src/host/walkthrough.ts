/**
 * The context keys the walkthrough's `completionEvents` listen to (package.json
 * `contributes.walkthroughs`). Each is set by the host action both the palette command and the
 * panel's button run, so a step completes whichever way the user took:
 *  - account → `antigravity.hasAccounts` (container.ts, on every account change); also
 *    `onCommand:antigravity.addAccount`, which the panel's button executes as well
 *  - start   → `antigravity.running` (container.ts, on every status change)
 *  - health  → `antigravity.healthChecked` (runHealthCheck, on a healthy answer)
 *  - setup   → `antigravity.clientSetUp` (a base URL or snippet copied, Claude Code configured)
 * The keys are per window and not persisted; VS Code remembers completed steps itself.
 */
import * as vscode from 'vscode';

export const WALKTHROUGH_CONTEXT = {
  hasAccounts: 'antigravity.hasAccounts',
  running: 'antigravity.running',
  healthChecked: 'antigravity.healthChecked',
  clientSetUp: 'antigravity.clientSetUp',
} as const;

export function setWalkthroughContext(key: (typeof WALKTHROUGH_CONTEXT)[keyof typeof WALKTHROUGH_CONTEXT], value: boolean): void {
  void vscode.commands.executeCommand('setContext', key, value);
}
