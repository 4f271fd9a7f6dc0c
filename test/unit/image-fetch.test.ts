import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockedAddressReason, fetchImage } from '../../src/upstream/image-fetch';
import { ProxyError } from '../../src/core/errors';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('blockedAddressReason', () => {
  for (const a of ['127.0.0.1', '127.5.5.5', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'ff02::1']) {
    it(`refuses ${a}`, () => assert.match(blockedAddressReason(a) ?? '', /private, loopback, link-local or reserved/));
  }
  for (const a of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
    it(`allows ${a}`, () => assert.equal(blockedAddressReason(a), undefined));
  }
  it('an allow-list exempts exactly the addresses it names', () => {
    assert.equal(blockedAddressReason('127.0.0.1', ['127.0.0.1']), undefined);
    assert.ok(blockedAddressReason('127.0.0.2', ['127.0.0.1']));
  });
});

describe('fetchImage', () => {
  let server: Server;
  let base = '';
  const hits: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      switch (req.url?.split('?')[0]) {
        case '/a.png':
          res.writeHead(200, { 'content-type': 'image/png; charset=binary' });
          return res.end(PNG);
        case '/big':
          res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(10_000) });
          return res.end(Buffer.alloc(10_000));
        case '/chunked-big':
          // no content-length: the cap is enforced while reading
          res.writeHead(200, { 'content-type': 'image/jpeg' });
          res.write(Buffer.alloc(600));
          return res.end(Buffer.alloc(600));
        case '/stall':
          return; // never answers
        case '/redirect-ok':
          res.writeHead(302, { location: '/a.png' });
          return res.end();
        case '/redirect-private':
          res.writeHead(301, { location: 'http://10.0.0.1/a.png' });
          return res.end();
        case '/text':
          res.writeHead(200, { 'content-type': 'text/plain' });
          return res.end('hello');
        default:
          res.writeHead(404);
          return res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const allow = { allowAddresses: ['127.0.0.1'] };
  const refusal = async (p: Promise<unknown>, why: RegExp) => {
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof ProxyError);
      assert.equal(e.status, 400);
      assert.equal(e.code, 'image_url_refused');
      assert.match(e.message, why);
      return true;
    });
  };

  it('by default refuses 127.0.0.1 without connecting', async () => {
    const before = hits.length;
    await refusal(fetchImage(`${base}/a.png`), /127\.0\.0\.1 is a private, loopback, link-local or reserved address/);
    assert.equal(hits.length, before);
  });

  it('checks the addresses a host name resolves to (localhost is loopback)', async () => {
    const port = (server.address() as AddressInfo).port;
    const before = hits.length;
    await refusal(fetchImage(`http://localhost:${port}/a.png`), /(127\.0\.0\.1|::1) is a private, loopback/);
    assert.equal(hits.length, before);
  });

  it('fetches an allowed image as base64 with its media type', async () => {
    assert.deepEqual(await fetchImage(`${base}/a.png`, allow), { mediaType: 'image/png', data: PNG.toString('base64') });
  });

  it('follows a redirect and checks where it leads', async () => {
    assert.equal((await fetchImage(`${base}/redirect-ok`, allow)).data, PNG.toString('base64'));
    await refusal(fetchImage(`${base}/redirect-private`, allow), /10\.0\.0\.1 is a private/);
  });

  it('enforces the size cap by content-length and while reading', async () => {
    await refusal(fetchImage(`${base}/big`, { ...allow, maxBytes: 1000 }), /larger than 1000 bytes/);
    await refusal(fetchImage(`${base}/chunked-big`, { ...allow, maxBytes: 1000 }), /larger than 1000 bytes/);
  });

  it('gives up after the timeout', async () => {
    const t0 = Date.now();
    await refusal(fetchImage(`${base}/stall`, { ...allow, timeoutMs: 200 }), /no answer within the 200 ms limit/);
    assert.ok(Date.now() - t0 < 2000);
  });

  it('refuses non-images, error statuses, other schemes and credentials; never echoes the query', async () => {
    await refusal(fetchImage(`${base}/text`, allow), /content type is text\/plain, not an image/);
    await refusal(fetchImage(`${base}/missing?token=s3cret`, allow), /HTTP 404/);
    await assert.rejects(fetchImage(`${base}/missing?token=s3cret`, allow), (e: Error) => !e.message.includes('s3cret'));
    await refusal(fetchImage('file:///etc/passwd'), /file: URLs are not fetched/);
    await refusal(fetchImage('http://user:pw@example.com/a.png'), /credentials/);
  });
});
