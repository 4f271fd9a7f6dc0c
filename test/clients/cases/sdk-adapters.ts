import { createRequire } from 'node:module';
import { join } from 'node:path';
import { installDir } from '../install';
import type { CaseCtx } from '../matrix';
import { WEATHER_TOOL } from '../scripts';
import { PINS, type PinName } from '../versions';

/** One SDK turn, reduced to what the scenarios assert on. */
export interface SdkTurn {
  text: string;
  reasoning: string;
  signature?: string;
  calls: { id: string; name: string; args: any }[];
  /** text deltas seen (stream only) */
  deltas: number;
  finish?: unknown;
  usage?: unknown;
  /** what to send back as the assistant/model turn */
  echo: unknown;
}

export interface TurnOptions {
  stream: boolean;
  tools: boolean;
  reasoning: boolean;
  model: string;
}

/** A conversation in one SDK's own shapes. */
export interface SdkAdapter {
  start(prompt: string): any;
  turn(ctx: CaseCtx, conv: any, o: TurnOptions): Promise<SdkTurn>;
  addToolResults(conv: any, t: SdkTurn, results: { call: SdkTurn['calls'][number]; text: string }[]): void;
  countTokens?(ctx: CaseCtx, model: string): Promise<number>;
  listModels?(ctx: CaseCtx): Promise<string[]>;
}

/** The SDK from its pinned install in the client cache (not from the repo's node_modules). */
export function loadSdk(pin: PinName): any {
  return createRequire(join(installDir(pin), 'package.json'))(PINS[pin].pkg);
}

const parseArgs = (s: string) => {
  try {
    return s ? JSON.parse(s) : {};
  } catch {
    return { __unparsable: s };
  }
};

const geminiSchema = { type: 'OBJECT', properties: { city: { type: 'STRING', description: 'City name' } }, required: ['city'] };

export const openaiChat: SdkAdapter = {
  start: (prompt) => ({ messages: [{ role: 'user', content: prompt }] }),
  async turn(ctx, conv, o) {
    const OpenAI = loadSdk('openai');
    const client = new OpenAI({ baseURL: `${ctx.proxyUrl}/v1`, apiKey: ctx.proxyKey, maxRetries: 0, timeout: ctx.timeoutMs });
    const params: any = { model: o.model, messages: conv.messages };
    if (o.tools) params.tools = [{ type: 'function', function: { name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, parameters: WEATHER_TOOL.schema } }];
    if (o.reasoning) params.reasoning_effort = 'low';
    if (!o.stream) {
      const r = await client.chat.completions.create(params);
      const m = r.choices[0].message;
      return {
        text: m.content ?? '',
        reasoning: (m as any).reasoning_content ?? '',
        calls: (m.tool_calls ?? []).map((c: any) => ({ id: c.id, name: c.function.name, args: parseArgs(c.function.arguments) })),
        deltas: 0,
        finish: r.choices[0].finish_reason,
        usage: r.usage,
        echo: m,
      };
    }
    const s = await client.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
    const out: SdkTurn = { text: '', reasoning: '', calls: [], deltas: 0, echo: undefined };
    const byIndex: any[] = [];
    for await (const chunk of s) {
      if (chunk.usage) out.usage = chunk.usage;
      const ch = chunk.choices?.[0];
      if (!ch) continue;
      if (ch.delta?.content) {
        out.text += ch.delta.content;
        out.deltas++;
      }
      if ((ch.delta as any)?.reasoning_content) out.reasoning += (ch.delta as any).reasoning_content;
      for (const tc of ch.delta?.tool_calls ?? []) {
        const cur = (byIndex[tc.index] ??= { id: '', name: '', args: '' });
        if (tc.id) cur.id = tc.id;
        if (tc.function?.name) cur.name += tc.function.name;
        if (tc.function?.arguments) cur.args += tc.function.arguments;
      }
      if (ch.finish_reason) out.finish = ch.finish_reason;
    }
    out.calls = byIndex.filter(Boolean).map((c) => ({ id: c.id, name: c.name, args: parseArgs(c.args) }));
    return out;
  },
  addToolResults(conv, t, results) {
    conv.messages.push({
      role: 'assistant',
      content: t.text || null,
      tool_calls: t.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } })),
    });
    for (const r of results) conv.messages.push({ role: 'tool', tool_call_id: r.call.id, content: r.text });
  },
  async listModels(ctx) {
    const OpenAI = loadSdk('openai');
    const client = new OpenAI({ baseURL: `${ctx.proxyUrl}/v1`, apiKey: ctx.proxyKey, maxRetries: 0 });
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    return ids;
  },
};

function responsesParse(output: any[], out: SdkTurn): SdkTurn {
  out.echo = output;
  const texts = output.filter((i) => i.type === 'message').flatMap((i) => i.content.filter((c: any) => c.type === 'output_text').map((c: any) => c.text));
  if (!out.text) out.text = texts.join('');
  const rs = output.filter((i) => i.type === 'reasoning');
  if (!out.reasoning) out.reasoning = rs.flatMap((i) => (i.summary ?? []).map((s: any) => s.text)).join('');
  out.signature = rs.find((i) => i.encrypted_content)?.encrypted_content;
  out.calls = output.filter((i) => i.type === 'function_call').map((i) => ({ id: i.call_id, name: i.name, args: parseArgs(i.arguments) }));
  return out;
}

