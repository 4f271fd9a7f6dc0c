import { dataFrame, pieces, textPieces } from './sse';
import { newId, textOf, USAGE, type RequestView, type Turn } from './turn';

/** OpenAI chat completions (also DeepSeek-style `reasoning_content`), as api.openai.com sends it. */
export function viewOpenAIChat(body: any): RequestView {
  const msgs: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const lastAssistant = msgs.map((m) => m?.role).lastIndexOf('assistant');
  const lastUser = [...msgs].reverse().find((m) => m?.role === 'user');
  const rf = body?.response_format;
  return {
    dialect: 'openai-chat',
    model: String(body?.model ?? ''),
    stream: body?.stream === true,
    tools: (body?.tools ?? []).filter((t: any) => t?.type === 'function').map((t: any) => ({ name: t.function?.name, schema: t.function?.parameters })),
    toolResults: msgs.slice(lastAssistant + 1).filter((m) => m?.role === 'tool').map((m) => ({ id: m.tool_call_id, text: textOf(m.content) })),
    lastUserText: textOf(lastUser?.content),
    allText: msgs.map((m) => textOf(m?.content)).join('\n'),
    jsonSchema: rf?.type === 'json_schema' ? (rf.json_schema?.schema ?? {}) : undefined,
    signaturesBack: [],
    toolCallIdsBack: msgs.flatMap((m) => (m?.role === 'assistant' ? (m.tool_calls ?? []).map((c: any) => c?.id) : [])),
  };
}

/** What api.openai.com refuses with 400 that a translator could get wrong. */
export function validateOpenAIChat(body: any): string | undefined {
  if (!Array.isArray(body?.messages) || body.messages.length === 0) return "[] is too short - 'messages'";
  const open = new Set<string>();
  for (const [i, m] of body.messages.entries()) {
    if (m?.role === 'assistant') for (const c of m.tool_calls ?? []) open.add(c.id);
    if (m?.role === 'tool' && !open.has(m.tool_call_id)) {
      return `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'. (messages.[${i}])`;
    }
  }
  return undefined;
}

const usage = () => ({
  prompt_tokens: USAGE.input,
  completion_tokens: USAGE.output,
  total_tokens: USAGE.input + USAGE.output,
  prompt_tokens_details: { cached_tokens: USAGE.cached, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: USAGE.reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
});

export function renderOpenAIChat(turn: Turn, model: string) {
  const toolCalls = turn.toolCalls?.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } }));
  return {
    id: newId('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: turn.text ?? null,
          ...(turn.reasoning ? { reasoning_content: turn.reasoning.text } : {}),
          ...(toolCalls?.length ? { tool_calls: toolCalls } : {}),
          refusal: null,
          annotations: [],
        },
        logprobs: null,
        finish_reason: toolCalls?.length ? 'tool_calls' : 'stop',
      },
    ],
    usage: usage(),
    service_tier: 'default',
    system_fingerprint: 'fp_fakevendor',
  };
}

export function streamOpenAIChat(turn: Turn, model: string, includeUsage: boolean): string[] {
  const id = newId('chatcmpl-');
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: unknown, finish: string | null = null) =>
    dataFrame({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      service_tier: 'default',
      system_fingerprint: 'fp_fakevendor',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    });
  const frames = [chunk({ role: 'assistant', content: '', refusal: null })];
  if (turn.reasoning) for (const p of pieces(turn.reasoning.text)) frames.push(chunk({ content: null, reasoning_content: p }));
  if (turn.text) for (const p of textPieces(turn)) frames.push(chunk({ content: p }));
  for (const [index, c] of (turn.toolCalls ?? []).entries()) {
    frames.push(chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }] }));
    for (const p of pieces(JSON.stringify(c.args))) frames.push(chunk({ tool_calls: [{ index, function: { arguments: p } }] }));
  }
  frames.push(chunk({}, turn.toolCalls?.length ? 'tool_calls' : 'stop'));
  if (includeUsage) {
    frames.push(dataFrame({ id, object: 'chat.completion.chunk', created, model, service_tier: 'default', system_fingerprint: 'fp_fakevendor', choices: [], usage: usage() }));
  }
  frames.push('data: [DONE]\n\n');
  return frames;
}

export function openAIModels(ids: string[]) {
  return { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1_715_367_049, owned_by: 'system' })) };
}
