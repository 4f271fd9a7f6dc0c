/**
 * Issue 17: reasoning survives a switch of account, model or family. One 6-turn tool session per
 * client dialect changes account and family every turn — Anthropic A, Gemini 3 G, DeepSeek D,
 * Anthropic B, G again, A again — against fakes that validate reasoning like the real vendors
 * (test/fakes/vendor/thinking.ts), streamed and whole answers alternating. Not one vendor 400;
 * a vendor that sees its own history again gets its own signatures back (never another's, never
 * the Gemini skip placeholder for its own call), DeepSeek gets `reasoning_content` on every
 * assistant tool-call turn.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { anthropicSignature, GEMINI_SKIP, geminiCallSignature, startThinkingVendor, type FakeVendor } from '../fakes/vendor';
import { account, startProxy, type RunningProxy } from '../support/proxy-harness';
import { toolSessionClient, type ClientDialect } from '../support/tool-session-clients';

const KEYS = { A: 'key-anthropic-a', B: 'key-anthropic-b', G: 'key-gemini-g', D: 'key-deepseek-d' };
const MODELS = { A: 'claude-sonnet-4-5', B: 'claude-opus-4-1', G: 'gemini-3-pro-preview', D: 'deepseek-reasoner' };
const ROUTE: Array<keyof typeof KEYS> = ['A', 'G', 'D', 'B', 'G', 'A'];

describe('reasoning survives a switch of account and family (6-turn tool sessions)', () => {
  let proxy: RunningProxy;
  const v = {} as Record<keyof typeof KEYS, FakeVendor>;

  before(async () => {
    v.A = await startThinkingVendor('anthropic', KEYS.A);
    v.B = await startThinkingVendor('anthropic', KEYS.B);
    v.G = await startThinkingVendor('gemini', KEYS.G);
    v.D = await startThinkingVendor('deepseek', KEYS.D);
    // fill-first: each turn goes to the account serving its model (sticky would keep the session on A).
    proxy = await startProxy({
      scheduling: 'fill-first',
      accounts: [
        account('anthropic', v.A.accountBaseUrl, { id: 'acct-a', apiKey: KEYS.A, models: [MODELS.A] }),
        account('anthropic', v.B.accountBaseUrl, { id: 'acct-b', apiKey: KEYS.B, models: [MODELS.B] }),
        account('gemini', v.G.accountBaseUrl, { id: 'acct-g', apiKey: KEYS.G, models: [MODELS.G] }),
        account('openai', v.D.accountBaseUrl, { id: 'acct-d', apiKey: KEYS.D, models: [MODELS.D] }),
      ],
    });
  });

  after(async () => {
    await proxy?.stop();
    await Promise.all(Object.values(v).map((x) => x.close()));
  });

  // Back on the account that wrote the history, passed through unchanged but for the proxy's own
  // tags from the turn served elsewhere (which the vendor would refuse).
  for (const [dialect, route] of [['anthropic', ['A', 'G', 'A', 'A']], ['gemini', ['G', 'A', 'G', 'G']]] as Array<[ClientDialect, Array<keyof typeof KEYS>]>) {
    it(`${dialect} client back on its own account after a turn elsewhere: ${route.join(' → ')}`, async () => {
      for (const x of Object.values(v)) x.requests.length = 0;
      const client = toolSessionClient(dialect, `return-${dialect}-${Date.now()}`);
      for (let k = 1; k <= route.length; k++) {
        const who = route[k - 1]!;
        const r = await fetch(`${proxy.url}${client.path(MODELS[who], false)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(client.body(MODELS[who], false)) });
        const text = await r.text();
        assert.equal(r.status, 200, `turn ${k} (${who}): ${text.slice(0, 600)}`);
        client.append(client.read(text, false), k);
      }
      const last = v[route[3]!].generateRecords().at(-1)!;
      assert.ok(!last.body.includes('"ag:'), 'no proxy tag reaches the vendor');
      // The vendor's own reasoning from turns 1 and 3 is still there.
      if (dialect === 'anthropic') {
        const sigs = last.json.messages.flatMap((m: any) => (m.role === 'assistant' ? m.content.filter((b: any) => b.type === 'thinking').map((b: any) => b.signature) : []));
        assert.deepEqual(sigs, [1, 3].map((k) => anthropicSignature(KEYS.A, `anthropic thinks about step ${k}`)));
        assert.ok(last.json.thinking, 'thinking stays on');
      } else {
        const calls = last.json.contents.filter((c: any) => c.role === 'model').map((c: any) => c.parts.find((p: any) => p.functionCall)?.thoughtSignature);
        assert.deepEqual(calls, [geminiCallSignature(KEYS.G, 'step', { k: 1 }), GEMINI_SKIP, geminiCallSignature(KEYS.G, 'step', { k: 3 })]);
      }
    });
  }

  for (const dialect of ['anthropic', 'openai-chat', 'openai-responses', 'gemini'] as ClientDialect[]) {
    it(`${dialect} client: 0 vendor 400s, own signatures back, foreign ones dropped`, async () => {
      for (const x of Object.values(v)) x.requests.length = 0;
      const client = toolSessionClient(dialect, `session-${dialect}-${Date.now()}`);
      for (let k = 1; k <= 6; k++) {
        const who = ROUTE[k - 1]!;
        const stream = k % 2 === 0;
        const r = await fetch(`${proxy.url}${client.path(MODELS[who], stream)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(client.body(MODELS[who], stream)) });
        const text = await r.text();
        assert.equal(r.status, 200, `turn ${k} (${who}, stream ${stream}): ${text.slice(0, 600)}`);
        assert.equal(v[who].generateRecords().at(-1)?.turn !== undefined, true, `turn ${k} served by ${who}: ${JSON.stringify(Object.entries(v).map(([n, x]) => [n, x.requests.map((q) => [q.path, q.status, q.refused])]))}`);
        assert.equal(v[who].generateRecords().filter((q) => q.turn).length, ROUTE.slice(0, k).filter((x) => x === who).length, `turn ${k} served by ${who}`);
        const answer = client.read(text, stream);
        const calls = client.calls(answer);
        if (k <= 5) assert.deepEqual(calls.map((c) => c.name), ['step'], `turn ${k} calls the tool`);
        else assert.equal(calls.length, 0, 'turn 6 answers');
        client.append(answer, k);
      }
      const refused = Object.entries(v).flatMap(([n, x]) => x.requests.filter((q) => q.refused).map((q) => `${n}: ${q.refused}`));
      assert.deepEqual(refused, [], 'no vendor refused a request');
      assert.deepEqual(Object.fromEntries(Object.entries(v).map(([n, x]) => [n, x.generateRecords().length])), { A: 2, B: 1, G: 2, D: 1 });

      // DeepSeek (turn 3) got reasoning_content on both earlier tool-call turns, A's thinking text included.
      const dsAssistant = v.D.generateRecords()[0]!.json.messages.filter((m: any) => m.role === 'assistant');
      assert.equal(dsAssistant.length, 2);
      for (const m of dsAssistant) assert.equal(typeof m.reasoning_content, 'string');
      assert.match(dsAssistant[0].reasoning_content, /anthropic thinks about step 1/);

      // B (turn 4) never saw A's signature.
      const aSig1 = anthropicSignature(KEYS.A, 'anthropic thinks about step 1');
      assert.ok(!v.B.generateRecords()[0]!.body.includes(aSig1), "A's signature is not sent to B");

      if (dialect === 'gemini' || dialect === 'anthropic') return; // same-dialect passthrough after a move strips all reasoning (see strip-foreign-reasoning.ts)
      // G (turn 5) got its own turn-2 signature back on its call, the placeholder only on calls it did not issue.
      const model = v.G.generateRecords()[1]!.json.contents.filter((c: any) => c.role === 'model');
      const callSigs = model.map((c: any) => c.parts.find((p: any) => p.functionCall)).map((p: any) => [p.functionCall.args.k, p.thoughtSignature]);
      assert.deepEqual(callSigs, [[1, GEMINI_SKIP], [2, geminiCallSignature(KEYS.G, 'step', { k: 2 })], [3, GEMINI_SKIP], [4, GEMINI_SKIP]]);
      // A (turn 6) got its turn-1 thinking back, signed, and nothing signed by B.
      const aBody = v.A.generateRecords()[1]!.json;
      const thinking = aBody.messages.filter((m: any) => m.role === 'assistant').flatMap((m: any) => m.content.filter((b: any) => b.type === 'thinking'));
      assert.deepEqual(thinking.map((b: any) => b.signature), [aSig1]);
    });
  }
});
