/**
 * Hostile-input fuzzing of every route and dialect (issue #8). Seeded: a failure prints the
 * seed and the case index, and `FUZZ_SEED=<seed> FUZZ_CASES=<n>` replays it. Scale up with
 * FUZZ_CASES (default 3000 generated cases plus the fixed hostile cases below).
 *
 * Oracle, for every answer: the process stays up (no uncaught exception / unhandled rejection),
 * no 500 (any other 5xx but 501 is a bug too: the fake upstream is healthy), every 4xx/5xx is a
 * well-formed error in the caller's dialect without internals, every 2xx completes, and the
 * heap is flat once warm.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, deflateSync } from 'node:zlib';
import { request } from 'node:http';
import { FakeVendor, answerWell } from '../fakes/vendor';
import { account, startProxy } from '../support/proxy-harness';
import { createMonitor } from '../../src/monitor';
import type { ErrorDialect } from '../../src/core/dialect';
import { errorProblem, faultTracker, mb, memory, MiB, pool, prng, raw, type RawResponse, type Rng } from './support/util';

const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const CASES = Number(process.env.FUZZ_CASES ?? 3000);
const CONCURRENCY = 6;

type Kind = 'chat' | 'responses' | 'messages' | 'count' | 'gemini';
interface Route { path: string; dialect: ErrorDialect; kind: Kind; }

const MODELS = ['gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-flash'];
const GEMINI_PATHS = ['/v1beta/models/{m}:generateContent', '/v1beta/models/{m}:streamGenerateContent?alt=sse', '/v1beta/models/{m}:streamGenerateContent', '/v1beta/models/{m}:countTokens', '/v1/models/{m}:generateContent', '/models/{m}:streamGenerateContent?alt=sse'];
const ROUTES: Route[] = [
  { path: '/v1/chat/completions', dialect: 'openai', kind: 'chat' },
  { path: '/chat/completions', dialect: 'openai', kind: 'chat' },
  { path: '/v1/v1/chat/completions/', dialect: 'openai', kind: 'chat' },
  { path: '/v1/responses', dialect: 'openai', kind: 'responses' },
  { path: '/responses', dialect: 'openai', kind: 'responses' },
  { path: '/v1/messages', dialect: 'anthropic', kind: 'messages' },
  { path: '/v1/messages?beta=true', dialect: 'anthropic', kind: 'messages' },
  { path: '/messages', dialect: 'anthropic', kind: 'messages' },
  { path: '/v1/messages/count_tokens', dialect: 'anthropic', kind: 'count' },
  ...GEMINI_PATHS.map((p) => ({ path: p, dialect: 'gemini' as const, kind: 'gemini' as const })),
];

const schema = () => ({ type: 'object', properties: { a: { type: 'string', description: 'x' }, b: { $ref: '#/defs/b', anyOf: [{ type: 'integer' }, { type: 'null' }] } }, required: ['a'], additionalProperties: false });

function baseBody(kind: Kind, model: string, stream: boolean): Record<string, unknown> {
  switch (kind) {
    case 'chat':
      return {
        model, stream, max_tokens: 16, temperature: 0.2, stop: ['x'],
        messages: [{ role: 'system', content: 's' }, { role: 'user', content: [{ type: 'text', text: 'hi tok-fuzz' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }, { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":"1"}' } }] }, { role: 'tool', tool_call_id: 'c1', content: 'r' }],
        tools: [{ type: 'function', function: { name: 'f', parameters: schema() } }], tool_choice: 'auto', response_format: { type: 'json_schema', json_schema: { name: 'x', schema: schema() } },
      };
    case 'responses':
      return {
        model, stream, instructions: 'be brief', store: false, max_output_tokens: 16,
        input: [{ role: 'developer', content: 'd' }, { role: 'user', content: [{ type: 'input_text', text: 'hi tok-fuzz' }] }, { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' }, { type: 'function_call_output', call_id: 'c1', output: 'r' }],
        tools: [{ type: 'function', name: 'f', parameters: schema() }, { type: 'web_search' }], reasoning: { effort: 'low' },
      };
    case 'messages':
    case 'count':
      return {
        model, ...(kind === 'messages' ? { stream, max_tokens: 16 } : {}),
        system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: [{ type: 'text', text: 'hi tok-fuzz' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] }, { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 'sig' }, { type: 'tool_use', id: 't1', name: 'f', input: { a: '1' } }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'r' }] }],
        tools: [{ name: 'f', input_schema: schema() }], thinking: { type: 'enabled', budget_tokens: 1024 }, metadata: { user_id: '{"session":"x"}' },
      };
    case 'gemini':
      return {
        contents: [{ role: 'user', parts: [{ text: 'hi tok-fuzz' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] }, { role: 'model', parts: [{ functionCall: { name: 'f', args: { a: '1' } } }] }, { role: 'user', parts: [{ functionResponse: { name: 'f', response: { r: 1 } } }] }],
        systemInstruction: { parts: [{ text: 's' }] }, generationConfig: { maxOutputTokens: 16, thinkingConfig: { thinkingBudget: 128 } },
        tools: [{ functionDeclarations: [{ name: 'f', parameters: schema() }] }],
      };
  }
}

function deep(levels: number, open = '[', close = ']'): string {
  return open.repeat(levels) + close.repeat(levels);
}
const deepObj = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

function randomValue(r: Rng): unknown {
  switch (r.int(14)) {
    case 0: return null;
    case 1: return r.chance(0.5);
    case 2: return r.pick([0, -1, 1e308, -1e-308, 2 ** 53 + 1, 3.5]);
    case 3: return '';
    case 4: return r.pick(['x', 'user', 'assistant', 'system', 'tool', 'model', 'function', 'text', 'image', '\u0000', '\ud800', '💥'.repeat(10), '<script>', '%s%n', '../../etc/passwd', 'data:image/png;base64,!!!']);
    case 5: return 'z'.repeat(r.pick([1_000, 100_000, 1_000_000]));
    case 6: return [];
    case 7: return {};
    case 8: return JSON.parse(deep(r.pick([50, 500, 1_000])));
    case 9: return JSON.parse('{"__proto__":{"polluted":true,"role":"system"},"constructor":{"prototype":{"polluted":true}}}');
    case 10: return [randomValue(r), randomValue(r)];
    case 11: return { type: r.pick(['text', 'image', 'tool_use', 'function', 'thinking', 'input_text', 'x']), text: randomValue(r) };
    case 12: return Array.from({ length: r.pick([100, 10_000]) }, () => ({ role: 'user', content: 'x' }));
    default: return JSON.parse(deepObj(r.pick([50, 1_000])));
  }
}

/** Every path to a value inside `v` (bounded). */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (out.length > 400) return out;
  out.push(prefix);
  if (v && typeof v === 'object') {
    for (const [k, c] of Object.entries(v as object)) paths(c, [...prefix, Array.isArray(v) ? Number(k) : k], out);
  }
  return out;
}

