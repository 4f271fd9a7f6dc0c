/**
 * A tool session as each client dialect's real clients hold it: the request they send, how they
 * read a streamed or whole answer, and what they put back in their history (Claude Code keeps
 * thinking blocks with their signatures; Codex keeps reasoning items with `encrypted_content`;
 * the Gemini CLI keeps the model's parts as they came; an OpenAI chat SDK user keeps only
 * `content` and `tool_calls`, dropping `reasoning_content` — the worst case for the proxy).
 */
import assert from 'node:assert/strict';

export type ClientDialect = 'anthropic' | 'openai-chat' | 'openai-responses' | 'gemini';

export interface ToolSessionClient {
  dialect: ClientDialect;
  path(model: string, stream: boolean): string;
  body(model: string, stream: boolean): unknown;
  /** The answer as the client reads it, stream or not, in the dialect's whole-answer shape. */
  read(text: string, stream: boolean): any;
  /** Names + ids of the tool calls of an answer. */
  calls(answer: any): Array<{ id?: string; name: string }>;
  /** Appends the answer and the results of its tool calls (`result-<k>`) to the history. */
  append(answer: any, k: number): void;
  /** The usage object of an answer. */
  usage(answer: any): any;
}

const dataLines = (raw: string) => raw.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).filter((l) => l !== '[DONE]');
const events = (raw: string) => dataLines(raw).map((l) => JSON.parse(l));

/** `system`: a system prompt in the dialect's own field (the Anthropic client marks it for caching, as Claude Code does). */
export function toolSessionClient(dialect: ClientDialect, prompt: string, system?: string): ToolSessionClient {
  switch (dialect) {
    case 'anthropic': return anthropicClient(prompt, system);
    case 'openai-chat': return chatClient(prompt, system);
    case 'openai-responses': return responsesClient(prompt, system);
    default: return geminiClient(prompt, system);
  }
}

const tools = { name: 'step', description: 'do step k', schema: { type: 'object', properties: { k: { type: 'number' } }, required: ['k'] } };

function anthropicClient(prompt: string, system?: string): ToolSessionClient {
  const messages: any[] = [{ role: 'user', content: prompt }];
  return {
    dialect: 'anthropic',
    path: () => '/v1/messages',
    body: (model, stream) => ({
      model, stream, max_tokens: 8000, thinking: { type: 'enabled', budget_tokens: 2048 }, metadata: { user_id: `user_${prompt}` },
      ...(system ? { system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }] } : {}),
      tools: [{ name: tools.name, description: tools.description, input_schema: tools.schema }], messages,
    }),
    read(text, stream) {
      if (!stream) return JSON.parse(text);
      const content: any[] = [];
      let msg: any;
      let usage: any = {};
      for (const e of events(text)) {
        if (e.type === 'message_start') (msg = e.message), (usage = { ...e.message.usage });
        else if (e.type === 'content_block_start') content[e.index] = { ...e.content_block, ...(e.content_block.type === 'tool_use' ? { input: '' } : {}) };
        else if (e.type === 'content_block_delta') {
          const b = content[e.index];
          const d = e.delta;
          if (d.type === 'text_delta') b.text += d.text;
          else if (d.type === 'thinking_delta') b.thinking += d.thinking;
          else if (d.type === 'signature_delta') b.signature = (b.signature ?? '') + d.signature;
          else if (d.type === 'input_json_delta') b.input += d.partial_json;
        } else if (e.type === 'content_block_stop' && content[e.index].type === 'tool_use') content[e.index].input = JSON.parse(content[e.index].input || '{}');
        else if (e.type === 'message_delta') usage = { ...usage, ...e.usage };
        else if (e.type === 'error') assert.fail(`stream error: ${JSON.stringify(e)}`);
      }
      assert.ok(msg, 'message_start');
      return { ...msg, content, usage };
    },
    calls: (a) => a.content.filter((b: any) => b.type === 'tool_use').map((b: any) => ({ id: b.id, name: b.name })),
    append(a, k) {
      messages.push({ role: 'assistant', content: a.content });
      messages.push({ role: 'user', content: this.calls(a).map((c) => ({ type: 'tool_result', tool_use_id: c.id, content: `result-${k}` })) });
    },
    usage: (a) => a.usage,
  };
}

