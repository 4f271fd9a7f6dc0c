/**
 * Issue 17: prompt caching across dialects. OpenAI chat, Responses and Gemini clients served by
 * an Anthropic account get `cache_control` breakpoints (last tool, system, the last stable turn;
 * at most 4); an Anthropic client's own breakpoints pass through. The caching fake bills reads and
 * writes as Anthropic does, and every dialect reports them in its own usage fields; the monitor's
 * usage totals show the hit rate per account. `promptCaching: "off"` sends no breakpoint.
 */
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { startCachingAnthropic, toolSessionScript, type CacheAccount, type FakeVendor } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import { toolSessionClient, type ClientDialect } from '../support/tool-session-clients';
import { groupUsage, usageCells } from '../../src/monitor/usage-view';

const SYSTEM = `You are a careful assistant. ${'Follow the house rules exactly. '.repeat(200)}`;
const KEY = 'key-caching-anthropic';
const KEY_OFF = 'key-caching-off';

/** Cached (read) and cache-write tokens as each dialect reports them; write only where the dialect has a field. */
function cachedOf(dialect: ClientDialect, usage: any): { read: number; input: number; write?: number } {
  switch (dialect) {
    case 'anthropic': return { read: usage.cache_read_input_tokens, write: usage.cache_creation_input_tokens, input: usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens };
    case 'openai-chat': return { read: usage.prompt_tokens_details.cached_tokens, input: usage.prompt_tokens };
    case 'openai-responses': return { read: usage.input_tokens_details.cached_tokens, input: usage.input_tokens };
    default: return { read: usage.cachedContentTokenCount ?? 0, input: usage.promptTokenCount };
  }
}

const breakpointsIn = (v: unknown): number => (Array.isArray(v) ? v.reduce((n, x) => n + breakpointsIn(x), 0)
  : v && typeof v === 'object' ? Object.entries(v).reduce((n, [k, x]) => n + (k === 'cache_control' ? 1 : breakpointsIn(x)), 0) : 0);

describe('prompt caching across dialects (Anthropic account)', () => {
  let proxy: RunningProxy;
  let vendor: FakeVendor & { cacheLog: CacheAccount[] };
  let off: FakeVendor & { cacheLog: CacheAccount[] };
  const dataDir = mkdtempSync(join(tmpdir(), 'agp-cache-'));

  before(async () => {
    vendor = await startCachingAnthropic(KEY, toolSessionScript('anthropic', KEY, 2));
    off = await startCachingAnthropic(KEY_OFF, toolSessionScript('anthropic', KEY_OFF, 2));
    proxy = await startProxy({
      scheduling: 'fill-first',
      monitor: { enabled: true, captureBodies: 'none', maxEntries: 100 },
      accounts: [
        account('anthropic', vendor.accountBaseUrl, { id: 'acct-cache', apiKey: KEY, models: ['claude-sonnet-4-5'] }),
        account('anthropic', off.accountBaseUrl, { id: 'acct-off', apiKey: KEY_OFF, models: ['claude-opus-4-1'], promptCaching: 'off' }),
      ],
    }, { dataDir });
  });

  after(async () => {
    await proxy?.stop();
    await vendor?.close();
    await off?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const dialect of ['openai-chat', 'openai-responses', 'gemini', 'anthropic'] as ClientDialect[]) {
    it(`${dialect} client: breakpoints at the vendor, cached tokens in the client's usage`, async () => {
      vendor.requests.length = 0;
      vendor.cacheLog.length = 0;
      // A system prompt of its own: another session's cached prefix must not answer turn 1.
      const client = toolSessionClient(dialect, `cache-${dialect}-${Date.now()}`, `${dialect}: ${SYSTEM}`);
      for (let k = 1; k <= 3; k++) {
        const stream = k === 2;
        const r = await fetch(`${proxy.url}${client.path('claude-sonnet-4-5', stream)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(client.body('claude-sonnet-4-5', stream)) });
        const text = await r.text();
        assert.equal(r.status, 200, text.slice(0, 500));
        const answer = client.read(text, stream);
        const sent = vendor.generateRecords().at(-1)!.json;
        const billed = vendor.cacheLog.at(-1)!;
        if (dialect !== 'anthropic') {
          assert.ok(sent.tools.at(-1).cache_control, `turn ${k}: last tool marked`);
          assert.ok(sent.system.at(-1).cache_control, `turn ${k}: system marked`);
          assert.ok(breakpointsIn(sent) <= 4, 'at most 4 breakpoints');
          const newestUser = sent.messages.map((m: any) => m.role).lastIndexOf('user');
          if (k === 1) assert.equal(breakpointsIn(sent), 2, 'no stable turn yet');
          else {
            const stable = sent.messages[newestUser - 1];
            assert.equal(stable.role, 'assistant');
            assert.ok(stable.content.at(-1).cache_control, `turn ${k}: the last stable turn marked`);
            assert.equal(breakpointsIn(sent), 3);
          }
        } else {
          assert.deepEqual(sent.system, [{ type: 'text', text: `${dialect}: ${SYSTEM}`, cache_control: { type: 'ephemeral' } }], "the client's own breakpoint, unchanged");
        }
        const got = cachedOf(dialect, client.usage(answer));
        assert.equal(got.read, billed.read, `turn ${k}: cache reads reported`);
        assert.equal(got.input, billed.input + billed.read + billed.write, `turn ${k}: input includes cached and written`);
        if (got.write !== undefined) assert.equal(got.write, billed.write);
        if (k === 1) assert.ok(billed.write > 0, 'turn 1 writes the cache');
        else assert.ok(billed.read > 1000, `turn ${k} reads the system prompt and more from the cache (${billed.read})`);
        client.append(answer, k);
      }
    });
  }

  it('promptCaching "off": no breakpoint is originated', async () => {
    const client = toolSessionClient('openai-chat', `cache-off-${Date.now()}`, SYSTEM);
    for (let k = 1; k <= 2; k++) {
      const r = await fetch(`${proxy.url}${client.path('claude-opus-4-1', false)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(client.body('claude-opus-4-1', false)) });
      assert.equal(r.status, 200);
      const answer = await r.json();
      assert.equal(breakpointsIn(off.generateRecords().at(-1)!.json), 0);
      assert.equal((answer as any).usage.prompt_tokens_details.cached_tokens, 0);
      client.append(answer, k);
    }
  });

  it('the monitor shows the cache hit rate per account', () => {
    const groups = groupUsage(proxy.server.monitor()!.usage(), 'account');
    const cached = groups.find((g) => g.key === 'acct-cache')!;
    const none = groups.find((g) => g.key === 'acct-off')!;
    assert.ok(cached.cachedTokens > 0 && cached.cachedTokens < cached.inputTokens);
    assert.match(usageCells(cached).cacheHit, /^[1-9]\d? %$/);
    assert.equal(usageCells(none).cacheHit, '0 %');
  });
});
