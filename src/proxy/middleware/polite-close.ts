import type { Socket } from 'node:net';

/** How long, and how much, a refused upload is still read after its answer (Apache's lingering close). */
export const LINGER_MS = 5_000;
export const LINGER_MAX_BYTES = 256 * 1024 * 1024;

const LINGERING = Symbol('antigravity.lingering');

/**
 * Closes `socket` politely once the answer on it (sent with `Connection: close`) is written:
 * our side is half-closed (FIN) and what the client still uploads is read and discarded until
 * it stops (its EOF), LINGER_MS pass or LINGER_MAX_BYTES arrive; only then is the socket
 * destroyed. Destroying it with unread upload bytes in the kernel buffer sends a reset, and
 * the client loses the answer (EPIPE / ECONNRESET instead of the 413). Node's server ends a
 * `Connection: close` response by calling `socket.destroySoon()`; this replaces that call on
 * this one socket. Idempotent.
 */
export function lingerOnClose(socket: Socket, ms = LINGER_MS, maxBytes = LINGER_MAX_BYTES): void {
  const s = socket as Socket & { [LINGERING]?: boolean; destroySoon?: () => void };
  if (s[LINGERING] || s.destroyed) return;
  s[LINGERING] = true;
  s.destroySoon = () => {
    // The HTTP parser may consume the socket's handle directly (no 'data' events): count bytesRead.
    const start = s.bytesRead;
    const done = () => {
      clearTimeout(timer);
      clearInterval(cap);
      if (!s.destroyed) s.destroy();
    };
    const timer = setTimeout(done, ms);
    const cap = setInterval(() => {
      if (s.bytesRead - start > maxBytes) done();
    }, 100);
    timer.unref?.();
    cap.unref?.();
    s.once('end', done);
    s.once('close', done);
    if (s.writable) s.end();
    s.resume();
  };
}
