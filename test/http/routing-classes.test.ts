/**
 * Issue 19: request classes — each by Claude Code's hint headers and by the request itself —
 * routed by `routes`, an exact `modelMapping` winning, and the class with its rule in every
 * monitor record. The config here is the README's "Request classes" example.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerWell, FakeVendor, sleep } from '../fakes/vendor';
import { startProxy } from '../support/proxy-harness';

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

interface Case {
  name: string;
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
  /** The upstream model that must serve it. */
  model: string;
  /** The monitor note naming the class and its rule. */
  rule: RegExp;
}

const user = (content: unknown) => ({ messages: [{ role: 'user', content }] });

const cases: Case[] = [
  // by Claude Code's gateway hint headers
  { name: 'header auxiliary → background', headers: { 'x-claude-code-request-class': 'auxiliary' }, model: 'gemini-2.5-flash', rule: /^class background from header x-claude-code-request-class: auxiliary$/ },
  { name: 'header workflow → subagent', headers: { 'x-claude-code-request-class': 'workflow' }, model: 'gpt-4o-mini', rule: /^class subagent from header/ },
  { name: 'header agent type → subagent', headers: { 'x-claude-code-agent-type': 'Explore' }, model: 'gpt-4o-mini', rule: /^class subagent from header x-claude-code-agent-type: Explore$/ },
  { name: 'header compaction → longContext', headers: { 'x-claude-code-compaction': 'true' }, model: 'gemini-2.5-pro', rule: /^class longContext from header x-claude-code-compaction$/ },
  { name: 'header with our own class name', headers: { 'x-claude-code-request-class': 'think' }, model: 'claude-opus-4-1', rule: /^class think from header/ },
  { name: 'header "main" → default, even for a Haiku model', headers: { 'x-claude-code-request-class': 'main' }, body: { model: 'claude-haiku-4-5' }, model: 'claude-haiku-4-5', rule: /^class default from header/ },
  // by the request itself
  { name: 'Haiku-family model → background', body: { model: 'claude-haiku-4-5' }, model: 'gemini-2.5-flash', rule: /^background: Haiku-family model claude-haiku-4-5$/ },
  { name: 'warm-up → background', body: user('Warmup'), model: 'gemini-2.5-flash', rule: /^background: warm-up request$/ },
  { name: 'title request → background', body: { system: 'Summarize this coding conversation in a short title of at most 6 words.' }, model: 'gemini-2.5-flash', rule: /^background: title request$/ },
  { name: 'subagent marker → subagent', body: { system: 'You are an agent for Claude Code, Anthropic\'s official CLI for Claude. Given the user\'s message, use the tools available to complete the task.' }, model: 'gpt-4o-mini', rule: /^subagent: subagent marker/ },
  { name: 'thinking → think', body: { max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 } }, model: 'claude-opus-4-1', rule: /^think: thinking enabled$/ },
  { name: 'long input → longContext', body: user('lorem ipsum dolor sit amet '.repeat(600)), model: 'gemini-2.5-pro', rule: /^longContext: [\d ]+ tokens > 2 000$/ },
  { name: 'image part → image', body: user([{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1PX } }, { type: 'text', text: 'what is this?' }]), model: 'gpt-4o', rule: /^image: image input$/ },
  { name: 'web search tool → webSearch', body: { tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }] }, model: 'gpt-4o-search-preview', rule: /^webSearch: web search tool$/ },
  { name: 'nothing special → default', model: 'claude-sonnet-4-5', rule: /^class default \(no rule matched\)$/ },
  // an explicit modelMapping for the exact client model wins over the class route
  { name: 'modelMapping wins', body: { model: 'claude-3-5-haiku-20241022' }, model: 'claude-sonnet-4-5', rule: /^background: Haiku-family model/ },
];

test('request classes: by header and by heuristic, each routed and recorded with its rule', async () => {
  const vendor = await FakeVendor.start((req, res) => answerWell(req, res));
  const dataDir = mkdtempSync(join(tmpdir(), 'routing-classes-'));
  const proxy = await startProxy({
    accounts: [
      { id: 'anthropic', kind: 'anthropic', label: 'Anthropic', baseUrl: vendor.url, apiKey: 'sk-ant-test-key', enabled: true },
      { id: 'gemini', kind: 'gemini', label: 'Gemini', baseUrl: vendor.url, apiKey: 'AIza-test-key', enabled: true },
      { id: 'openai', kind: 'openai', label: 'OpenAI', baseUrl: `${vendor.url}/v1`, apiKey: 'sk-openai-test-key', enabled: true },
    ],
    routes: {
      background: 'gemini-2.5-flash',
      subagent: 'gpt-4o-mini',
      think: 'claude-opus-4-1',
      longContext: 'gemini-2.5-pro',
      image: 'gpt-4o',
      webSearch: 'gpt-4o-search-preview',
    },
    longContextThreshold: 2000,
    modelMapping: { 'claude-3-5-haiku-20241022': 'claude-sonnet-4-5' },
  }, { dataDir });
  try {
    for (const c of cases) {
      const body = { model: 'claude-sonnet-4-5', max_tokens: 64, ...user('hello'), ...c.body };
      const r = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', headers: c.headers, body: JSON.stringify(body) });
      assert.equal(r.status, 200, `${c.name}: ${await r.clone().text()}`);
      await r.text();
      assert.equal(r.headers.get('x-antigravity-model'), c.model, c.name);
    }
    await sleep(50);
    const recs = proxy.server.monitor()!.list().slice(0, cases.length).reverse();
    assert.equal(recs.length, cases.length);
    cases.forEach((c, i) => {
      assert.equal(recs[i]!.upstreamModel, c.model, c.name);
      assert.ok(recs[i]!.notes.some((n) => c.rule.test(n)), `${c.name}: ${recs[i]!.notes.join(' | ')}`);
    });
    assert.ok(recs.at(-1)!.notes.includes('modelMapping for claude-3-5-haiku-20241022 wins over routes.background'));
    assert.ok(recs[0]!.notes.includes('routes.background → gemini-2.5-flash'));
  } finally {
    await proxy.stop();
    await vendor.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
