/** Where the core writes what it has to say; the host decides (VS Code output channel, stderr). */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** `logger` with every message passed through `redact` first (the Redactor's `text`). */
export function redactingLogger(logger: Logger, redact: (text: string) => string): Logger {
  return {
    debug: (m) => logger.debug(redact(m)),
    info: (m) => logger.info(redact(m)),
    warn: (m) => logger.warn(redact(m)),
    error: (m) => logger.error(redact(m)),
  };
}
