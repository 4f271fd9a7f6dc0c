import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveSessionKey, firstUserText, sessionFromUserId } from '../../../src/upstream/session-key';

describe('deriveSessionKey', () => {
  const body = { messages: [{ role: 'user', content: 'hi' }] };
  it('Claude Code session header first', () => {
    assert.equal(deriveSessionKey('anthropic', { 'x-claude-code-session-id': 'abc' }, { ...body, metadata: { user_id: 'u' } }), 'session:abc');
  });
  it('metadata.user_id as a JSON string: session_id preferred over device_id', () => {
    const userId = JSON.stringify({ device_id: 'dev1', account_uuid: '', session_id: 'sess-1' });
    assert.equal(deriveSessionKey('anthropic', {}, { ...body, metadata: { user_id: userId } }), 'session:sess-1');
    assert.equal(sessionFromUserId(JSON.stringify({ device_id: 'dev1' })), 'device:dev1');
    assert.equal(sessionFromUserId('user_abc_account__session_1234-5678'), '1234-5678');
    assert.equal(sessionFromUserId('plain'), 'plain');
  });
  it('header and metadata name the same session the same way', () => {
    const viaHeader = deriveSessionKey('anthropic', { 'x-claude-code-session-id': 's9' }, body);
    const viaMeta = deriveSessionKey('anthropic', {}, { ...body, metadata: { user_id: JSON.stringify({ session_id: 's9' }) } });
    assert.equal(viaHeader, viaMeta);
  });
  it('prompt_cache_key, then user, then x-session-affinity', () => {
    assert.equal(deriveSessionKey('openai-responses', {}, { prompt_cache_key: 'pck', user: 'u' }), 'cache:pck');
    assert.equal(deriveSessionKey('openai-chat', { 'x-session-affinity': 'aff' }, { user: 'u' }), 'user:u');
    assert.equal(deriveSessionKey('openai-chat', { 'X-Session-Affinity': 'aff' }, body), 'affinity:aff');
  });
  it('falls back to a stable hash of the first user message and the requester, per dialect', () => {
    const ip = '127.0.0.1';
    const a = deriveSessionKey('anthropic', {}, { messages: [{ role: 'system', content: 's' }, { role: 'user', content: [{ type: 'text', text: 'fix the bug' }] }, { role: 'assistant', content: 'ok' }] }, ip);
    const b = deriveSessionKey('openai-chat', {}, { messages: [{ role: 'user', content: 'fix the bug' }, { role: 'user', content: 'later' }] }, ip);
    const c = deriveSessionKey('gemini', {}, { contents: [{ role: 'user', parts: [{ text: 'fix the bug' }] }] }, ip);
    const d = deriveSessionKey('openai-responses', {}, { input: [{ role: 'developer', content: 'x' }, { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'fix the bug' }] }] }, ip);
    const e = deriveSessionKey('openai-responses', {}, { input: 'fix the bug' }, ip);
    assert.match(a ?? '', /^first:anthropic:[0-9a-f]{32}$/);
    // The same words from different clients are different sessions; the hash part is the same.
    const hash = (k: string | undefined) => k?.split(':').at(-1);
    assert.deepEqual([b, c, d, e].map(hash), [a, a, a, a].map(hash));
    assert.deepEqual([b, c, d].map((k) => k?.split(':')[1]), ['openai-chat', 'gemini', 'openai-responses']);
    assert.equal(d, e);
    assert.notEqual(deriveSessionKey('openai-chat', {}, { messages: [{ role: 'user', content: 'other' }] }, ip), a);
  });
  it('the first message is never a key alone: another credential or address is another session', () => {
    const hi = { messages: [{ role: 'user', content: 'hi' }] };
    assert.equal(deriveSessionKey('openai-chat', {}, hi), undefined);
    const one = deriveSessionKey('openai-chat', { authorization: 'Bearer sk-client-one' }, hi, '127.0.0.1');
    const two = deriveSessionKey('openai-chat', { authorization: 'Bearer sk-client-two' }, hi, '127.0.0.1');
    const elsewhere = deriveSessionKey('openai-chat', { authorization: 'Bearer sk-client-one' }, hi, '10.0.0.7');
    assert.ok(one && two && elsewhere);
    assert.equal(new Set([one, two, elsewhere]).size, 3);
    assert.equal(deriveSessionKey('openai-chat', { authorization: 'Bearer sk-client-one' }, hi, '127.0.0.1'), one);
  });
  it('Codex session headers and the Gemini CLI install id', () => {
    assert.equal(deriveSessionKey('openai-responses', { session_id: 'c-1' }, { prompt_cache_key: 'pck' }), 'session:c-1');
    assert.equal(deriveSessionKey('openai-responses', { conversation_id: 'c-2' }, {}), 'session:c-2');
    const g = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
    const i1 = deriveSessionKey('gemini', { 'x-gemini-api-privileged-user-id': 'install-1' }, g);
    const i2 = deriveSessionKey('gemini', { 'x-gemini-api-privileged-user-id': 'install-2' }, g);
    assert.ok(i1 && i2 && i1 !== i2);
  });
  it('nothing to go on → undefined', () => {
    assert.equal(deriveSessionKey('gemini', {}, {}), undefined);
    assert.equal(firstUserText('anthropic', { messages: 'nope' }), '');
  });
});
