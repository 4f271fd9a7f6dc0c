/**
 * The home directory whose client configs Configure… edits: the user's, or ANTIGRAVITY_CLIENT_HOME
 * (tests point it at a temp dir so the real VS Code test never touches the machine's ~/.codex).
 */
import { homedir } from 'node:os';

export const CLIENT_HOME_ENV = 'ANTIGRAVITY_CLIENT_HOME';

export function clientHome(env: Record<string, string | undefined> = process.env): string {
  return env[CLIENT_HOME_ENV]?.trim() || homedir();
}
