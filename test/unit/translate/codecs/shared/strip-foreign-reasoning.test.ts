import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GEMINI_SIGNATURE_PLACEHOLDER, stripForeignReasoning } from '../../../../../src/translate/codecs/shared/strip-foreign-reasoning';

const deepFreeze = <T>(o: T): T => {
  if (o && typeof o === 'object') {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
};

describe('stripForeignReasoning', () => {
  it('anthropic: drops thinking / redacted_thinking and signatures from assistant turns only', () => {
    const body = deepFreeze({
      model: 'claude-sonnet-4-5',
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }, { type: 'thinking', thinking: 'user-supplied', signature: 'keep' }] },
        { role: 'assistant', content: [
          { type: 'thinking', thinking: 'hmm', signature: 'sig-a' },
          { type: 'redacted_thinking', data: 'xx' },
          { type: 'text', text: 'answer', signature: 'stray' },
        ] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'only', signature: 's' }] },
        { role: 'user', content: 'next' },
      ],
    });
    const out = stripForeignReasoning('anthropic', body);
    assert.deepEqual(out.messages, [
      body.messages[0],
      { role: 'assistant', content: [{ type: 'text', text: 'answer' }] },
      { role: 'user', content: 'next' },
    ]);
    assert.deepEqual(out.thinking, body.thinking, 'no tool loop in progress: thinking stays on');
  });

  it('anthropic: a tool loop whose last assistant turn lost its thinking turns thinking off', () => {
    const body = {
      thinking: { type: 'adaptive' },
      messages: [
        { role: 'user', content: 'run ls' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 's' }, { type: 'tool_use', id: 't1', name: 'bash', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'a.txt' }] },
      ],
    };
    const out = stripForeignReasoning('anthropic', body);
    assert.equal('thinking' in out, false);
    assert.deepEqual(out.messages[1], { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'bash', input: {} }] });
    assert.deepEqual(body.thinking, { type: 'adaptive' }, 'input not mutated');
  });

  it('gemini: drops thought parts, removes signatures, placeholder on function calls; user turns untouched', () => {
    const body = deepFreeze({
      contents: [
        { role: 'user', parts: [{ text: 'q', thoughtSignature: 'user-sig' }] },
        { role: 'model', parts: [
          { text: 'thinking...', thought: true, thoughtSignature: 'sig1' },
          { text: 'answer', thoughtSignature: 'sig2' },
          { functionCall: { name: 'ls', args: {} }, thoughtSignature: 'sig3' },
          { functionCall: { name: 'pwd', args: {} } },
        ] },
        { role: 'model', parts: [{ text: 'only thoughts', thought: true }] },
      ],
    });
    const out = stripForeignReasoning('gemini', body);
    assert.deepEqual(out.contents, [
      body.contents[0],
      { role: 'model', parts: [
        { text: 'answer' },
        { functionCall: { name: 'ls', args: {} }, thoughtSignature: GEMINI_SIGNATURE_PLACEHOLDER },
        { functionCall: { name: 'pwd', args: {} } },
      ] },
    ]);
  });

  it('openai-responses: drops reasoning items and encrypted_content', () => {
    const body = deepFreeze({
      input: [
        { role: 'user', content: 'q' },
        { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAA' },
        { type: 'function_call', call_id: 'c1', name: 'ls', arguments: '{}', encrypted_content: 'x' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'a' }] },
      ],
      include: ['reasoning.encrypted_content'],
    });
    const out = stripForeignReasoning('openai-responses', body);
    assert.deepEqual(out.input, [
      body.input[0],
      { type: 'function_call', call_id: 'c1', name: 'ls', arguments: '{}' },
      body.input[3],
    ]);
    assert.deepEqual(out.include, body.include);
  });

  it('openai-chat: drops reasoning fields from assistant messages', () => {
    const body = deepFreeze({ messages: [
      { role: 'user', content: 'q', reasoning_content: 'user field stays' },
      { role: 'assistant', content: 'a', reasoning_content: 'r', reasoning_details: [{ type: 'reasoning.encrypted', data: 'x' }] },
    ] });
    const out = stripForeignReasoning('openai-chat', body);
    assert.deepEqual(out.messages, [body.messages[0], { role: 'assistant', content: 'a' }]);
  });

  it('bodies without history come back equal', () => {
    assert.deepEqual(stripForeignReasoning('gemini', { contents: 'weird' }), { contents: 'weird' });
    assert.deepEqual(stripForeignReasoning('openai-responses', { input: 'hi' }), { input: 'hi' });
  });
});
