/**
 * The demo upstream (issue 16) as a LocalProvider: deterministic text, several deltas, usage,
 * tool calls when asked for (arguments that satisfy the schema), the answer after a tool result.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from '../../../../src/core/validate-config';
import { ConfigError } from '../../../../src/core/validate-config';
import { emptyRequest, type IrRequest, type IrStreamEvent, type IrTool } from '../../../../src/translate/ir';
import { estimateIr } from '../../../../src/translate/count-tokens';
import { createDemoProvider, demoAccount, planDemoReply, splitDeltas } from '../../../../src/upstream/providers/demo';
import { minimalArguments } from '../../../../src/upstream/providers/demo-args';

const provider = createDemoProvider();
const account = demoAccount();

function ask(text: string, extra: Partial<IrRequest> = {}): IrRequest {
  return { ...emptyRequest('demo'), messages: [{ role: 'user', content: [{ type: 'text', text }] }], ...extra };
}

async function run(ir: IrRequest, signal = new AbortController().signal): Promise<IrStreamEvent[]> {
  const out: IrStreamEvent[] = [];
  for await (const ev of provider.stream(ir, account, 'demo', signal)) out.push(ev);
  return out;
}

const weather: IrTool = {
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 3 }, unit: { enum: ['c', 'f'] } }, required: ['city', 'days'] },
};
const search: IrTool = { name: 'search_docs', parameters: { type: 'object', properties: { query: { type: 'string', minLength: 6 } }, required: ['query'] } };

describe('demo provider', () => {
  test('serves `demo` plus the literal models an account lists', () => {
    assert.deepEqual(provider.models(account), ['demo']);
    assert.deepEqual(provider.models({ ...account, models: ['gpt-4o', 'claude-*', 'demo'] }), ['demo', 'gpt-4o']);
  });

  test('text reply: says it is the demo, how to add an account, echoes the last user message; deterministic', () => {
    const ir = ask('What is the capital of France?');
    const r = planDemoReply(ir);
    assert.equal(r.kind, 'text');
    const text = r.kind === 'text' ? r.text : '';
    for (const needle of ['Antigravity Proxy demo upstream', 'antigravity-proxy.json', 'GEMINI_API_KEY', 'ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'Antigravity: Add Account…', '"What is the capital of France?"']) {
      assert.ok(text.includes(needle), `missing ${needle}: ${text}`);
    }
    assert.deepEqual(planDemoReply(ask('What is the capital of France?')), r);
    const long = planDemoReply(ask(`${'word '.repeat(40)}END`));
    assert.ok(long.kind === 'text' && /You wrote: "(word ){10,}[^"]*…"/.test(long.text) && !long.text.includes('END'), 'a long message is cut');
  });

  test('streams the text in several deltas, then finish with usage', async () => {
    const ir = ask('hello demo');
    const events = await run(ir);
    assert.deepEqual([events[0]!.type, events[1]!.type, events.at(-2)!.type, events.at(-1)!.type], ['message-start', 'text-start', 'text-end', 'finish']);
    const deltas = events.filter((e): e is Extract<IrStreamEvent, { type: 'text-delta' }> => e.type === 'text-delta');
    assert.ok(deltas.length >= 4, `${deltas.length} deltas`);
    const plan = planDemoReply(ir);
    assert.equal(deltas.map((d) => d.delta).join(''), plan.kind === 'text' ? plan.text : '');
    const finish = events.at(-1) as Extract<IrStreamEvent, { type: 'finish' }>;
    assert.equal(finish.reason, 'stop');
    assert.equal(finish.usage.inputTokens, estimateIr(ir));
    assert.ok(finish.usage.outputTokens > 20, `output ${finish.usage.outputTokens}`);
    assert.equal(await provider.countTokens!(ir, account, 'demo', new AbortController().signal), estimateIr(ir));
  });

  test('splitDeltas keeps every character', () => {
    const t = 'one two three  four\nfive six seven eight nine ten';
    assert.equal(splitDeltas(t).join(''), t);
    assert.ok(splitDeltas(t).length >= 4);
    assert.deepEqual(splitDeltas(''), ['']);
  });

  test('tool call when tool_choice asks for one', async () => {
    const forced = planDemoReply(ask('hi', { tools: [weather, search], toolChoice: { type: 'tool', name: 'search_docs' } }));
    assert.deepEqual(forced, { kind: 'tool-call', name: 'search_docs', arguments: { query: 'demooo' } });
    const required = planDemoReply(ask('hi', { tools: [weather, search], toolChoice: { type: 'required' } }));
    assert.deepEqual(required, { kind: 'tool-call', name: 'get_weather', arguments: { city: 'demo', days: 3 } });
    const requiredNamed = planDemoReply(ask('please search_docs for me', { tools: [weather, search], toolChoice: { type: 'required' } }));
    assert.equal(requiredNamed.kind === 'tool-call' && requiredNamed.name, 'search_docs');
  });

  test('tool call when the last user message names a tool or asks to use one; never with tool_choice none', () => {
    const tools = [weather, search];
    const named = planDemoReply(ask('Call search_docs please', { tools }));
    assert.equal(named.kind === 'tool-call' && named.name, 'search_docs');
    const asked = planDemoReply(ask('Please use a tool to find out.', { tools }));
    assert.equal(asked.kind === 'tool-call' && asked.name, 'get_weather');
    assert.equal(planDemoReply(ask('Just chat with me', { tools })).kind, 'text');
    assert.equal(planDemoReply(ask('Call search_docs please', { tools, toolChoice: { type: 'none' } })).kind, 'text');
    assert.equal(planDemoReply(ask('use a tool')).kind, 'text', 'no tools offered');
    assert.equal(planDemoReply(ask('my_get_weather_x', { tools })).kind, 'text', 'a tool name inside another word is no mention');
  });

  test('the tool call streams as tool-input events and a complete tool-call, finish tool_calls', async () => {
    const events = await run(ask('use get_weather', { tools: [weather] }));
    assert.deepEqual(events.map((e) => e.type).filter((t) => t !== 'tool-input-delta'), ['message-start', 'tool-input-start', 'tool-input-end', 'tool-call', 'finish']);
    const call = events.find((e) => e.type === 'tool-call') as Extract<IrStreamEvent, { type: 'tool-call' }>;
    assert.deepEqual(JSON.parse(call.arguments), { city: 'demo', days: 3 });
    const streamed = events.filter((e) => e.type === 'tool-input-delta').map((e) => (e as { delta: string }).delta).join('');
    assert.equal(streamed, call.arguments);
    const finish = events.at(-1) as Extract<IrStreamEvent, { type: 'finish' }>;
    assert.equal(finish.reason, 'tool_calls');
    assert.ok(finish.usage.outputTokens > 0 && finish.usage.inputTokens > 0);
  });

  test('after a tool result: text naming the tool and its result, no new call (even when required)', () => {
    const ir: IrRequest = {
      ...emptyRequest('demo'),
      tools: [weather],
      toolChoice: { type: 'required' },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'use get_weather' }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'call_1', name: 'get_weather', input: { city: 'demo', days: 3 } }] },
        { role: 'user', content: [{ type: 'tool-result', callId: 'call_1', content: [{ type: 'text', text: 'Sunny, 21 °C' }] }] },
      ],
    };
    const r = planDemoReply(ir);
    assert.equal(r.kind, 'text');
    assert.match(r.kind === 'text' ? r.text : '', /The tool get_weather returned: "Sunny, 21 °C"[\s\S]*Antigravity: Add Account…/);
    ir.messages[2]!.content = [{ type: 'tool-result', callId: 'call_1', name: 'get_weather', isError: true, content: [{ type: 'text', text: 'no such city' }] }];
    const failed = planDemoReply(ir);
    assert.match(failed.kind === 'text' ? failed.text : '', /get_weather failed with: "no such city"/);
  });

  test('an aborted request stops the stream without a finish', async () => {
    const ac = new AbortController();
    ac.abort();
    const events = await run(ask('hello'), ac.signal);
    assert.ok(!events.some((e) => e.type === 'finish' || e.type === 'text-delta'));
  });
});

describe('minimal tool arguments satisfy the schema', () => {
  test('required properties only, each filled by type', () => {
    assert.deepEqual(minimalArguments({
      type: 'object',
      properties: {
        s: { type: 'string' }, n: { type: 'number', exclusiveMinimum: 2 }, i: { type: 'integer', minimum: -5, maximum: -2 },
        b: { type: 'boolean' }, a: { type: 'array', items: { type: 'string' }, minItems: 2 }, e: { type: 'string', enum: ['x', 'y'] },
        c: { const: 42 }, d: { type: 'string', default: 'dflt' }, t: { type: 'string', format: 'date-time' }, opt: { type: 'string' },
        o: { type: 'object', properties: { k: { type: ['null', 'integer'], multipleOf: 5 } }, required: ['k'] },
        short: { type: 'string', maxLength: 2 },
      },
      required: ['s', 'n', 'i', 'b', 'a', 'e', 'c', 'd', 't', 'o', 'short'],
    }), { s: 'demo', n: 2.5, i: -5, b: true, a: ['demo', 'demo'], e: 'x', c: 42, d: 'dflt', t: '2026-01-01T00:00:00Z', o: { k: 5 }, short: 'de' });
  });

  test('$ref, anyOf/oneOf and allOf are followed', () => {
    assert.deepEqual(minimalArguments({
      type: 'object',
      $defs: { Path: { type: 'string', minLength: 5 } },
      properties: { p: { $ref: '#/$defs/Path' }, q: { anyOf: [{ type: 'null' }, { type: 'integer' }] }, r: { oneOf: [{ type: 'boolean' }] } },
      required: ['p', 'q', 'r'],
      allOf: [{ properties: { z: { type: 'array', items: { type: 'number' } } }, required: ['z'] }],
    }), { p: 'demoo', q: 1, r: true, z: [] });
  });

  test('anything else yields an object', () => {
    assert.deepEqual(minimalArguments(undefined), {});
    assert.deepEqual(minimalArguments({ type: 'object' }), {});
    assert.deepEqual(minimalArguments({ type: 'object', properties: { x: {} }, required: ['x'] }), { x: 'demo' });
  });
});

describe('config: the demo kind', () => {
  test('is a valid account kind that needs no key', () => {
    const c = parseConfig({ accounts: [{ id: 'd', kind: 'demo' }] });
    assert.deepEqual([c.accounts[0]!.kind, c.accounts[0]!.enabled], ['demo', true]);
  });
  test('takes no baseUrl', () => {
    assert.throws(() => parseConfig({ accounts: [{ id: 'd', kind: 'demo', baseUrl: 'http://127.0.0.1:1' }] }),
      (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.field === 'accounts[0].baseUrl' && /demo/.test(p.rule)));
  });
});
