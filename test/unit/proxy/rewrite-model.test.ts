import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rewriteModel } from '../../../src/proxy/dispatch/rewrite-model';
import { topLevelMembers } from '../../../src/proxy/dispatch/top-level-members';

const rw = (text: string, model: string) => rewriteModel(Buffer.from(text), JSON.parse(text), model).toString('utf8');

test('top-level members: keys decoded, nested values and strings skipped', () => {
  const text = ' {"a" : {"model":"x","b":[1,{"c":"]}"}]}, "mod\\u0065l":"m\\"\\\\", "n":-1.5e3 ,"t":true,"z":null} ';
  const ms = topLevelMembers(Buffer.from(text))!;
  assert.deepEqual(ms.map((m) => m.key), ['a', 'model', 'n', 't', 'z']);
  const model = ms[1]!;
  assert.equal(model.plainKey, false);
  assert.equal(text.slice(model.start, model.end), '"mod\\u0065l":"m\\"\\\\"');
  assert.deepEqual(topLevelMembers(Buffer.from('{}')), []);
  for (const bad of ['', '[1]', '{"a":1', '{"a" 1}', '{"a":"x}', '{"a":1}x', '"s"']) assert.equal(topLevelMembers(Buffer.from(bad)), undefined, bad);
});

test('rewrites only the top-level model, in place, whatever its escaping', () => {
  assert.equal(rw('{"metadata":{"model":"a"},"model":"a","x":1}', 'b'), '{"metadata":{"model":"a"},"model":"b","x":1}');
  assert.equal(rw('{"metadata":{"model":"a"},"mod\\u0065l":"a"}', 'b'), '{"metadata":{"model":"a"},"model":"b"}');
  assert.equal(rw('{"system":"\\"model\\":\\"a\\"","\\u006dodel" : "a"}', 'b'), '{"system":"\\"model\\":\\"a\\"","model":"b"}');
  assert.equal(rw('{"model":"caf\\u00e9","messages":[{"content":"ü"}]}', 'b'), '{"model":"b","messages":[{"content":"ü"}]}');
});

test('the same model with a plain key: the bytes go out untouched; an escaped key is written plainly', () => {
  const raw = Buffer.from('{"model":"a", "x":1}');
  assert.equal(rewriteModel(raw, JSON.parse(raw.toString()), 'a'), raw);
  assert.equal(rw('{"mod\\u0065l":"a"}', 'a'), '{"model":"a"}');
});

test('a repeated top-level model is re-serialised from the parsed object (one model, the decided one)', () => {
  const out = JSON.parse(rw('{"model":"a","x":1,"model":"c"}', 'c'));
  assert.deepEqual(out, { model: 'c', x: 1 });
  assert.equal(rw('{"model":"a","mod\\u0065l":"c"}', 'b'), '{"model":"b"}');
});
