/** The core's Logger on a LogOutputChannel; every line passes through secret redaction. */
import type * as vscode from 'vscode';
import { redactingLogger, type Logger } from '../core/logger';
import { createRedactor } from '../core/redactor';

export function channelLogger(channel: vscode.LogOutputChannel, knownSecrets: () => readonly string[]): Logger {
  return redactingLogger({
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
  }, createRedactor(knownSecrets).text);
}
