import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProxyAgent } from 'undici';
import { ProxyError } from '../../../src/core/errors';
import { createUpstreamDispatcher } from '../../../src/upstream/client/upstream-dispatcher';

describe('createUpstreamDispatcher', () => {
  it('empty → direct connections', () => {
    assert.equal(createUpstreamDispatcher(''), undefined);
    assert.equal(createUpstreamDispatcher('   '), undefined);
  });
  it('http and https proxies → ProxyAgent', async () => {
    for (const url of ['http://127.0.0.1:3128', 'https://proxy.example.com', 'http://user:p%40ss@corp:8080']) {
      const d = createUpstreamDispatcher(url);
      assert.ok(d instanceof ProxyAgent, url);
      await d.close();
    }
  });
  it('invalid URLs and schemes are clear errors that never echo a password', () => {
    const bad = (url: string, re: RegExp) => assert.throws(() => createUpstreamDispatcher(url), (e: unknown) => {
      assert.ok(e instanceof ProxyError);
      assert.match(e.message, re);
      assert.doesNotMatch(e.message, /secret/);
      return true;
    });
    bad('not a url', /Invalid upstream proxy URL "not a url"/);
    bad('socks5://u:secret@host:1080', /Unsupported upstream proxy scheme "socks5:".*u:\[REDACTED\]@/);
    bad('ftp://host', /only http:\/\/ and https:\/\//);
  });
});