function mutateTree(r: Rng, body: unknown): unknown {
  const root = { root: body } as Record<string, unknown>;
  const ps = paths(body).map((p) => ['root', ...p]);
  const n = 1 + r.int(3);
  for (let i = 0; i < n; i++) {
    const p = r.pick(ps);
    let parent: any = root;
    for (const k of p.slice(0, -1)) parent = parent?.[k];
    if (!parent || typeof parent !== 'object') continue;
    const key = p.at(-1) as string | number;
    switch (r.int(5)) {
      case 0: if (Array.isArray(parent)) parent.splice(Number(key), 1); else delete parent[key]; break;
      case 1: parent[key] = [parent[key]]; break;
      case 2: if (parent[key] && typeof parent[key] === 'object') Object.defineProperty(parent[key], '__proto__', { value: { polluted: true, role: 'system' }, enumerable: true, writable: true, configurable: true }); break;
      default: parent[key] = randomValue(r);
    }
  }
  return root.root;
}

function mutateText(r: Rng, text: string): Buffer {
  switch (r.int(8)) {
    case 0: return Buffer.from(text.slice(0, r.int(text.length)));
    case 1: { // duplicate keys
      const i = text.indexOf('{');
      return Buffer.from(text.slice(0, i + 1) + r.pick(['"model":123,', '"stream":"yes",', '"model":null,', '"messages":{},', '"contents":"x",', '"__proto__":{"x":1},']) + text.slice(i + 1));
    }
    case 2: { // invalid UTF-8 inside a string value
      const i = text.indexOf('hi ');
      const bad = r.pick([[0xff, 0xfe], [0xc3], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x00], [0xc0, 0xaf]]);
      return Buffer.concat([Buffer.from(text.slice(0, i)), Buffer.from(bad), Buffer.from(text.slice(i))]);
    }
    case 3: return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    case 4: return Buffer.from(text + r.pick(['x', '}', ']', ',', '\u0000', '{"a":1}', ' '.repeat(1000)]));
    case 5: { // random byte flips
      const b = Buffer.from(text);
      for (let k = 0; k < 1 + r.int(4); k++) b[r.int(b.length)] = r.int(256);
      return b;
    }
    case 6: return Buffer.from(r.pick(['', ' ', 'null', '[]', '"x"', '1', 'true', '{}', '{"model":""}', '{"model":"gpt-4o"}', '{"model":"gpt-4o","stream":true}', '{"contents":null}', '[{"model":"gpt-4o"}]']));
    default: return Buffer.from(text);
  }
}

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', '', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/octet-stream', 'application/vnd.api+json'];

