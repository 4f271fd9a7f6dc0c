/**
 * The one status union the UI renders (status bar, panel). Produced by the host from the
 * core's ProxyStatus plus what only the host knows (another window holds the port).
 */
export type ProxyUiStatus =
  | { kind: 'stopped' }
  /**
   * A Start found no usable account (the core's NO_ACCOUNT; issue 16): not an error but the first
   * thing a new user meets, so it is a state of its own (status bar "needs an account", a warning).
   */
  | { kind: 'needsAccount' }
  | { kind: 'starting' }
  | { kind: 'running'; host: string; port: number; accounts: number; activeRequests: number; startedAt?: number }
  | { kind: 'error'; message: string }
  | { kind: 'servedByOtherWindow'; port: number };

/** Address a client on this machine uses: 0.0.0.0 is a bind address, not a destination. */
export function clientHost(bindHost: string): string {
  return bindHost === '0.0.0.0' || bindHost === '::' || bindHost === '' ? '127.0.0.1' : bindHost;
}
