/** The core's Logger on a LogOutputChannel; every line passes through secret redaction. */
import type * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { redactSecrets } from '../shared/redact';

export function channelLogger(channel: vscode.LogOutputChannel, knownSecrets: () => readonly string[]): Logger {
  const clean = (m: string) => redactSecrets(m, knownSecrets());
  return {
    debug: (m) => channel.debug(clean(m)),
    info: (m) => channel.info(clean(m)),
    warn: (m) => channel.warn(clean(m)),
    error: (m) => channel.error(clean(m)),
  };
}
