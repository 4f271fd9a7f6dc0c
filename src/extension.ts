/**
 * activate / deactivate: wiring only. The services are built and owned by the container
 * (src/host/container.ts); behaviour lives in src/host (lifecycle, commands) and src/ui
 * (status bar, panel). A failed activation is shown to the user with the reason and "Show Log".
 */
import * as vscode from 'vscode';
import { createContainer, type ExtensionContainer } from './host/container';
import { reportActivationFailure } from './host/report-error';

let container: ExtensionContainer | undefined;

export function activate(context: vscode.ExtensionContext): void {
  // Created before the container and owned by VS Code: it outlives a failed activation.
  const channel = vscode.window.createOutputChannel('Antigravity Proxy', { log: true });
  context.subscriptions.push(channel);
  try {
    container = createContainer(context, channel);
  } catch (err) {
    reportActivationFailure(channel, err);
  }
}

/** Stops the server so the port is released before the extension host exits; then disposes the rest. */
export async function deactivate(): Promise<void> {
  const c = container;
  container = undefined;
  await c?.dispose();
}
