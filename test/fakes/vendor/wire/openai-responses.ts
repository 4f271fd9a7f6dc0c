import { eventFrame, pieces, textPieces } from './sse';
import { newId, textOf, USAGE, type RequestView, type Turn } from './turn';

/**
 * OpenAI Responses as api.openai.com serves it. Not an upstream dialect of its own: an OpenAI
 * account answers /v1/responses too, and the proxy passes Codex's calls through to it.
 */
export function viewOpenAIResponses(body: any): RequestView {
  const input: any[] = typeof body?.input === 'string' ? [{ role: 'user', content: body.input }] : Array.isArray(body?.input) ? body.input : [];
  const isModelItem = (it: any) => it?.role === 'assistant' || it?.type === 'function_call' || it?.type === 'reasoning';
  let lastModel = -1;
  input.forEach((it, i) => {
    if (isModelItem(it)) lastModel = i;
  });
  const lastUser = [...input].reverse().find((it) => it?.role === 'user');
  const fmt = body?.text?.format;
  return {
    dialect: 'openai-responses',
    model: String(body?.model ?? ''),
    stream: body?.stream === true,
    tools: (body?.tools ?? []).filter((t: any) => t?.type === 'function').map((t: any) => ({ name: t.name, schema: t.parameters })),
    toolResults: input.slice(lastModel + 1).filter((it) => it?.type === 'function_call_output').map((it) => ({ id: it.call_id, text: textOf(it.output) })),
    lastUserText: textOf(lastUser?.content),
    allText: [textOf(body?.instructions), ...input.map((it) => textOf(it?.content ?? it?.output ?? ''))].join('\n'),
    jsonSchema: fmt?.type === 'json_schema' ? (fmt.schema ?? {}) : undefined,
    signaturesBack: input.filter((it) => it?.type === 'reasoning' && it.encrypted_content).map((it) => it.encrypted_content),
    toolCallIdsBack: input.filter((it) => it?.type === 'function_call').map((it) => it.call_id),
  };
}

export function validateOpenAIResponses(body: any): string | undefined {
  if (body?.input === undefined) return "Missing required parameter: 'input'.";
  const calls = new Set<string>();
  for (const it of Array.isArray(body.input) ? body.input : []) {
    if (it?.type === 'function_call') calls.add(it.call_id);
    if (it?.type === 'function_call_output' && !calls.has(it.call_id)) return `No tool call found for function call output with call_id ${it.call_id}.`;
  }
  return undefined;
}

interface Built {
  items: any[];
  response: (status: string, output: any[]) => any;
}

function build(turn: Turn, model: string, body: any): Built {
  const id = newId('resp_');
  const created = Math.floor(Date.now() / 1000);
  const items: any[] = [];
  if (turn.reasoning) {
    items.push({ id: newId('rs_'), type: 'reasoning', summary: [{ type: 'summary_text', text: turn.reasoning.text }], encrypted_content: turn.reasoning.signature });
  }
  if (turn.text !== undefined) {
    items.push({ id: newId('msg_'), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], logprobs: [], text: turn.text }] });
  }
  for (const c of turn.toolCalls ?? []) {
    items.push({ id: newId('fc_'), type: 'function_call', status: 'completed', arguments: JSON.stringify(c.args), call_id: c.id, name: c.name });
  }
  const response = (status: string, output: any[]) => ({
    id,
    object: 'response',
    created_at: created,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: body?.instructions ?? null,
    max_output_tokens: body?.max_output_tokens ?? null,
    model,
    output,
    parallel_tool_calls: body?.parallel_tool_calls ?? true,
    previous_response_id: body?.previous_response_id ?? null,
    prompt_cache_key: body?.prompt_cache_key ?? null,
    reasoning: { effort: body?.reasoning?.effort ?? null, summary: body?.reasoning?.summary ?? null },
    service_tier: 'default',
    store: body?.store ?? true,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: body?.tool_choice ?? 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage:
      status === 'completed'
        ? {
            input_tokens: USAGE.input,
            input_tokens_details: { cached_tokens: USAGE.cached },
            output_tokens: USAGE.output,
            output_tokens_details: { reasoning_tokens: USAGE.reasoning },
            total_tokens: USAGE.input + USAGE.output,
          }
        : null,
    user: null,
    metadata: {},
  });
  return { items, response };
}

export function renderOpenAIResponses(turn: Turn, model: string, body: any) {
  const b = build(turn, model, body);
  return b.response('completed', b.items);
}

export function streamOpenAIResponses(turn: Turn, model: string, body: any): string[] {
  const b = build(turn, model, body);
  let n = 0;
  const ev = (type: string, o: Record<string, unknown>) => eventFrame(type, { type, sequence_number: n++, ...o });
  const frames = [ev('response.created', { response: b.response('in_progress', []) }), ev('response.in_progress', { response: b.response('in_progress', []) })];
  b.items.forEach((item, output_index) => {
    const item_id = item.id;
    if (item.type === 'reasoning') {
      frames.push(ev('response.output_item.added', { output_index, item: { ...item, summary: [] } }));
      const text = item.summary[0].text;
      frames.push(ev('response.reasoning_summary_part.added', { item_id, output_index, summary_index: 0, part: { type: 'summary_text', text: '' } }));
      for (const d of pieces(text)) frames.push(ev('response.reasoning_summary_text.delta', { item_id, output_index, summary_index: 0, delta: d, obfuscation: 'x' }));
      frames.push(ev('response.reasoning_summary_text.done', { item_id, output_index, summary_index: 0, text }));
      frames.push(ev('response.reasoning_summary_part.done', { item_id, output_index, summary_index: 0, part: { type: 'summary_text', text } }));
    } else if (item.type === 'message') {
      const text = item.content[0].text;
      frames.push(ev('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } }));
      frames.push(ev('response.content_part.added', { item_id, output_index, content_index: 0, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } }));
      for (const d of textPieces(turn)) frames.push(ev('response.output_text.delta', { item_id, output_index, content_index: 0, delta: d, logprobs: [], obfuscation: 'x' }));
      frames.push(ev('response.output_text.done', { item_id, output_index, content_index: 0, text, logprobs: [] }));
      frames.push(ev('response.content_part.done', { item_id, output_index, content_index: 0, part: item.content[0] }));
    } else {
      frames.push(ev('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', arguments: '' } }));
      for (const d of pieces(item.arguments)) frames.push(ev('response.function_call_arguments.delta', { item_id, output_index, delta: d, obfuscation: 'x' }));
      frames.push(ev('response.function_call_arguments.done', { item_id, output_index, arguments: item.arguments }));
    }
    frames.push(ev('response.output_item.done', { output_index, item }));
  });
  frames.push(ev('response.completed', { response: b.response('completed', b.items) }));
  return frames;
}
