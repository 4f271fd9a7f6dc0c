import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProxyError } from '../../../../src/core/errors';
import { collectIrResponse } from '../../../../src/translate/ir/collect';
import type { IrStreamEvent } from '../../../../src/translate/ir';

test('a well-formed stream becomes one response: text, reasoning with signature, parallel tool calls, usage', () => {
  const events: IrStreamEvent[] = [
    { type: 'message-start', id: 'msg_1', model: 'gpt-4o', usage: { inputTokens: 12 } },
    { type: 'reasoning-start', id: 'r' }, { type: 'reasoning-delta', id: 'r', delta: 'think' }, { type: 'reasoning-end', id: 'r', signature: 'sig' },
    { type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: 'Hel' }, { type: 'text-delta', id: 't', delta: 'lo' }, { type: 'text-end', id: 't' },
    { type: 'tool-input-start', id: 'a', callId: 'call_a', name: 'read' }, { type: 'tool-input-delta', id: 'a', delta: '{"path":' },
    { type: 'tool-input-delta', id: 'a', delta: '"x"}' }, { type: 'tool-input-end', id: 'a' }, { type: 'tool-call', id: 'a', callId: 'call_a', name: 'read', arguments: '{"path":"x"}' },
    { type: 'tool-call', id: 'b', callId: 'call_b', name: 'ls', arguments: '' },
    { type: 'usage', usage: { outputTokens: 7 } },
    { type: 'finish', reason: 'tool_calls', usage: { inputTokens: 12, outputTokens: 0 } },
  ];
  assert.deepEqual(collectIrResponse(events), {
    id: 'msg_1', model: 'gpt-4o',
    content: [
      { type: 'reasoning', text: 'think', signature: 'sig' },
      { type: 'text', text: 'Hello' },
      { type: 'tool-call', id: 'call_a', name: 'read', input: { path: 'x' } },
      { type: 'tool-call', id: 'call_b', name: 'ls', input: {} },
    ],
    finishReason: 'tool_calls',
    usage: { inputTokens: 12, outputTokens: 7 },
  });
});

test('loose streams: deltas without starts, text split by a tool call, no finish, defaults', () => {
  const r = collectIrResponse([
    { type: 'text-delta', id: '0', delta: 'a' },
    { type: 'tool-call', id: '1', callId: 'c1', name: 'f', arguments: 'not json' },
    { type: 'text-delta', id: '2', delta: 'b' },
    { type: 'tool-input-start', id: '3', callId: 'c3', name: 'g' },
    { type: 'tool-input-delta', id: '3', delta: '{"k":1}' },
  ], { id: 'dflt', model: 'm' });
  assert.equal(r.id, 'dflt');
  assert.equal(r.model, 'm');
  assert.deepEqual(r.content, [
    { type: 'text', text: 'a' },
    { type: 'tool-call', id: 'c1', name: 'f', input: { _raw: 'not json' } },
    { type: 'text', text: 'b' },
    { type: 'tool-call', id: 'c3', name: 'g', input: { k: 1 } },
  ]);
  assert.equal(r.finishReason, 'tool_calls', 'an unterminated stream with calls ends in tool_calls');
  assert.equal(collectIrResponse([]).finishReason, 'other');
  assert.deepEqual(collectIrResponse([{ type: 'text-start', id: 'x' }, { type: 'finish', reason: 'length', usage: { inputTokens: 1, outputTokens: 2 } }]).content, []);
});

test('events after finish are ignored; an error event throws a ProxyError with its status', () => {
  const r = collectIrResponse([{ type: 'text-delta', id: 't', delta: 'x' }, { type: 'finish', reason: 'stop', usage: { inputTokens: 0, outputTokens: 0 }, stopSequence: 'END' }, { type: 'text-delta', id: 't', delta: 'y' }]);
  assert.deepEqual(r.content, [{ type: 'text', text: 'x' }]);
  assert.equal(r.stopSequence, 'END');
  assert.throws(() => collectIrResponse([{ type: 'error', message: 'quota', status: 429 }]), (e: unknown) => e instanceof ProxyError && e.status === 429 && e.kind === 'rate_limit' && e.retryable);
  assert.throws(() => collectIrResponse([{ type: 'error', message: 'boom' }]), (e: unknown) => e instanceof ProxyError && e.status === 502);
});