interface Case {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** 'any' where the dialect is genuinely ambiguous (a Gemini alias path without a model). */
  dialect: ErrorDialect | 'any';
  /** Some answers have no dialect body (HEAD). */
  noBody?: boolean;
}

function generate(r: Rng, i: number): Case {
  const route = r.pick(ROUTES);
  const model = r.pick(MODELS);
  const m = r.chance(0.9) ? model : r.pick(['', 'models%2Fgemini-2.5-flash', '%E2%9C%93', 'a'.repeat(2000), '..%2F..%2Fx', 'x%00y', 'x%25zz', '%E0%A4%A']);
  const path = route.path.replace('{m}', m);
  const stream = r.chance(0.5);
  let body: unknown = baseBody(route.kind, model, stream);
  const mode = r.int(10);
  if (mode < 6) body = mutateTree(r, body);
  const text = JSON.stringify(body) ?? "";
  let bytes = mode >= 6 && mode < 9 ? mutateText(r, text) : Buffer.from(text);
  const headers: Record<string, string> = { 'content-type': r.chance(0.7) ? 'application/json' : r.pick(CONTENT_TYPES) };
  if (headers['content-type'] === '') delete headers['content-type'];
  if (r.chance(0.15)) {
    const enc = r.pick(['gzip', 'deflate', 'gzip-bad', 'br', 'identity', 'gzip, gzip', 'x-unknown', 'GZIP']);
    if (enc === 'gzip' || enc === 'GZIP') bytes = gzipSync(bytes);
    else if (enc === 'deflate') bytes = deflateSync(bytes);
    else if (enc === 'gzip-bad') bytes = gzipSync(bytes).subarray(0, 20);
    headers['content-encoding'] = enc === 'gzip-bad' ? 'gzip' : enc;
  }
  if (r.chance(0.2)) headers['anthropic-version'] = r.pick(['2023-06-01', '', 'x'.repeat(5000), '1999-01-01']);
  if (r.chance(0.1)) headers['anthropic-beta'] = r.pick(['interleaved-thinking-2025-05-14', 'a,b,c,'.repeat(500)]);
  if (r.chance(0.1)) headers['x-goog-api-key'] = r.pick(['', 'AIza-fake']);
  if (r.chance(0.1)) headers['x-claude-code-session-id'] = r.pick(['s1', '', 'z'.repeat(4000)]);
  if (r.chance(0.05)) headers['user-agent'] = 'u'.repeat(8000);
  if (r.chance(0.05)) headers.accept = r.pick(['text/event-stream', 'application/xml', '*/*;q=0']);
  const method = r.chance(0.03) ? r.pick(['GET', 'PUT', 'DELETE', 'PATCH']) : 'POST';
  return { label: `#${i} mode=${mode} ${method} ${route.path} model=${model}`, method, path, headers, body: bytes, dialect: m === '' && !path.startsWith('/v1beta') ? 'any' : route.dialect };
}

