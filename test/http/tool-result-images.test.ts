import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeVendor } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import type { AccountConfig } from '../../src/core/config';
import type { ProxyDeps } from '../../src/proxy/server-types';

/**
 * Images inside tool results (Claude Code's Read tool on a PNG) reach every vendor kind, and
 * image URLs reach Gemini inlined (fetched by the proxy, loopback refused unless allow-listed).
 * The fake vendors validate like the real ones (OpenAI refuses images outside user messages;
 * Gemini wants one functionResponse per functionCall) and report every image they received.
 */

/** Two distinct 1×1 PNGs. */
const PNG_A = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const PNG_B = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

const png = (data: string) => ({ type: 'image', source: { type: 'base64', media_type: 'image/png', data } });

/** Claude Code after two Read calls on PNG files, in one turn. */
function claudeCodeBody(stream: boolean, images: [unknown, unknown] = [png(PNG_A), png(PNG_B)]) {
  return {
    model: 'client-model',
    max_tokens: 300,
    stream,
    tools: [{ name: 'Read', description: 'Read a file', input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] } }],
    messages: [
      { role: 'user', content: 'What is in a.png and b.png? tok-img17' },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'toolu_01A', name: 'Read', input: { file_path: '/a.png' } },
          { type: 'tool_use', id: 'toolu_01B', name: 'Read', input: { file_path: '/b.png' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01A', content: [{ type: 'text', text: 'a.png (1x1)' }, images[0]] },
          { type: 'tool_result', tool_use_id: 'toolu_01B', content: [images[1]] },
        ],
      },
    ],
  };
}

async function withProxy(acc: (url: string) => AccountConfig, run: (vendor: FakeVendor, proxy: RunningProxy) => Promise<void>, deps: ProxyDeps = {}): Promise<void> {
  const vendor = await FakeVendor.start({});
  const proxy = await startProxy({ accounts: [acc(vendor.url)], modelMapping: { 'client-model': 'upstream-model' } }, deps);
  try {
    await run(vendor, proxy);
  } finally {
    await proxy.stop();
    await vendor.close();
  }
}

