/** `vscode.l10n.t` with positional arguments; English strings are the keys of l10n/bundle.l10n.*.json. */
import * as vscode from 'vscode';

export function t(message: string, ...args: Array<string | number | boolean>): string {
  return vscode.l10n.t(message, ...args);
}
