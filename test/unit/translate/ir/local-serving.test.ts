/**
 * vscode-lm through the real server with a fake LocalProvider: every client dialect, stream and
 * JSON, tool calls, estimated usage in the monitor, failover before the first event, errors
 * after it, count_tokens, /v1/models. (The VS Code side is unit-tested in test/unit/host.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMonitor } from '../../../../src/monitor/monitor';
import type { AccountConfig } from '../../../../src/core/config';
import type { IrRequest, IrStreamEvent } from '../../../../src/translate/ir';
import type { LocalProvider } from '../../../../src/upstream/local-provider';
import { startProxy, type RunningProxy } from '../../../support/proxy-harness';

type Script = (ir: IrRequest, account: AccountConfig, signal: AbortSignal) => AsyncIterable<IrStreamEvent>;

const answer = (text: string, call?: { name: string; args: object }): Script => async function* () {
  yield { type: 'message-start', id: 'msg_x', model: 'gpt-4o' };
  yield { type: 'text-start', id: 't0' };
  for (const piece of text.match(/.{1,4}/g) ?? []) yield { type: 'text-delta', id: 't0', delta: piece };
  yield { type: 'text-end', id: 't0' };
  if (call) {
    const args = JSON.stringify(call.args);
    yield { type: 'tool-input-start', id: 'c1', callId: 'call_1', name: call.name };
    yield { type: 'tool-input-delta', id: 'c1', delta: args };
    yield { type: 'tool-call', id: 'c1', callId: 'call_1', name: call.name, arguments: args };
  }
  yield { type: 'finish', reason: call ? 'tool_calls' : 'stop', usage: { inputTokens: 0, outputTokens: 0 } };
};

/** What the host's provider throws: a ProxyError of the other bundle, recognisable only by shape. */
// The extension bundle's own ProxyError class: another class than the core's, carrying the shared brand.
const HOST_PROTO = Object.defineProperty(Object.create(Error.prototype), Symbol.for('antigravity.ProxyError'), { value: true });
const hostError = (status: number, kind: string, message: string) =>
  Object.assign(Object.setPrototypeOf(new Error(message), HOST_PROTO), { name: 'ProxyError', kind, status, retryable: true });

