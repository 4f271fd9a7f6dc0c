/**
 * placeholder; replaced by branch i21a.
 * The clients the Accounts view lists under "Clients": each one's Configure command and whether
 * it is configured. This stand-in knows only Claude Code and never inspects its settings.
 */
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../shared/command-ids';
import type { HostContext } from '../context';

export interface ClientTarget {
  id: 'claude-code' | 'codex' | 'opencode' | 'kilo' | 'gemini-cli';
  label: string;
  configureCommand: string;
  restoreCommand?: string;
  state: 'configured' | 'not configured' | 'out of date';
  detail?: string;
}

const changed = new vscode.EventEmitter<void>();

/** Fires when a client's configuration may have changed (after Configure or Restore). */
export const onClientTargetsChanged: vscode.Event<void> = changed.event;

export async function listClientTargets(_ctx: HostContext): Promise<ClientTarget[]> {
  return [{ id: 'claude-code', label: 'Claude Code', configureCommand: COMMAND_IDS.configureClaudeCode, state: 'not configured' }];
}
