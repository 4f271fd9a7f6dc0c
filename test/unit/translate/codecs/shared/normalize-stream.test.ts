import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NormalizeIrStream } from '../../../../../src/translate/codecs/shared/normalize-stream';
import { runStage } from '../../../../../src/translate/codecs/shared/stage';
import type { IrStreamEvent } from '../../../../../src/translate/ir';

const toolCall: IrStreamEvent[] = [
  { type: 'message-start' },
  { type: 'tool-input-start', id: 't1', callId: 'call_1', name: 'weather' },
  { type: 'tool-input-delta', id: 't1', delta: '{"city":"Paris"}' },
  { type: 'tool-input-end', id: 't1' },
  { type: 'tool-call', id: 't1', callId: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
  { type: 'finish', reason: 'tool_calls', usage: { inputTokens: 1, outputTokens: 1 } },
];

test('a tool call framed by start/delta/end and then announced is emitted once', () => {
  const out = runStage(new NormalizeIrStream(), toolCall);
  assert.equal(out.filter((e) => e.type === 'tool-input-start').length, 1);
  assert.equal(out.filter((e) => e.type === 'tool-call').length, 1);
});

test('normalizing is idempotent', () => {
  const once = runStage(new NormalizeIrStream(), toolCall);
  const twice = runStage(new NormalizeIrStream(), once);
  assert.deepEqual(twice, once);
});

test('a bare tool-call still gets its block synthesized', () => {
  const out = runStage(new NormalizeIrStream(), [{ type: 'tool-call', id: 'x', callId: 'c', name: 'n', arguments: '{}' }]);
  assert.deepEqual(out.map((e) => e.type), ['message-start', 'tool-input-start', 'tool-input-delta', 'tool-input-end', 'tool-call', 'finish']);
});
