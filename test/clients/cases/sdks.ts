import { CaseFailure, checkSignatureBack, checkToolResultsArrived, must } from '../checks';
import { CLIENT_MODELS, WILDCARD_MODELS, mappedModel, sameDialect, wildcardModel, type CaseCtx, type ClientDef, type ClientDialect, type ScenarioDef } from '../matrix';
import { pong, sdkScript, weatherResult } from '../scripts';
import type { PinName } from '../versions';
import { signatureTravels } from './cli-common';
import { anthropic, genai, generativeAi, openaiChat, openaiResponses, type SdkAdapter, type SdkTurn } from './sdk-adapters';

interface SdkSpec {
  name: string;
  aliases: string[];
  pin: PinName;
  dialect: ClientDialect;
  adapter: SdkAdapter;
  model: string;
  wildcard: string;
}

/** Runs an SDK call in-process with a time limit; the transcript becomes the case's "stdout". */
async function withTranscript<T>(ctx: CaseCtx, turns: unknown[], fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      fn(),
      new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new CaseFailure(`SDK call did not finish within ${ctx.timeoutMs / 1000} s`)), ctx.timeoutMs))),
    ]);
  } catch (e) {
    const err = e as { status?: number; error?: unknown; message?: string };
    ctx.out.stderr += `${err?.status ? `HTTP ${err.status} ` : ''}${err?.message}\n${err?.error ? JSON.stringify(err.error) : ''}\n`;
    throw e instanceof CaseFailure ? e : new CaseFailure(`the SDK call failed: ${err?.status ? `HTTP ${err.status}: ` : ''}${err?.message}`);
  } finally {
    clearTimeout(timer);
    ctx.out.ms = Date.now() - t0;
    ctx.out.stdout = JSON.stringify(turns, null, 2);
  }
}

