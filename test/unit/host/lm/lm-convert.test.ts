import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LmStreamDecoder, toLmRequest, type LmFactory } from '../../../../src/host/lm/lm-convert';
import { emptyRequest, type IrRequest } from '../../../../src/translate/ir';
import { collectIrResponse } from '../../../../src/translate/ir/collect';
import { NormalizeIrStream } from '../../../../src/translate/codecs/shared/normalize-stream';
import { runStage } from '../../../../src/translate/codecs/shared/stage';

/** Plain objects standing in for vscode.LanguageModel* classes. */
type P = { text: string } | { call: string; name: string; input: object } | { result: string; content: P[] };
type M = { role: 'user' | 'assistant'; parts: P[] };
const F: LmFactory<M, P> = {
  text: (text) => ({ text }),
  toolCall: (call, name, input) => ({ call, name, input }),
  toolResult: (result, content) => ({ result, content }),
  user: (parts) => ({ role: 'user', parts }),
  assistant: (parts) => ({ role: 'assistant', parts }),
};

function req(patch: Partial<IrRequest>): IrRequest {
  return { ...emptyRequest('gpt-4o'), ...patch };
}

test('system text is folded into the first user message; mid-conversation system into the next user turn', () => {
  const out = toLmRequest(req({
    system: [{ type: 'text', text: 'You are terse.' }, { type: 'text', text: 'Answer in German.' }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'hmm', signature: 's' }, { type: 'text', text: 'Hallo' }] },
      { role: 'system', content: [{ type: 'text', text: 'Be nice.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
    ],
  }), F);
  assert.deepEqual(out.messages, [
    { role: 'user', parts: [{ text: 'You are terse.\n\nAnswer in German.' }, { text: 'Hi' }] },
    { role: 'assistant', parts: [{ text: 'Hallo' }] },
    { role: 'user', parts: [{ text: 'Be nice.' }, { text: 'Thanks' }] },
  ]);
  assert.deepEqual(out.tools, []);
  assert.equal(out.toolMode, undefined);
});

test('a system prompt with no user message still leads; an assistant-first history gets a user turn before it', () => {
  assert.deepEqual(toLmRequest(req({ system: [{ type: 'text', text: 'S' }] }), F).messages, [{ role: 'user', parts: [{ text: 'S' }] }]);
  const out = toLmRequest(req({ system: [{ type: 'text', text: 'S' }], messages: [{ role: 'assistant', content: [{ type: 'text', text: 'A' }] }] }), F);
  assert.deepEqual(out.messages, [{ role: 'user', parts: [{ text: 'S' }] }, { role: 'assistant', parts: [{ text: 'A' }] }]);
});