function chatClient(prompt: string, system?: string): ToolSessionClient {
  const messages: any[] = [...(system ? [{ role: 'system', content: system }] : []), { role: 'user', content: prompt }];
  return {
    dialect: 'openai-chat',
    path: () => '/v1/chat/completions',
    body: (model, stream) => ({
      model, stream, ...(stream ? { stream_options: { include_usage: true } } : {}), reasoning_effort: 'high', user: `user_${prompt}`,
      tools: [{ type: 'function', function: { name: tools.name, description: tools.description, parameters: tools.schema } }], messages,
    }),
    read(text, stream) {
      if (!stream) return JSON.parse(text);
      const message: any = { role: 'assistant', content: '', tool_calls: [] as any[] };
      let usage: any;
      for (const c of events(text)) {
        if (c.error) assert.fail(`stream error: ${JSON.stringify(c)}`);
        if (c.usage) usage = c.usage;
        const d = c.choices?.[0]?.delta;
        if (!d) continue;
        if (d.content) message.content += d.content;
        if (d.reasoning_content) message.reasoning_content = (message.reasoning_content ?? '') + d.reasoning_content;
        for (const tc of d.tool_calls ?? []) {
          const t = (message.tool_calls[tc.index] ??= { id: tc.id, type: 'function', function: { name: '', arguments: '' } });
          if (tc.id) t.id = tc.id;
          if (tc.function?.name) t.function.name += tc.function.name;
          if (tc.function?.arguments) t.function.arguments += tc.function.arguments;
        }
      }
      return { choices: [{ message }], usage };
    },
    calls: (a) => (a.choices[0].message.tool_calls ?? []).map((t: any) => ({ id: t.id, name: t.function.name })),
    append(a, k) {
      const m = a.choices[0].message;
      // An OpenAI SDK user keeps content and tool_calls only.
      messages.push({ role: 'assistant', content: m.content || null, tool_calls: m.tool_calls });
      for (const c of this.calls(a)) messages.push({ role: 'tool', tool_call_id: c.id, content: `result-${k}` });
    },
    usage: (a) => a.usage,
  };
}

function responsesClient(prompt: string, system?: string): ToolSessionClient {
  const input: any[] = [{ role: 'user', content: [{ type: 'input_text', text: prompt }] }];
  return {
    dialect: 'openai-responses',
    path: () => '/v1/responses',
    body: (model, stream) => ({
      ...(system ? { instructions: system } : {}),
      model, stream, store: false, include: ['reasoning.encrypted_content'], reasoning: { effort: 'high', summary: 'auto' }, prompt_cache_key: `key_${prompt}`,
      tools: [{ type: 'function', name: tools.name, description: tools.description, parameters: tools.schema }], input,
    }),
    read(text, stream) {
      if (!stream) return JSON.parse(text);
      const done = events(text).find((e) => e.type === 'response.completed');
      assert.ok(done, `response.completed in ${text.slice(0, 400)}`);
      return done.response;
    },
    calls: (a) => a.output.filter((o: any) => o.type === 'function_call').map((o: any) => ({ id: o.call_id, name: o.name })),
    append(a, k) {
      // Codex with store:false sends its output items back as they came, reasoning included.
      for (const o of a.output) input.push(o);
      for (const c of this.calls(a)) input.push({ type: 'function_call_output', call_id: c.id, output: `result-${k}` });
    },
    usage: (a) => a.usage,
  };
}

function geminiClient(prompt: string, system?: string): ToolSessionClient {
  const contents: any[] = [{ role: 'user', parts: [{ text: prompt }] }];
  return {
    dialect: 'gemini',
    path: (model, stream) => `/v1beta/models/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
    body: () => ({
      ...(system ? { systemInstruction: { parts: [{ text: system }] } } : {}),
      contents, tools: [{ functionDeclarations: [{ name: tools.name, description: tools.description, parameters: tools.schema }] }],
      generationConfig: { thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 } },
    }),
    read(text, stream) {
      if (!stream) return JSON.parse(text);
      const chunks = events(text);
      assert.ok(chunks.length > 0, 'chunks');
      for (const c of chunks) if (c.error) assert.fail(`stream error: ${JSON.stringify(c)}`);
      const parts = chunks.flatMap((c) => c.candidates?.[0]?.content?.parts ?? []);
      const usageMetadata = [...chunks].reverse().find((c) => c.usageMetadata)?.usageMetadata;
      return { candidates: [{ content: { role: 'model', parts } }], usageMetadata };
    },
    calls: (a) => a.candidates[0].content.parts.filter((p: any) => p.functionCall).map((p: any) => ({ id: p.functionCall.id, name: p.functionCall.name })),
    append(a, k) {
      contents.push({ role: 'model', parts: a.candidates[0].content.parts });
      contents.push({ role: 'user', parts: this.calls(a).map((c) => ({ functionResponse: { ...(c.id ? { id: c.id } : {}), name: c.name, response: { output: `result-${k}` } } })) });
    },
    usage: (a) => a.usageMetadata,
  };
}
