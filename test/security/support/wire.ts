import { connect, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
export { freePort } from '../../support/free-port';

/** What a raw socket received, and when it was closed (ms after opening), if it was. */
export interface RawExchange {
  text: string;
  status: number | undefined;
  closedAfterMs: number | undefined;
}

/**
 * Sends `head` (request line and headers), then `bodyChunks` one every `everyMs`, on a raw
 * socket; resolves once the server closed it or `waitMs` passed. Used to prove an answer came
 * before the body was sent (the proxy did not wait to read it) or that a slow body was cut.
 */
export function rawExchange(port: number, head: string, opts: { bodyChunks?: Buffer[]; everyMs?: number; waitMs: number }): Promise<RawExchange & { socket: Socket }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const sock = connect(port, '127.0.0.1');
    let text = '';
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      clearTimeout(deadline);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ text, status: m ? Number(m[1]) : undefined, closedAfterMs: closed ? Date.now() - t0 : undefined, socket: sock });
      if (!closed) sock.destroy();
    };
    const deadline = setTimeout(() => finish(false), opts.waitMs);
    sock.on('data', (c) => (text += c.toString('latin1')));
    sock.on('end', () => finish(true)); // the server finished its side (FIN): answered and closing
    sock.on('close', () => finish(true));
    sock.on('error', () => {});
    sock.on('connect', () => {
      sock.write(head);
      const chunks = [...(opts.bodyChunks ?? [])];
      if (chunks.length === 0) return;
      timer = setInterval(() => {
        const c = chunks.shift();
        if (c === undefined || sock.destroyed) return clearInterval(timer);
        sock.write(c);
      }, opts.everyMs ?? 100);
    });
  });
}

/** A JSON body of `mib` MiB of spaces, gzip-compressed to ~1 KiB per MiB (concatenated members). */
export function gzipBomb(mib: number): Buffer {
  const member = gzipSync(Buffer.alloc(1024 * 1024, 0x20));
  return Buffer.concat([gzipSync(Buffer.from('{"model":"gpt-4o","messages":[{"role":"user","content":"')), ...Array.from({ length: mib }, () => member), gzipSync(Buffer.from('"}]}'))]);
}