function fixedCases(): Case[] {
  const j = { 'content-type': 'application/json' };
  const chat = (extra: string) => Buffer.from(`{"model":"gpt-4o","messages":[{"role":"user","content":${extra}}]}`);
  const gzipMember = gzipSync(Buffer.alloc(MiB, 0x20));
  // Concatenated gzip members inflate to one stream: ~1 KiB per MiB of spaces.
  const bomb = (mib: number) => Buffer.concat([gzipSync(Buffer.from('{"model":"gpt-4o","messages":[],"x":"')), ...Array.from({ length: mib }, () => gzipMember), gzipSync(Buffer.from('"}'))]);
  const out: Case[] = [];
  const add = (label: string, path: string, dialect: ErrorDialect, body: Buffer | string | undefined, headers: Record<string, string> = j, method = 'POST') =>
    out.push({ label, method, path, headers, body: body === undefined ? undefined : Buffer.from(body), dialect });
  for (const [path, dialect] of [['/v1/chat/completions', 'openai'], ['/v1/responses', 'openai'], ['/v1/messages', 'anthropic'], ['/v1/messages/count_tokens', 'anthropic'], ['/v1beta/models/gemini-2.5-flash:generateContent', 'gemini'], ['/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', 'gemini']] as const) {
    add(`100k-deep array ${path}`, path, dialect, deep(100_000));
    add(`100k-deep object ${path}`, path, dialect, deepObj(100_000));
    add(`100k-deep in content ${path}`, path, dialect, `{"model":"gpt-4o","contents":${deep(100_000)},"messages":[{"role":"user","content":${deepObj(100_000)}}],"input":${deep(100_000)}}`);
    add(`10k-deep in content ${path}`, path, dialect, `{"model":"claude-sonnet-4-5","max_tokens":5,"contents":[{"parts":[{"text":"x"}],"role":"user"}],"messages":[{"role":"user","content":[{"type":"text","text":${deep(10_000)}}]}],"input":[{"role":"user","content":${deep(10_000)}}],"tools":[{"name":"f","input_schema":${deepObj(10_000)},"type":"function","function":{"name":"f","parameters":${deepObj(10_000)}}}]}`);
    add(`deep tool schema (translated) ${path}`, path, dialect, `{"model":"gemini-2.5-flash","max_tokens":5,"messages":[{"role":"user","content":"x"}],"input":"x","contents":[{"role":"user","parts":[{"text":"x"}]}],"tools":[{"name":"f","input_schema":${'{"type":"object","properties":{"a":'.repeat(3000)}{"type":"string"}${'}}'.repeat(3000)},"type":"function","function":{"name":"f","parameters":${'{"type":"object","properties":{"a":'.repeat(3000)}{"type":"string"}${'}}'.repeat(3000)}}}]}`);
    add(`empty body ${path}`, path, dialect, '');
    add(`no body ${path}`, path, dialect, undefined, {});
    add(`whitespace ${path}`, path, dialect, '   \n ');
    add(`truncated ${path}`, path, dialect, '{"model":"gpt-4o","messages":[{"role":');
    add(`text/plain ${path}`, path, dialect, '{"model":"gpt-4o","messages":[]}', { 'content-type': 'text/plain' });
    add(`form body ${path}`, path, dialect, 'model=gpt-4o&messages=x', { 'content-type': 'application/x-www-form-urlencoded' });
    add(`gzip bomb 150 MiB ${path}`, path, dialect, bomb(150), { ...j, 'content-encoding': 'gzip' });
    add(`gzip 20 MiB (under limit) ${path}`, path, dialect, bomb(20), { ...j, 'content-encoding': 'gzip' });
    add(`declared 200 MiB ${path}`, path, dialect, '{}', { ...j, 'content-length': String(200 * MiB) });
    add(`invalid UTF-8 model ${path}`, path, dialect, Buffer.concat([Buffer.from('{"model":"gpt-4o'), Buffer.from([0xff, 0xc3]), Buffer.from('","messages":[]}')]));
    add(`__proto__ body ${path}`, path, dialect, '{"__proto__":{"model":"gpt-4o","stream":true},"constructor":{"prototype":{"isAdmin":true}}}');
    add(`huge string ${path}`, path, dialect, chat(JSON.stringify('y'.repeat(10 * MiB))));
    add(`huge model ${path}`, path, dialect, `{"model":${JSON.stringify('m'.repeat(MiB))},"messages":[]}`);
    add(`duplicate model key ${path}`, path, dialect, '{"model":"gpt-4o","model":{"x":1},"messages":[]}');
    add(`GET ${path}`, path, dialect, undefined, {}, 'GET');
    add(`DELETE ${path}`, path, dialect, undefined, {}, 'DELETE');
  }
  add('over the 100 MiB limit, really sent', '/v1/messages', 'anthropic', Buffer.alloc(101 * MiB, 0x20));
  for (const p of ['/v1beta/models/x%25zz:generateContent', '/v1beta/models/%E0%A4%A:generateContent', '/v1beta/models/%:generateContent', '/v1beta/models/a%2Fb:countTokens', '/v1beta/models/gemini-2.5-flash:unknownMethod', '/v1beta/models/:generateContent', '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&alt=json']) {
    add(`path ${p}`, p, 'gemini', '{"contents":[{"role":"user","parts":[{"text":"x"}]}]}');
  }
  for (const p of ['/v1/models/%E0%A4%A', '/v1/models/%ff']) add(`path ${p}`, p, 'openai', undefined, {}, 'GET');
  for (const p of ['/%', '/v1/chat/completions%00', '/v1/chat/completions/responses', '/v1/../../etc/passwd', '/' + 'a/'.repeat(2000)]) add(`path ${p}`, p, 'openai', '{}');
  // The route decides the dialect, whatever headers hint.
  add('chat with x-goog-api-key', '/v1/chat/completions', 'openai', '{}', { ...j, 'x-goog-api-key': 'x' });
  add('chat with anthropic-version', '/v1/chat/completions', 'openai', '{}', { ...j, 'anthropic-version': '2023-06-01' });
  add('responses with anthropic-version', '/v1/responses', 'openai', '{}', { ...j, 'anthropic-version': '2023-06-01' });
  add('messages with x-goog-api-key', '/v1/messages', 'anthropic', '{}', { ...j, 'x-goog-api-key': 'x' });
  return out;
}