export const openaiResponses: SdkAdapter = {
  start: (prompt) => ({ input: [{ role: 'user', content: prompt }] }),
  async turn(ctx, conv, o) {
    const OpenAI = loadSdk('openai');
    const client = new OpenAI({ baseURL: `${ctx.proxyUrl}/v1`, apiKey: ctx.proxyKey, maxRetries: 0, timeout: ctx.timeoutMs });
    const params: any = { model: o.model, input: conv.input, store: false, include: ['reasoning.encrypted_content'] };
    if (o.tools) params.tools = [{ type: 'function', name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, parameters: WEATHER_TOOL.schema, strict: false }];
    if (o.reasoning) params.reasoning = { effort: 'low', summary: 'auto' };
    const out: SdkTurn = { text: '', reasoning: '', calls: [], deltas: 0, echo: undefined };
    if (!o.stream) {
      const r = await client.responses.create(params);
      out.usage = r.usage;
      out.finish = r.status;
      responsesParse(r.output, out);
      if (r.output_text !== out.text) throw new Error(`SDK output_text ${JSON.stringify(r.output_text)} ≠ message text ${JSON.stringify(out.text)}`);
      return out;
    }
    const s = await client.responses.create({ ...params, stream: true });
    const done: any[] = [];
    let completed: any;
    for await (const ev of s) {
      if (ev.type === 'response.output_text.delta') {
        out.text += ev.delta;
        out.deltas++;
      } else if (ev.type === 'response.reasoning_summary_text.delta') out.reasoning += ev.delta;
      else if (ev.type === 'response.output_item.done') done.push(ev.item);
      else if (ev.type === 'response.completed') completed = ev.response;
    }
    if (!completed) throw new Error('the stream ended without response.completed');
    out.usage = completed.usage;
    out.finish = completed.status;
    return responsesParse(completed.output?.length ? completed.output : done, out);
  },
  addToolResults(conv, t, results) {
    conv.input.push(...(t.echo as any[]));
    for (const r of results) conv.input.push({ type: 'function_call_output', call_id: r.call.id, output: r.text });
  },
};

function anthropicParse(m: any, out: SdkTurn): SdkTurn {
  out.echo = m.content;
  out.text = m.content.filter((b: any) => b.type === 'text').map((b: any) => b.text).join('');
  out.reasoning = m.content.filter((b: any) => b.type === 'thinking').map((b: any) => b.thinking).join('');
  out.signature = m.content.find((b: any) => b.type === 'thinking')?.signature;
  out.calls = m.content.filter((b: any) => b.type === 'tool_use').map((b: any) => ({ id: b.id, name: b.name, args: b.input }));
  out.finish = m.stop_reason;
  out.usage = m.usage;
  return out;
}

function anthropicClient(ctx: CaseCtx) {
  const Anthropic = loadSdk('anthropic-sdk');
  return new Anthropic({ baseURL: ctx.proxyUrl, apiKey: ctx.proxyKey, maxRetries: 0, timeout: ctx.timeoutMs });
}

export const anthropic: SdkAdapter = {
  start: (prompt) => ({ messages: [{ role: 'user', content: prompt }] }),
  async turn(ctx, conv, o) {
    const client = anthropicClient(ctx);
    const params: any = { model: o.model, max_tokens: 2048, messages: conv.messages };
    if (o.tools) params.tools = [{ name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, input_schema: WEATHER_TOOL.schema }];
    if (o.reasoning) params.thinking = { type: 'enabled', budget_tokens: 1024 };
    const out: SdkTurn = { text: '', reasoning: '', calls: [], deltas: 0, echo: undefined };
    if (!o.stream) return anthropicParse(await client.messages.create(params), out);
    const s = client.messages.stream(params);
    for await (const ev of s) if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') out.deltas++;
    return anthropicParse(await s.finalMessage(), out);
  },
  addToolResults(conv, t, results) {
    conv.messages.push({ role: 'assistant', content: t.echo });
    conv.messages.push({ role: 'user', content: results.map((r) => ({ type: 'tool_result', tool_use_id: r.call.id, content: r.text })) });
  },
  async countTokens(ctx, model) {
    const r = await anthropicClient(ctx).messages.countTokens({ model, messages: [{ role: 'user', content: 'How many tokens is this sentence?' }] });
    return r.input_tokens;
  },
  async listModels(ctx) {
    const ids: string[] = [];
    for await (const m of anthropicClient(ctx).models.list()) ids.push(m.id);
    return ids;
  },
};