function sdkScenarios(s: SdkSpec): ScenarioDef[] {
  const a = s.adapter;
  const one = (name: string, o: { stream: boolean; reasoning?: boolean; wildcard?: boolean }): ScenarioDef => ({
    name,
    expectModel: o.wildcard ? wildcardModel : mappedModel,
    script: (c) => sdkScript({ marker: c.marker, reasoning: o.reasoning, signature: c.signature }),
    run: async (c) => {
      const turns: SdkTurn[] = [];
      const conv = a.start('Say pong.');
      const t = await withTranscript(c, turns, async () => {
        const r = await a.turn(c, conv, { stream: o.stream, tools: false, reasoning: !!o.reasoning, model: o.wildcard ? s.wildcard : s.model });
        turns.push(r);
        return r;
      });
      must(t.text === pong(c.marker), `the SDK returned text ${JSON.stringify(t.text)}, expected ${JSON.stringify(pong(c.marker))}`);
      if (o.stream) must(t.deltas >= 2, `the SDK saw ${t.deltas} text delta(s): the answer was not streamed`);
      if (o.reasoning) {
        must(t.reasoning.includes(`THINK-${c.marker}`), `the reasoning did not reach the client (got ${JSON.stringify(t.reasoning)})`);
        if (signatureTravels(s.dialect, c) && sameDialect(s.dialect, c.upstream)) {
          must(t.signature === c.signature, `the reasoning signature changed on the way: ${JSON.stringify(t.signature)} ≠ ${c.signature}`);
        }
      }
    },
  });
  const tool = (name: string, o: { stream: boolean; cities: string[]; reasoning?: boolean }): ScenarioDef => ({
    name,
    script: (c) => sdkScript({ marker: c.marker, cities: o.cities, reasoning: o.reasoning, signature: c.signature }),
    run: async (c) => {
      const turns: SdkTurn[] = [];
      const conv = a.start(`What is the weather in ${o.cities.join(' and ')}?`);
      const opts = { stream: o.stream, tools: true, reasoning: !!o.reasoning, model: s.model };
      const first = await withTranscript(c, turns, async () => {
        const r = await a.turn(c, conv, opts);
        turns.push(r);
        return r;
      });
      const cities = first.calls.map((x) => x.args?.city);
      must(first.calls.length === o.cities.length && first.calls.every((x) => x.name === 'get_weather'), `expected ${o.cities.length} get_weather call(s), the SDK saw ${JSON.stringify(first.calls)}`);
      must(JSON.stringify(cities) === JSON.stringify(o.cities), `tool arguments changed on the way: ${JSON.stringify(cities)}`);
      if (o.reasoning) must(first.reasoning.includes(`THINK-${c.marker}`), `the reasoning before the tool call did not reach the client (got ${JSON.stringify(first.reasoning)})`);
      a.addToolResults(conv, first, first.calls.map((call) => ({ call, text: weatherResult(call.args.city, c.marker) })));
      const second = await withTranscript(c, turns, async () => {
        const r = await a.turn(c, conv, opts);
        turns.push(r);
        return r;
      });
      must(second.text.startsWith(`FINAL-${c.marker}`) && o.cities.every((city) => second.text.includes(weatherResult(city, c.marker))), `the final answer does not quote the tool results: ${JSON.stringify(second.text)}`);
    },
    checkUpstream: (c) => {
      checkToolResultsArrived(c, o.cities.map((city) => weatherResult(city, c.marker)));
      if (o.reasoning && signatureTravels(s.dialect, c)) checkSignatureBack(c);
    },
  });
  const list: ScenarioDef[] = [
    one('text', { stream: false }),
    one('stream', { stream: true }),
    tool('tool', { stream: false, cities: ['Paris'] }),
    tool('tool-stream', { stream: true, cities: ['Paris', 'Tokyo'], reasoning: true }),
    one('reasoning', { stream: false, reasoning: true }),
    one('wildcard-model', { stream: false, wildcard: true }),
  ];
  if (a.countTokens) {
    list.push({
      name: 'count-tokens',
      upstreamCalled: false,
      script: (c) => sdkScript({ marker: c.marker, signature: c.signature }),
      run: async (c) => {
        const n = await withTranscript(c, [], () => a.countTokens!(c, s.model));
        c.out.stdout = JSON.stringify({ tokens: n });
        must(typeof n === 'number' && n > 0, `count_tokens answered ${JSON.stringify(n)}, expected a positive count`);
      },
    });
  }
  if (a.listModels) {
    list.push({
      name: 'models',
      upstreamCalled: false,
      translationFree: true,
      script: (c) => sdkScript({ marker: c.marker, signature: c.signature }),
      run: async (c) => {
        const ids = await withTranscript(c, [], () => a.listModels!(c));
        c.out.stdout = JSON.stringify(ids);
        must(ids.includes(s.model) || ids.includes(mappedModel(c.upstream)), `the model list ${JSON.stringify(ids)} has neither the mapping key ${s.model} nor the upstream model ${mappedModel(c.upstream)}`);
      },
    });
  }
  return list;
}

const SPECS: SdkSpec[] = [
  { name: 'openai-sdk-chat', aliases: ['openai-sdk', 'openai', 'sdk'], pin: 'openai', dialect: 'openai-chat', adapter: openaiChat, model: CLIENT_MODELS.openai, wildcard: WILDCARD_MODELS.openai },
  { name: 'openai-sdk-responses', aliases: ['openai-sdk', 'openai', 'sdk', 'responses'], pin: 'openai', dialect: 'openai-responses', adapter: openaiResponses, model: CLIENT_MODELS.openai, wildcard: WILDCARD_MODELS.openai },
  { name: 'anthropic-sdk', aliases: ['anthropic', 'sdk'], pin: 'anthropic-sdk', dialect: 'anthropic', adapter: anthropic, model: CLIENT_MODELS.anthropic, wildcard: WILDCARD_MODELS.anthropic },
  { name: 'google-genai', aliases: ['genai', 'sdk'], pin: 'genai', dialect: 'gemini', adapter: genai, model: CLIENT_MODELS.gemini, wildcard: WILDCARD_MODELS.gemini },
  { name: 'google-generative-ai', aliases: ['generative-ai', 'sdk'], pin: 'generative-ai', dialect: 'gemini', adapter: generativeAi, model: CLIENT_MODELS.gemini, wildcard: WILDCARD_MODELS.gemini },
];

export const SDK_CLIENTS: ClientDef[] = SPECS.map((s) => ({ name: s.name, aliases: s.aliases, dialect: s.dialect, pin: s.pin, scenarios: sdkScenarios(s) }));