const headerBytes = (h: Record<string, string>) => Object.entries(h).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);

function oracle(c: Case, r: RawResponse): string | undefined {
  // Node's HTTP parser refuses headers over 16 KiB before Koa runs: a bare 431 (server.ts clientError).
  if (r.status === 431 && headerBytes(c.headers) > 16_000) return undefined;
  if (r.status >= 500 && r.status !== 501 && r.status !== 503) return `server fault ${r.status}: ${r.text.slice(0, 300)}`;
  if (r.status >= 400) return c.method === 'HEAD' ? undefined : errorProblem(c.dialect, r);
  if (r.status >= 200 && r.status < 300) {
    const ct = String(r.headers['content-type'] ?? '');
    // Gemini's streamed JSON array (no alt=sse) is checked in known-bugs.test.ts.
    const geminiArray = c.path.includes(':streamGenerateContent') && !/[?&]alt=sse$/.test(c.path);
    if (ct.includes('application/json') && r.text && !geminiArray) {
      try {
        JSON.parse(r.text);
      } catch {
        return `2xx JSON does not parse: ${r.text.slice(0, 200)}`;
      }
    }
    if (ct.includes('text/event-stream') && !r.text.trim()) return 'empty 2xx stream';
    return undefined;
  }
  return `unexpected status ${r.status}`;
}

