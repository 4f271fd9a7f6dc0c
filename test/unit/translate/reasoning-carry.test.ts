/**
 * Issue 17: signatures are stamped with their origin (account × model family) and admitted only
 * back to it; the reasoning memory restores what a client dropped, bounded; cache breakpoints
 * stay within Anthropic's limit; passthrough bodies lose only the proxy's own tags.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { admitOrigin, modelFamily, signatureOrigin, stampOrigin, untagSignature } from '../../../src/translate/codecs/shared/signature';
import { admitRequest, stampResponse } from '../../../src/translate/reasoning-carry';
import { LruReasoningMemory } from '../../../src/upstream/reasoning-memory';
import { addCacheBreakpoints, MAX_CACHE_BREAKPOINTS } from '../../../src/translate/codecs/anthropic/cache-breakpoints';
import { stripProxySignatures } from '../../../src/translate/codecs/shared/strip-foreign-reasoning';
import { emptyRequest, type IrResponse } from '../../../src/translate/ir';

describe('signature origins', () => {
  it('families: a Claude is a Claude, Gemini generations differ', () => {
    assert.equal(modelFamily('claude-sonnet-4-5-20250929'), 'claude');
    assert.equal(modelFamily('claude-opus-4-1'), 'claude');
    assert.equal(modelFamily('gemini-3-pro-preview'), 'gemini-3');
    assert.equal(modelFamily('models/gemini-2.5-flash'), 'gemini-2');
    assert.equal(modelFamily('glm-4.6'), 'glm');
  });

  it('stamped on the way out, admitted only by the same account and family', () => {
    const a = signatureOrigin('acct-a', 'claude-sonnet-4-5');
    assert.equal(signatureOrigin('acct-a', 'claude-opus-4-1'), a, 'same family');
    assert.notEqual(signatureOrigin('acct-b', 'claude-sonnet-4-5'), a, 'other account');
    assert.notEqual(signatureOrigin('acct-a', 'glm-4.6'), a, 'other family');
    const stamped = stampOrigin('ag:a:SIG+/=', a)!;
    assert.equal(stamped, `ag:a:${a}:SIG+/=`);
    assert.equal(admitOrigin(stamped, a), 'ag:a:SIG+/=');
    assert.equal(untagSignature('anthropic', admitOrigin(stamped, a)), 'SIG+/=');
    assert.equal(admitOrigin(stamped, signatureOrigin('acct-b', 'claude-sonnet-4-5')), undefined, 'dropped, not rewritten');
    assert.equal(admitOrigin('ag:a:SIG', a), undefined, 'a tag without origin is foreign');
    assert.equal(untagSignature('anthropic', stamped), undefined, 'a stamp never reaches a vendor as a signature');
    assert.equal(admitOrigin('native-untagged', a), 'native-untagged', 'untagged values are left to the encoders');
  });

  it('an answer is stamped and remembered by tool call; a client that dropped it gets it back', () => {
    const memory = new LruReasoningMemory();
    const ctx = { upstreamModel: 'gemini-3-pro-preview', accountId: 'g', sessionKey: 's1', reasoningMemory: memory };
    const r: IrResponse = {
      id: 'x', model: 'm', finishReason: 'tool_calls', usage: { inputTokens: 1, outputTokens: 1 },
      content: [{ type: 'reasoning', text: 'hmm', signature: 'ag:g:GSIG' }, { type: 'tool-call', id: 'call_1', name: 'f', input: {} }],
    };
    stampResponse(r, ctx);
    const origin = signatureOrigin('g', 'gemini-3-pro-preview');
    assert.equal((r.content[0] as { signature: string }).signature, `ag:g:${origin}:GSIG`);
    const ir = emptyRequest('m');
    ir.messages = [
      { role: 'user', content: [{ type: 'text', text: 'go' }] },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'hmm' }, { type: 'tool-call', id: 'call_1', name: 'f', input: {} }] },
    ];
    admitRequest(ir, ctx);
    assert.deepEqual(ir.messages[1]!.content[0], { type: 'reasoning', text: 'hmm', signature: 'ag:g:GSIG' });
    const other = emptyRequest('m');
    other.messages = [{ role: 'assistant', content: [{ type: 'tool-call', id: 'call_1', name: 'f', input: {} }] }];
    admitRequest(other, { ...ctx, sessionKey: 's2' });
    assert.equal(other.messages[0]!.content.length, 1, 'another session reads nothing');
    const elsewhere = emptyRequest('m');
    elsewhere.messages = [{ role: 'assistant', content: [{ type: 'tool-call', id: 'call_1', name: 'f', input: {} }] }];
    admitRequest(elsewhere, { ...ctx, accountId: 'another' });
    assert.deepEqual(elsewhere.messages[0]!.content[0], { type: 'reasoning', text: 'hmm' }, 'the text comes back, the signature does not');
  });

  it('the memory is bounded, least recently used out first', () => {
    const m = new LruReasoningMemory(3);
    for (const id of ['a', 'b', 'c']) m.remember('s', id, [{ type: 'reasoning', text: id }]);
    m.recall('s', 'a');
    m.remember('s', 'd', [{ type: 'reasoning', text: 'd' }]);
    assert.equal(m.size, 3);
    assert.equal(m.recall('s', 'b'), undefined);
    assert.ok(m.recall('s', 'a') && m.recall('s', 'c') && m.recall('s', 'd'));
  });
});

describe('cache breakpoints', () => {
  const body = () => ({
    tools: [{ name: 'a', input_schema: {} }, { name: 'b', input_schema: {} }],
    system: 'rules',
    messages: [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 's' }, { type: 'tool_use', id: 't1', name: 'a', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok' }] },
    ],
  });

  it('last tool, system, and the last stable turn (never a thinking block)', () => {
    const b: any = body();
    assert.equal(addCacheBreakpoints(b), 3);
    assert.deepEqual(b.tools[1].cache_control, { type: 'ephemeral' });
    assert.equal(b.tools[0].cache_control, undefined);
    assert.deepEqual(b.system, [{ type: 'text', text: 'rules', cache_control: { type: 'ephemeral' } }]);
    assert.equal(b.messages[1].content[0].cache_control, undefined);
    assert.deepEqual(b.messages[1].content[1].cache_control, { type: 'ephemeral' });
    assert.equal(b.messages[2].content[0].cache_control, undefined, 'the newest user turn changes every request');
  });

  it(`never more than ${MAX_CACHE_BREAKPOINTS} in all`, () => {
    const b: any = body();
    b.messages[0].content = [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }];
    b.messages[2].content[0].cache_control = { type: 'ephemeral' };
    assert.equal(addCacheBreakpoints(b), 2);
    assert.equal(JSON.stringify(b).split('cache_control').length - 1, MAX_CACHE_BREAKPOINTS);
  });
});

describe('passthrough keeps the vendor’s own reasoning, drops the proxy’s tags', () => {
  it('anthropic: tagged thinking goes, native stays; thinking off when the final tool turn lost it', () => {
    const out: any = stripProxySignatures('anthropic', {
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'mine', signature: 'NATIVE' }, { type: 'tool_use', id: 'a', name: 'f', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: 'ok' }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: '', signature: 'ag:g:abc:GSIG' }, { type: 'tool_use', id: 'b', name: 'f', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'b', content: 'ok' }] },
      ],
    });
    assert.equal(out.messages[1].content[0].signature, 'NATIVE');
    assert.deepEqual(out.messages[3].content.map((b: any) => b.type), ['tool_use']);
    assert.equal(out.thinking, undefined);
  });

  it('gemini: tagged thoughts go, a tagged call signature becomes the placeholder, native stays', () => {
    const out: any = stripProxySignatures('gemini', {
      contents: [
        { role: 'user', parts: [{ text: 'go' }] },
        { role: 'model', parts: [{ text: 'x', thought: true, thoughtSignature: 'ag:a:abc:S' }, { functionCall: { name: 'f', args: {} }, thoughtSignature: 'ag:g:abc:T' }] },
        { role: 'user', parts: [{ functionResponse: { name: 'f', response: {} } }] },
        { role: 'model', parts: [{ functionCall: { name: 'f', args: {} }, thoughtSignature: 'NATIVE' }] },
      ],
    });
    assert.deepEqual(out.contents[1].parts, [{ functionCall: { name: 'f', args: {} }, thoughtSignature: 'skip_thought_signature_validator' }]);
    assert.equal(out.contents[3].parts[0].thoughtSignature, 'NATIVE');
  });
});