const post = (proxy: RunningProxy, path: string, body: unknown) =>
  fetch(`${proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('images inside tool results reach every vendor kind', () => {
  for (const stream of [false, true]) {
    test(`anthropic → openai chat: tool messages, then one user message with both images${stream ? ' (stream)' : ''}`, async () => {
      await withProxy((u) => account('openai', `${u}/v1`), async (vendor, proxy) => {
        const r = await post(proxy, '/v1/messages', claudeCodeBody(stream));
        assert.equal(r.status, 200, await r.clone().text());
        await r.text();
        const sent = vendor.last();
        assert.equal(sent.refused, undefined);
        const msgs = sent.json.messages as any[];
        const roles = msgs.map((m) => m.role);
        assert.deepEqual(roles.slice(-4), ['assistant', 'tool', 'tool', 'user']);
        assert.equal(msgs.at(-3).content, 'a.png (1x1)');
        const images = msgs.at(-1).content.filter((c: any) => c.type === 'image_url').map((c: any) => c.image_url.url);
        assert.deepEqual(images, [`data:image/png;base64,${PNG_A}`, `data:image/png;base64,${PNG_B}`]);
      });
    });

    test(`anthropic → gemini: functionResponse parts plus inlineData parts${stream ? ' (stream)' : ''}`, async () => {
      await withProxy((u) => account('gemini', u), async (vendor, proxy) => {
        const r = await post(proxy, '/v1/messages', claudeCodeBody(stream));
        assert.equal(r.status, 200, await r.clone().text());
        await r.text();
        const sent = vendor.last();
        assert.equal(sent.refused, undefined);
        const last = sent.json.contents.at(-1);
        assert.equal(last.role, 'user');
        assert.deepEqual(last.parts.filter((p: any) => p.functionResponse).map((p: any) => p.functionResponse.name), ['Read', 'Read']);
        assert.deepEqual(last.parts.filter((p: any) => p.inlineData).map((p: any) => p.inlineData), [{ mimeType: 'image/png', data: PNG_A }, { mimeType: 'image/png', data: PNG_B }]);
      });
    });
  }

  test('anthropic → openai Responses-capable account: images inside function_call_output', async () => {
    await withProxy((u) => account('openai', `${u}/v1`, { responsesApi: true }), async (vendor, proxy) => {
      const r = await post(proxy, '/v1/messages', claudeCodeBody(false));
      assert.equal(r.status, 200, await r.text());
      assert.deepEqual(vendor.last().view?.images, [`data:image/png;base64,${PNG_A}`, `data:image/png;base64,${PNG_B}`]);
    });
  });

  test('anthropic → anthropic: passed through with the images', async () => {
    await withProxy((u) => account('anthropic', u), async (vendor, proxy) => {
      const r = await post(proxy, '/v1/messages', claudeCodeBody(false));
      assert.equal(r.status, 200, await r.text());
      assert.deepEqual(vendor.last().view?.images, [PNG_A, PNG_B]);
    });
  });
});

describe('image URLs to Gemini are fetched and inlined', () => {
  let images: Server;
  let base = '';
  const served: string[] = [];
  before(async () => {
    images = createServer((req, res) => {
      served.push(req.url ?? '');
      if (req.url === '/a.png') {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(Buffer.from(PNG_A, 'base64'));
      } else if (req.url === '/page') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html></html>');
      } else if (req.url === '/to-metadata') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        res.end();
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  });
  after(async () => {
    images.closeAllConnections();
    await new Promise<void>((resolve) => images.close(() => resolve()));
  });

  const chatWithImage = (url: string, stream = false) => ({
    model: 'client-model',
    stream,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'describe' }, { type: 'image_url', image_url: { url } }] }],
  });
  const allowLoopback: ProxyDeps = { imageFetch: { allowAddresses: ['127.0.0.1'] } };

  for (const stream of [false, true]) {
    test(`an OpenAI chat image URL reaches Gemini as inlineData${stream ? ' (stream)' : ''}`, async () => {
      await withProxy((u) => account('gemini', u), async (vendor, proxy) => {
        const r = await post(proxy, '/v1/chat/completions', chatWithImage(`${base}/a.png`, stream));
        assert.equal(r.status, 200, await r.clone().text());
        await r.text();
        const parts = vendor.last().json.contents[0].parts;
        assert.deepEqual(parts.find((p: any) => p.inlineData).inlineData, { mimeType: 'image/png', data: PNG_A });
      }, allowLoopback);
    });
  }

  test('an image URL inside an Anthropic tool result reaches Gemini inlined', async () => {
    await withProxy((u) => account('gemini', u), async (vendor, proxy) => {
      const urlImage = { type: 'image', source: { type: 'url', url: `${base}/a.png` } };
      const r = await post(proxy, '/v1/messages', claudeCodeBody(false, [urlImage, png(PNG_B)]));
      assert.equal(r.status, 200, await r.text());
      assert.deepEqual(vendor.last().view?.images, [PNG_A, PNG_B]);
    }, allowLoopback);
  });

  test('by default a loopback URL is refused with a 400 that says why, and nothing is sent', async () => {
    await withProxy((u) => account('gemini', u), async (vendor, proxy) => {
      const before = served.length;
      const r = await post(proxy, '/v1/chat/completions', chatWithImage(`${base}/a.png`));
      const body = (await r.json()) as any;
      assert.equal(r.status, 400);
      assert.match(body.error.message, /Image URL http:\/\/127\.0\.0\.1:\d+\/a\.png was refused: 127\.0\.0\.1 is a private, loopback, link-local or reserved address/);
      assert.equal(served.length, before, 'the image server was never contacted');
      assert.equal(vendor.requests.length, 0);
    });
  });

  test('a redirect into a link-local address, and a page that is not an image, are 400s that say why', async () => {
    await withProxy((u) => account('gemini', u), async (vendor, proxy) => {
      let r = await post(proxy, '/v1/messages', { model: 'client-model', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: `${base}/to-metadata` } }] }] });
      let body = (await r.json()) as any;
      assert.equal(r.status, 400);
      assert.equal(body.type, 'error');
      assert.match(body.error.message, /169\.254\.169\.254 is a private, loopback, link-local or reserved address/);
      r = await post(proxy, '/v1/chat/completions', chatWithImage(`${base}/page`));
      body = (await r.json()) as any;
      assert.equal(r.status, 400);
      assert.match(body.error.message, /its content type is text\/html, not an image/);
      assert.equal(vendor.requests.length, 0);
    }, allowLoopback);
  });
});
