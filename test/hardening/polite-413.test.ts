/**
 * issue 14: a body over the limit is answered 413 (Connection: close) and the upload is read
 * and discarded for a while, so the client reads the 413 instead of EPIPE / ECONNRESET.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { FakeVendor } from '../fakes/vendor';
import { account, startProxy } from '../support/proxy-harness';

const MiB = 1024 * 1024;

interface Seen { status?: number; headers: Record<string, string>; body: string; error?: string }

/**
 * A client that writes its whole upload before it reads (Python's http.client, curl without
 * Expect): raw TCP, so every write error counts. `declared` sends Content-Length, else chunked.
 */
async function upload(url: string, total: number, declared: boolean): Promise<Seen> {
  const u = new URL(url);
  const sock = connect(Number(u.port), u.hostname);
  const received: Buffer[] = [];
  let error: string | undefined;
  sock.on('data', (c: Buffer) => received.push(c));
  sock.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
  const ended = new Promise<void>((r) => sock.once('close', () => r()));
  await new Promise<void>((r, j) => sock.once('connect', r).once('error', j));
  const framing = declared ? `content-length: ${total}` : 'transfer-encoding: chunked';
  const write = (b: Buffer | string) => (sock.write(b) ? Promise.resolve() : new Promise<void>((r) => { sock.once('drain', r); sock.once('close', r); }));
  await write(`POST /v1/messages HTTP/1.1\r\nhost: ${u.host}\r\ncontent-type: application/json\r\nanthropic-version: 2023-06-01\r\n${framing}\r\n\r\n`);
  const chunk = Buffer.alloc(256 * 1024, 0x61);
  for (let sent = 0; sent < total && !sock.destroyed; sent += chunk.length) {
    const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
    await write(declared ? piece : Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]));
  }
  if (!declared && !sock.destroyed) await write('0\r\n\r\n');
  sock.end();
  await ended;
  const text = Buffer.concat(received).toString('utf8');
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const lines = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
  return { status: Number(/^HTTP\/1\.1 (\d+)/.exec(lines[0] ?? '')?.[1]) || undefined, headers, body, error };
}

for (const declared of [true, false]) {
  test(`101 MiB body (${declared ? 'Content-Length' : 'chunked'}) → the client reads the 413 in its dialect`, async () => {
    const vendor = await FakeVendor.start();
    const proxy = await startProxy({ accounts: [account('anthropic', vendor.url)] });
    try {
      const seen = await upload(proxy.url, 101 * MiB, declared);
      assert.equal(seen.error, undefined, 'the upload was reset: the client never gets to read the answer');
      assert.equal(seen.status, 413);
      assert.equal(seen.headers.connection, 'close');
      const j = JSON.parse(seen.body);
      assert.equal(j.type, 'error');
      assert.equal(j.error.type, 'request_too_large');
      assert.equal(vendor.requests.length, 0, 'nothing reached the vendor');
    } finally {
      await proxy.stop();
      await vendor.close();
    }
  });
}
