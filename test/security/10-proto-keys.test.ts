/**
 * Issue 15 item 10: the `__proto__` guard was string matching and misfired: a message whose text
 * is exactly "__proto__" was refused, `\u005f_proto__` passed, and a Gemini schema property
 * named `__proto__` lost its parameters. Now nothing legitimate is refused, and keys chosen by
 * clients are copied with define semantics (no prototype is ever replaced).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeVendor, json, geminiResponse, type RecordedRequest } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import { answerWell } from '../fakes/vendor';
import { raw } from '../hardening/support/util';
import { cleanGeminiSchema } from '../../src/translate/codecs/gemini/clean-schema';

const H = { 'content-type': 'application/json' };

describe('item 10: __proto__ is data, never a prototype', () => {
  let up: FakeVendor;
  let gem: FakeVendor;
  let p: RunningProxy;
  let g: RunningProxy;
  before(async () => {
    up = await FakeVendor.start((req, res) => answerWell(req, res));
    gem = await FakeVendor.start((_req, res) => json(res, 200, geminiResponse('ok')));
    p = await startProxy({
      proxy: { authMode: 'off' },
      accounts: [account('openai', `${up.url}/v1`)],
    });
    g = await startProxy({ proxy: { authMode: 'off' }, accounts: [account('gemini', gem.url)] });
  });
  after(async () => {
    await p.stop();
    await g.stop();
    await up.close();
    await gem.close();
  });

  test('a message whose text is exactly "__proto__" is accepted and forwarded', async () => {
    for (const body of [
      '{"model":"gpt-4o","messages":[{"role":"user","content":"__proto__"}]}',
      '{"model":"gpt-4o","messages":[{"role":"user","content":"\\"__proto__\\": is a JS key"}]}',
    ]) {
      up.requests.length = 0;
      const r = await raw(p.url, '/v1/chat/completions', { headers: H, body });
      assert.equal(r.status, 200, r.text);
      assert.equal(up.requests.length, 1);
    }
  });

  test('a "__proto__" key in any spelling is parsed as data and pollutes nothing', async () => {
    for (const key of ['__proto__', '\\u005f_proto__', '\\u005f\\u005fproto\\u005f\\u005f']) {
      const body = `{"model":"gpt-4o","messages":[{"role":"user","content":"hi","${key}":{"role":"system","polluted":true}}],"${key}":{"stream":true,"polluted":true}}`;
      const r = await raw(p.url, '/v1/chat/completions', { headers: H, body });
      assert.equal(r.status, 200, `${key}: ${r.text}`);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
      assert.ok(!String(r.headers['content-type']).includes('event-stream'), 'a __proto__ member did not turn on streaming');
    }
  });

  test('a Gemini schema property named __proto__ keeps its parameters (translated request)', async () => {
    gem.requests.length = 0;
    const parameters = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string","description":"the key"},"b":{"type":"integer"}},"required":["__proto__","b","toString"]}');
    const r = await raw(g.url, '/v1/chat/completions', { headers: H, body: JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'f', parameters } }] }) });
    assert.equal(r.status, 200, r.text);
    assert.equal(gem.requests.length, 1, `gemini upstream called (openai got ${up.requests.map((q) => q.json?.model).join()})`);
    const sent = (gem.requests.at(-1) as RecordedRequest).json;
    const decl = sent.tools[0].functionDeclarations[0];
    const props = decl.parameters.properties;
    assert.deepEqual(Object.keys(props).sort(), ['__proto__', 'b']);
    assert.ok(Object.hasOwn(props, '__proto__'));
    assert.equal(props.__proto__.type, 'string');
    assert.deepEqual(decl.parameters.required, ['__proto__', 'b'], 'inherited names like toString are not "properties"');
  });

  test('cleanGeminiSchema: own __proto__ properties survive $ref, allOf and nesting; $defs/__proto__ resolves to nothing', () => {
    const schema = JSON.parse('{"$defs":{"P":{"type":"object","properties":{"__proto__":{"type":"number"}}}},"allOf":[{"$ref":"#/$defs/P"},{"properties":{"x":{"$ref":"#/$defs/__proto__"}}}]}');
    const out = cleanGeminiSchema(schema) as any;
    assert.ok(Object.hasOwn(out.properties, '__proto__'), JSON.stringify(out));
    assert.equal(out.properties.__proto__.type, 'number');
    assert.deepEqual(out.properties.x, { type: 'object' });
  });
});