describe('vscode-lm accounts served through the LocalProvider', () => {
  let proxy: RunningProxy;
  let script: Record<string, Script> = {};
  const seen: Array<{ account: string; model: string; ir: IrRequest }> = [];
  const signals: AbortSignal[] = [];
  const monitor = createMonitor({ enabled: true, captureBodies: 'none', maxEntries: 100, secrets: () => [], now: Date.now });
  const provider: LocalProvider = {
    models: (a) => a.models ?? [],
    stream(ir, account, model, signal) {
      seen.push({ account: account.id, model, ir });
      signals.push(signal);
      return (script[account.id] ?? answer('Hello from VS Code'))(ir, account, signal);
    },
    countTokens: async (ir) => (ir.messages[0]?.role === 'assistant' ? 7 : 42),
  };
  const post = (path: string, body: object, headers: Record<string, string> = {}) =>
    fetch(`${proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  before(async () => {
    proxy = await startProxy({
      accounts: [
        { id: 'lm1', kind: 'vscode-lm', label: 'Copilot', enabled: true, vendor: 'copilot', models: ['gpt-4o', 'claude-3.5-sonnet'] },
        { id: 'lm2', kind: 'vscode-lm', label: 'Backup', enabled: true, models: ['gpt-4o'] },
      ],
      scheduling: 'fill-first',
    }, { localProvider: provider, monitor });
  });
  after(async () => {
    await proxy.stop();
    await monitor.close();
  });

  test('/v1/models and /v1beta/models list what VS Code offers', async () => {
    const openai = await (await fetch(`${proxy.url}/v1/models`)).json() as { data: Array<{ id: string }> };
    assert.deepEqual(openai.data.map((m) => m.id), ['gpt-4o', 'claude-3.5-sonnet']);
    const gemini = await (await fetch(`${proxy.url}/v1beta/models`)).json() as { models: Array<{ name: string }> };
    assert.ok(gemini.models.some((m) => m.name === 'models/gpt-4o'));
  });

  test('OpenAI chat stream: text and a tool call; usage counted and marked estimated', async () => {
    script = { lm1: answer('It is sunny.', { name: 'weather', args: { city: 'Berlin' } }) };
    const r = await post('/v1/chat/completions', {
      model: 'gpt-4o', stream: true, stream_options: { include_usage: true },
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Weather?' }],
      tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }],
    });
    assert.equal(r.status, 200);
    const text = await r.text();
    const chunks = text.split('\n\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)));
    const content = chunks.map((c) => c.choices?.[0]?.delta?.content ?? '').join('');
    assert.equal(content, 'It is sunny.');
    const calls = chunks.flatMap((c) => c.choices?.[0]?.delta?.tool_calls ?? []);
    assert.deepEqual(calls.map((c) => c.function.name).filter(Boolean), ['weather'], 'announced once');
    assert.deepEqual(JSON.parse(calls.map((c) => c.function.arguments ?? '').join('')), { city: 'Berlin' });
    assert.equal(chunks.find((c) => c.choices?.[0]?.finish_reason)?.choices[0].finish_reason, 'tool_calls');
    assert.deepEqual(chunks.at(-1).usage?.prompt_tokens, 42);
    assert.ok(text.trimEnd().endsWith('data: [DONE]'));
    const last = seen.at(-1)!;
    assert.deepEqual([last.account, last.model, last.ir.system.map((s) => s.text).join()], ['lm1', 'gpt-4o', 'Be brief.']);
    await monitor.flush();
    const rec = monitor.list({ limit: 1 })[0]!;
    assert.deepEqual([rec.accountKind, rec.upstreamModel, rec.usage?.inputTokens, rec.usage?.outputTokens, rec.usage?.estimated], ['vscode-lm', 'gpt-4o', 42, 7, true]);
  });

  test('Anthropic JSON: text + tool_use blocks; a claude model gets the offered stand-in', async () => {
    script = { lm1: answer('Sure.', { name: 'read_file', args: { path: 'a.ts' } }) };
    const r = await post('/v1/messages', { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Read a.ts' }] }, { 'anthropic-version': '2023-06-01' });
    assert.equal(r.status, 200);
    const body = await r.json() as { model: string; content: Array<{ type: string; text?: string; name?: string; input?: object }>; stop_reason: string; usage: { input_tokens: number } };
    assert.equal(body.model, 'claude-sonnet-4-5');
    assert.deepEqual(body.content.map((c) => c.type), ['text', 'tool_use']);
    assert.deepEqual(body.content[1]!.input, { path: 'a.ts' });
    assert.equal(body.stop_reason, 'tool_use');
    assert.equal(body.usage.input_tokens, 42);
    assert.equal(seen.at(-1)!.model, 'claude-3.5-sonnet');
  });

  test('Gemini SSE and Responses JSON get the same answer in their dialect', async () => {
    script = {};
    const g = await post('/v1beta/models/gpt-4o:streamGenerateContent?alt=sse', { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    const gt = await g.text();
    assert.match(gt, /"text":"Hell/);
    assert.match(gt, /"finishReason":"STOP"/);
    const resp = await (await post('/v1/responses', { model: 'gpt-4o', input: 'hi' })).json() as { output: Array<{ content?: Array<{ text: string }> }> };
    assert.equal(resp.output.flatMap((o) => o.content ?? []).map((c) => c.text).join(''), 'Hello from VS Code');
  });

  test('a failure before the first event fails over to the next account; alone it is a 403 in the caller dialect', async () => {
    script = { lm1: async function* () { throw hostError(403, 'permission', 'Run the command "Antigravity: Allow VS Code Language Models".'); } };
    const ok = await post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(ok.status, 200);
    assert.equal(seen.at(-1)!.account, 'lm2');
    script = {
      lm1: async function* () { throw hostError(403, 'permission', 'Run the command "Antigravity: Allow VS Code Language Models".'); },
      lm2: async function* () { yield { type: 'message-start' }; throw hostError(403, 'permission', 'Run the command "Antigravity: Allow VS Code Language Models".'); },
    };
    proxy.server.update({ ...proxy.config, accounts: proxy.config.accounts.map((a) => ({ ...a })) }); // lifts the 403 verdicts
    const r = await post('/v1/messages', { model: 'gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }, { 'anthropic-version': '2023-06-01' });
    assert.equal(r.status, 403);
    const body = await r.json() as { type: string; error: { type: string; message: string } };
    assert.equal(body.error.type, 'permission_error');
    assert.match(body.error.message, /Antigravity: Allow VS Code Language Models/);
    proxy.server.update({ ...proxy.config, accounts: proxy.config.accounts.map((a) => ({ ...a })) });
  });

  test('a failure after content is an error event at the end of the stream', async () => {
    script = { lm1: async function* () { yield { type: 'text-delta', id: 't', delta: 'partial' }; throw hostError(502, 'bad_gateway', 'model crashed'); } };
    const r = await post('/v1/messages', { model: 'gpt-4o', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] }, { 'anthropic-version': '2023-06-01' });
    const text = await r.text();
    assert.equal(r.status, 200);
    assert.match(text, /partial/);
    assert.match(text, /event: error[\s\S]*model crashed/);
  });

  test('count_tokens asks the provider', async () => {
    script = {};
    const r = await post('/v1/messages/count_tokens', { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, { 'anthropic-version': '2023-06-01' });
    assert.deepEqual(await r.json(), { input_tokens: 42 });
  });

  test('a client disconnect aborts the provider', async () => {
    let resolveStarted!: () => void;
    const started = new Promise<void>((r) => { resolveStarted = r; });
    script = { lm1: async function* (_ir, _a, signal) {
      yield { type: 'text-delta', id: 't', delta: 'thinking…' };
      resolveStarted();
      await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
    } };
    const res = await post('/v1/chat/completions', { model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);
    await started;
    await res?.body?.cancel();
    const signal = signals.at(-1)!;
    for (let i = 0; i < 50 && !signal.aborted; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(signal.aborted, true);
  });
});
