/**
 * Issue 20: OpenTelemetry export. Real requests through the proxy; an in-test OTLP/HTTP receiver
 * (node http on 127.0.0.1, the exporter's JSON encoding) gets one span per request with the GenAI
 * attributes and a child per attempt. Content only when captureContent is on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { answerError, answerWell, FakeVendor } from '../../fakes/vendor';
import { makeConfig } from '../../support/proxy-harness';
import { createProxyServer } from '../../../src/proxy/server';
import { parseConfig, validateConfig } from '../../../src/core/validate-config';

interface OtlpValue { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number; arrayValue?: { values: OtlpValue[] } }
interface OtlpSpan {
  traceId: string; spanId: string; parentSpanId?: string; name: string;
  attributes: { key: string; value: OtlpValue }[];
  events?: { name: string; attributes: { key: string; value: OtlpValue }[] }[];
  status?: { code?: number; message?: string };
}

const plain = (v: OtlpValue): unknown =>
  v.arrayValue ? v.arrayValue.values.map(plain) : v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : v.boolValue ?? v.doubleValue);
const attrs = (list: { key: string; value: OtlpValue }[] = []) => Object.fromEntries(list.map((a) => [a.key, plain(a.value)]));

/** A minimal OTLP/HTTP traces receiver: collects every exported span and the request headers. */
async function startReceiver(): Promise<{ url: string; spans: OtlpSpan[]; resources: Record<string, unknown>[]; headers: Record<string, string | string[] | undefined>[]; close(): Promise<void> }> {
  const spans: OtlpSpan[] = [];
  const resources: Record<string, unknown>[] = [];
  const headers: Record<string, string | string[] | undefined>[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      headers.push(req.headers);
      assert.equal(req.url, '/v1/traces');
      assert.match(String(req.headers['content-type']), /application\/json/);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans: { resource: { attributes: [] }; scopeSpans: { spans: OtlpSpan[] }[] }[] };
      for (const rs of body.resourceSpans) {
        resources.push(attrs(rs.resource.attributes));
        for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/traces`, spans, resources, headers, close: () => new Promise((r) => server.close(() => r())) };
}

async function until(cond: () => boolean, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for the OTLP export');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const claude = (url: string, content: string, headers: Record<string, string>) =>
  fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content }] }),
  });

async function scenario(captureContent: boolean) {
  const receiver = await startReceiver();
  // The first account is overloaded: each request fails over to the second (two attempts).
  const vendor = await FakeVendor.start((req, res) =>
    req.headers['x-api-key'] === 'sk-ant-first' ? answerError(req, res, 529, 'Overloaded') : answerWell(req, res));
  const dataDir = mkdtempSync(join(tmpdir(), 'otel-'));
  const config = makeConfig({
    scheduling: 'fill-first',
    monitor: { enabled: true, captureBodies: 'all', maxEntries: 100 },
    accounts: [
      { id: 'first', kind: 'anthropic', label: 'First', baseUrl: vendor.url, apiKey: 'sk-ant-first', enabled: true, priority: 10 },
      { id: 'second', kind: 'anthropic', label: 'Second', baseUrl: vendor.url, apiKey: 'sk-ant-second', enabled: true },
    ],
    telemetry: { enabled: true, endpoint: receiver.url, headers: { authorization: 'Bearer collector-secret' }, captureContent, serviceName: 'proxy-under-test' },
  });
  const server = createProxyServer(config, { dataDir });
  await server.start();
  const { host, port } = server.status();
  const url = `http://${host}:${port}`;
  return {
    receiver, vendor, server, url,
    async done() {
      await server.dispose();
      await vendor.close();
      await receiver.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

test('one span per request with GenAI attributes and a child per attempt, exported over OTLP/HTTP', async () => {
  const s = await scenario(false);
  try {
    const r = await claude(s.url, 'hello tok-otel-1', { 'x-claude-code-session-id': 'sess-otel', 'x-claude-code-agent-id': 'main' });
    assert.equal(r.status, 200);
    await r.text();
    await until(() => s.receiver.spans.length >= 3);
    const parent = s.receiver.spans.find((sp) => !sp.parentSpanId);
    assert.ok(parent, 'a root span for the request');
    const a = attrs(parent.attributes);
    assert.equal(parent.name, 'chat claude-sonnet-4-5');
    assert.equal(a['gen_ai.system'], 'anthropic');
    assert.equal(a['gen_ai.operation.name'], 'chat');
    assert.equal(a['gen_ai.request.model'], 'claude-sonnet-4-5');
    assert.equal(a['gen_ai.response.model'], 'claude-sonnet-4-5');
    assert.equal(typeof a['gen_ai.usage.input_tokens'], 'number');
    assert.ok((a['gen_ai.usage.output_tokens'] as number) > 0);
    assert.deepEqual(a['gen_ai.response.finish_reasons'], ['end_turn']);
    assert.equal(a['antigravity.account.id'], 'second');
    assert.equal(a['antigravity.dialect'], 'anthropic');
    assert.equal(a['http.response.status_code'], 200);
    assert.equal(a['session.id'], 'sess-otel');
    assert.equal(a['antigravity.agent.id'], 'main');
    assert.equal(parent.events?.length ?? 0, 0, 'no content without captureContent');

    const children = s.receiver.spans.filter((sp) => sp.parentSpanId === parent.spanId);
    assert.equal(children.length, 2, 'one child span per attempt');
    assert.ok(children.every((c) => c.traceId === parent.traceId));
    const byAccount = Object.fromEntries(children.map((c) => [attrs(c.attributes)['antigravity.account.id'], c]));
    assert.equal(attrs(byAccount.first!.attributes)['http.response.status_code'], 529);
    assert.equal(byAccount.first!.status?.code, 2, 'the failed attempt is an error span');
    assert.equal(attrs(byAccount.second!.attributes)['http.response.status_code'], 200);

    assert.equal(s.receiver.resources[0]!['service.name'], 'proxy-under-test');
    assert.equal(s.receiver.headers[0]!.authorization, 'Bearer collector-secret', 'configured headers go to the collector');
  } finally {
    await s.done();
  }
});

test('captureContent adds gen_ai.prompt and gen_ai.completion events from the captured bodies', async () => {
  const s = await scenario(true);
  try {
    const r = await claude(s.url, 'the prompt tok-content-1', {});
    assert.equal(r.status, 200);
    const answer = await r.text();
    await until(() => s.receiver.spans.some((sp) => !sp.parentSpanId));
    const parent = s.receiver.spans.find((sp) => !sp.parentSpanId)!;
    const events = Object.fromEntries((parent.events ?? []).map((e) => [e.name, attrs(e.attributes)]));
    assert.match(String(events['gen_ai.prompt']?.['gen_ai.prompt']), /the prompt tok-content-1/);
    assert.ok(String(events['gen_ai.completion']?.['gen_ai.completion']).length > 0);
    assert.ok(answer.length > 0);
    assert.doesNotMatch(JSON.stringify(s.receiver.spans), /sk-ant-second|sk-ant-first/, 'no upstream key in any span');
  } finally {
    await s.done();
  }
});

test('telemetry config is validated; off by default', () => {
  const ok = parseConfig({ telemetry: { enabled: true, endpoint: 'http://localhost:4318/v1/traces' } });
  assert.deepEqual(ok.telemetry, { enabled: true, endpoint: 'http://localhost:4318/v1/traces' });
  const bad = validateConfig({ telemetry: { enabled: true, endpoint: 'localhost:4318', captureContent: 'yes' } });
  assert.deepEqual(bad.map((p) => p.field).sort(), ['telemetry.captureContent', 'telemetry.endpoint']);
  assert.equal(parseConfig({}).telemetry, undefined);
});