function geminiParse(parts: any[], out: SdkTurn): SdkTurn {
  out.echo = parts;
  out.text = parts.filter((p) => typeof p.text === 'string' && !p.thought).map((p) => p.text).join('');
  out.reasoning = parts.filter((p) => p.thought && typeof p.text === 'string').map((p) => p.text).join('');
  out.signature = parts.find((p) => p.thoughtSignature)?.thoughtSignature;
  out.calls = parts.filter((p) => p.functionCall).map((p, i) => ({ id: p.functionCall.id ?? `#${i}`, name: p.functionCall.name, args: p.functionCall.args ?? {} }));
  return out;
}

const geminiResults = (results: { call: SdkTurn['calls'][number]; text: string }[]) =>
  results.map((r) => ({ functionResponse: { ...(r.call.id.startsWith('#') ? {} : { id: r.call.id }), name: r.call.name, response: { result: r.text } } }));

function genaiClient(ctx: CaseCtx) {
  const { GoogleGenAI } = loadSdk('genai');
  return new GoogleGenAI({ apiKey: ctx.proxyKey, httpOptions: { baseUrl: ctx.proxyUrl, timeout: ctx.timeoutMs } });
}

export const genai: SdkAdapter = {
  start: (prompt) => ({ contents: [{ role: 'user', parts: [{ text: prompt }] }] }),
  async turn(ctx, conv, o) {
    const ai = genaiClient(ctx);
    const config: any = {};
    if (o.tools) config.tools = [{ functionDeclarations: [{ name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, parameters: geminiSchema }] }];
    if (o.reasoning) config.thinkingConfig = { includeThoughts: true, thinkingBudget: 1024 };
    const req = { model: o.model, contents: conv.contents, config };
    const out: SdkTurn = { text: '', reasoning: '', calls: [], deltas: 0, echo: undefined };
    if (!o.stream) {
      const r = await ai.models.generateContent(req);
      out.finish = r.candidates?.[0]?.finishReason;
      out.usage = r.usageMetadata;
      return geminiParse(r.candidates?.[0]?.content?.parts ?? [], out);
    }
    const parts: any[] = [];
    for await (const c of await ai.models.generateContentStream(req)) {
      const ps = c.candidates?.[0]?.content?.parts ?? [];
      out.deltas += ps.filter((p: any) => typeof p.text === 'string' && !p.thought).length;
      parts.push(...ps);
      if (c.candidates?.[0]?.finishReason) out.finish = c.candidates[0].finishReason;
      if (c.usageMetadata) out.usage = c.usageMetadata;
    }
    const d = out.deltas;
    geminiParse(parts, out);
    out.deltas = d;
    return out;
  },
  addToolResults(conv, t, results) {
    conv.contents.push({ role: 'model', parts: t.echo });
    conv.contents.push({ role: 'user', parts: geminiResults(results) });
  },
  async countTokens(ctx, model) {
    const r = await genaiClient(ctx).models.countTokens({ model, contents: 'How many tokens is this sentence?' });
    return r.totalTokens;
  },
  async listModels(ctx) {
    const ids: string[] = [];
    for await (const m of await genaiClient(ctx).models.list()) ids.push(String(m.name).replace(/^models\//, ''));
    return ids;
  },
};

function generativeModel(ctx: CaseCtx, model: string, o?: TurnOptions) {
  const { GoogleGenerativeAI } = loadSdk('generative-ai');
  const params: any = { model };
  if (o?.tools) params.tools = [{ functionDeclarations: [{ name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, parameters: geminiSchema }] }];
  if (o?.reasoning) params.generationConfig = { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } };
  return new GoogleGenerativeAI(ctx.proxyKey).getGenerativeModel(params, { baseUrl: ctx.proxyUrl, timeout: ctx.timeoutMs });
}

export const generativeAi: SdkAdapter = {
  start: genai.start,
  async turn(ctx, conv, o) {
    const model = generativeModel(ctx, o.model, o);
    const out: SdkTurn = { text: '', reasoning: '', calls: [], deltas: 0, echo: undefined };
    if (!o.stream) {
      const r = await model.generateContent({ contents: conv.contents });
      out.finish = r.response.candidates?.[0]?.finishReason;
      out.usage = r.response.usageMetadata;
      return geminiParse(r.response.candidates?.[0]?.content?.parts ?? [], out);
    }
    const s = await model.generateContentStream({ contents: conv.contents });
    const parts: any[] = [];
    for await (const c of s.stream) {
      const ps = c.candidates?.[0]?.content?.parts ?? [];
      out.deltas += ps.filter((p: any) => typeof p.text === 'string' && !p.thought).length;
      parts.push(...ps);
    }
    const agg = await s.response;
    out.finish = agg.candidates?.[0]?.finishReason;
    out.usage = agg.usageMetadata;
    const d = out.deltas;
    geminiParse(parts, out);
    out.deltas = d;
    return out;
  },
  addToolResults: genai.addToolResults,
  async countTokens(ctx, model) {
    const r = await generativeModel(ctx, model).countTokens({ contents: [{ role: 'user', parts: [{ text: 'How many tokens is this sentence?' }] }] });
    return r.totalTokens;
  },
};