/** A client that declares a body and goes away half-way: nothing to check but survival. */
function abandonBody(base: string, path: string): Promise<void> {
  const u = new URL(base);
  return new Promise((resolve) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '1000' }, agent: false });
    req.on('error', () => resolve());
    req.write('{"model":"gpt-4o","messages":[');
    setTimeout(() => {
      req.destroy();
      resolve();
    }, 30);
  });
}

test(`fuzz: hostile bodies and headers on every route (seed ${SEED}, ${CASES} cases)`, { timeout: 600_000 }, async () => {
  const tracker = faultTracker();
  // The fake upstream keeps every request it got: forget them, or the heap measures the test itself.
  const up: FakeVendor = await FakeVendor.start((req, res) => {
    up.requests.length = 0;
    return answerWell(req, res);
  });
  const monitor = createMonitor({ enabled: true, captureBodies: 'all', maxEntries: 200, secrets: () => [], now: Date.now, maxBodyBytes: 8 * MiB });
  const proxy = await startProxy(
    {
      proxy: { authMode: 'off', requestTimeoutSeconds: 10 },
      accounts: [
        account('openai', `${up.url}/v1`, { models: ['gpt-*'] }),
        account('anthropic', up.url, { models: ['claude-*'] }),
        account('gemini', up.url, { models: ['gemini-*'] }),
      ],
    },
    { monitor },
  );
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  const run = async (c: Case) => {
    let r: RawResponse;
    try {
      r = await raw(proxy.url, c.path, { method: c.method, headers: c.headers, body: c.body, timeoutMs: 60_000 });
    } catch (e) {
      // A refused oversize body may reset the socket while we still write: the status was sent.
      if (/EPIPE|ECONNRESET/.test(String(e)) && (c.label.startsWith('over the') || c.label.startsWith('declared'))) return;
      failures.push(`${c.label}: request failed: ${e}`);
      return;
    }
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    const p = oracle(c, r);
    if (p) failures.push(`${c.label} [${JSON.stringify(c.headers).slice(0, 160)}] body=${c.body?.subarray(0, 120).toString('latin1')}…: ${p}`);
  };
  try {
    const t0 = Date.now();
    const rng = prng(SEED);
    const warm = Math.min(300, CASES);
    await pool(warm, CONCURRENCY, (i) => run(generate(rng, i)));
    const fixed = fixedCases();
    // Heavy cases one or two at a time: a 100 MiB buffer each.
    await pool(fixed.length, 2, (i) => run(fixed[i]!));
    for (let i = 0; i < 5; i++) await abandonBody(proxy.url, '/v1/chat/completions');
    const before = memory();
    await pool(CASES - warm, CONCURRENCY, (i) => run(generate(rng, warm + i)));
    await pool(fixed.length, 2, (i) => run(fixed[i]!));
    const after = memory();
    const health = await raw(proxy.url, '/healthz', { method: 'GET' });
    const ms = Date.now() - t0;
    const heapGrowth = after.heapUsed - before.heapUsed;
    console.log(`fuzz seed=${SEED} cases=${CASES}+${2 * fixed.length} fixed in ${ms} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}; heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)}, rss ${mb(before.rss)} → ${mb(after.rss)}`);
    assert.equal(health.status, 200, 'the proxy still answers');
    assert.deepEqual(failures.slice(0, 30), [], `${failures.length} failing cases (seed ${SEED})`);
    assert.ok(heapGrowth < 48 * MiB, `heap grew ${mb(heapGrowth)} across the measured cases`);
    assert.ok(after.rss - before.rss < 512 * MiB, `rss grew ${mb(after.rss - before.rss)}`);
    assert.deepEqual(tracker.faults, []);
  } finally {
    tracker.dispose();
    await proxy.server.dispose();
    await monitor.close();
    await up.close();
  }
});
