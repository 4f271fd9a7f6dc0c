/**
 * Issue 15, tests: 200 sockets that trickle their bodies are all answered 408 and closed
 * within the (short, configured) body timeout; none is left holding the proxy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { account, startProxy } from '../support/proxy-harness';
import { rawExchange } from './support/wire';

test('200 slow-body sockets are closed within the body timeout', async () => {
  const TIMEOUT_S = 2;
  const p = await startProxy({ proxy: { authMode: 'off', bodyTimeoutSeconds: TIMEOUT_S }, accounts: [account('openai', 'http://127.0.0.1:9/v1')] });
  try {
    const port = p.server.status().port;
    const paths = ['/v1/chat/completions', '/v1/messages', '/v1/responses', '/v1beta/models/gemini-2.5-flash:generateContent'];
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        rawExchange(port, `POST ${paths[i % paths.length]} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{`, {
          bodyChunks: Array.from({ length: 60 }, () => Buffer.from(' ')),
          everyMs: 200,
          waitMs: (TIMEOUT_S + 6) * 1000,
        }),
      ),
    );
    const open = results.filter((r) => r.closedAfterMs === undefined).length;
    assert.equal(open, 0, `${open} of 200 sockets still open after ${TIMEOUT_S + 6} s`);
    const slowest = Math.max(...results.map((r) => r.closedAfterMs!));
    // Node checks timeouts every connectionsCheckingInterval (≤ 1 s): allow that, plus load.
    assert.ok(slowest < (TIMEOUT_S + 2.5) * 1000, `slowest closed after ${slowest} ms`);
    const statuses = new Set(results.map((r) => r.status));
    assert.deepEqual([...statuses], [408], `answers: ${[...statuses].join(', ')}`);
    assert.equal(p.server.status().activeRequests, 0);
  } finally {
    await p.stop();
  }
});