test('tool calls and results: calls on the assistant, results first in the user turn, parallel ones merged', () => {
  const out = toLmRequest(req({
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Berlin and Paris?' }] },
      { role: 'assistant', content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', id: 'call_1', name: 'weather', input: { city: 'Berlin' } },
        { type: 'tool-call', id: 'call_2', name: 'weather', input: { city: 'Paris' } },
      ] },
      { role: 'user', content: [{ type: 'tool-result', callId: 'call_1', content: [{ type: 'text', text: '12°C' }] }] },
      { role: 'user', content: [
        { type: 'text', text: 'and?' },
        { type: 'tool-result', callId: 'call_2', content: [{ type: 'image', source: { kind: 'url', url: 'http://x' } }], isError: true },
      ] },
    ],
    tools: [{ name: 'weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
  }), F);
  assert.deepEqual(out.messages, [
    { role: 'user', parts: [{ text: 'Weather in Berlin and Paris?' }] },
    { role: 'assistant', parts: [{ text: 'Checking.' }, { call: 'call_1', name: 'weather', input: { city: 'Berlin' } }, { call: 'call_2', name: 'weather', input: { city: 'Paris' } }] },
    { role: 'user', parts: [
      { result: 'call_1', content: [{ text: '12°C' }] },
      { result: 'call_2', content: [{ text: '[tool error]' }, { text: '[image omitted: VS Code language models accept text only]' }] },
      { text: 'and?' },
    ] },
  ]);
  assert.deepEqual(out.tools, [{ name: 'weather', description: 'Current weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }]);
  assert.equal(out.toolMode, 'auto');
  assert.match(out.notes.join(), /image in a tool result/);
});

test('tool choice: required, a named tool (only that one offered), none (no tools); unsupported knobs are noted', () => {
  const tools = [{ name: 'a', parameters: {} }, { name: 'b', description: 'B', parameters: {} }];
  assert.equal(toLmRequest(req({ tools, toolChoice: { type: 'required' } }), F).toolMode, 'required');
  const named = toLmRequest(req({ tools, toolChoice: { type: 'tool', name: 'b' } }), F);
  assert.deepEqual([named.tools.map((t) => t.name), named.toolMode], [['b'], 'required']);
  const none = toLmRequest(req({ tools, toolChoice: { type: 'none' }, temperature: 0.2, maxTokens: 100 }), F);
  assert.deepEqual([none.tools, none.toolMode], [[], undefined]);
  assert.match(none.notes.join(' | '), /tool_choice none/);
  assert.match(none.notes.join(' | '), /ignored: temperature, max_tokens/);
  const img = toLmRequest(req({ messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AA' } }, { type: 'text', text: 'what is it?' }] }] }), F);
  assert.deepEqual(img.messages[0]!.parts, [{ text: '[image omitted: VS Code language models accept text only]' }, { text: 'what is it?' }]);
});

test('response parts become a well-formed IR stream: text, a tool call, text again; unknown parts skipped', () => {
  const d = new LmStreamDecoder('copilot-gpt-4o', 'msg_1');
  const events = [
    ...d.part({ value: 'Let me ' }), ...d.part({ value: 'check.' }), ...d.part({ value: '' }),
    ...d.part({ callId: 'tc1', name: 'weather', input: { city: 'Berlin' } }),
    ...d.part({ some: 'future part' }), ...d.part(null),
    ...d.part({ value: 'Done.' }),
    ...d.end(),
  ];
  assert.deepEqual(events.map((e) => e.type), [
    'message-start', 'text-start', 'text-delta', 'text-delta', 'text-end', 'tool-call',
    'text-start', 'text-delta', 'text-end', 'finish',
  ]);
  // Through the core's normalizer the call is framed exactly once.
  const normalized = runStage(new NormalizeIrStream(), events);
  assert.equal(normalized.filter((e) => e.type === 'tool-input-start').length, 1);
  assert.equal(normalized.filter((e) => e.type === 'tool-call').length, 1);
  const r = collectIrResponse(events);
  assert.deepEqual(r.content, [
    { type: 'text', text: 'Let me check.' },
    { type: 'tool-call', id: 'tc1', name: 'weather', input: { city: 'Berlin' } },
    { type: 'text', text: 'Done.' },
  ]);
  assert.equal(r.finishReason, 'tool_calls');
  assert.equal(r.model, 'copilot-gpt-4o');
  const empty = new LmStreamDecoder('m', 'x');
  assert.deepEqual(empty.end().map((e) => e.type), ['message-start', 'finish']);
});

test('tool_choice naming a tool that is not offered falls back to auto with every tool (and a note)', () => {
  const tools = [{ name: 'a', parameters: {} }, { name: 'b', parameters: {} }];
  const r = toLmRequest(req({ tools, toolChoice: { type: 'tool', name: 'missing' } }), F);
  assert.deepEqual([r.tools.map((t) => t.name), r.toolMode], [['a', 'b'], 'auto']);
  assert.match(r.notes.join(' | '), /"missing", which is not among the tools/);
});

test('a turn left empty after filtering (reasoning only) does not leave two user messages in a row', () => {
  const r = toLmRequest(req({ messages: [
    { role: 'user', content: [{ type: 'text', text: 'one' }] },
    { role: 'assistant', content: [{ type: 'reasoning', text: 'thinking…' }] },
    { role: 'user', content: [{ type: 'text', text: 'two' }] },
  ] }), F);
  assert.deepEqual(r.messages, [{ role: 'user', parts: [{ text: 'one' }, { text: 'two' }] }]);
});
