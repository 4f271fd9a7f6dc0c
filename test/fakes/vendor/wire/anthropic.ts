import { eventFrame, pieces, textPieces } from './sse';
import { newId, textOf, USAGE, type RequestView, type Turn } from './turn';

/** Anthropic Messages as api.anthropic.com sends it. */
export function viewAnthropic(body: any): RequestView {
  const msgs: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const lastAssistant = msgs.map((m) => m?.role).lastIndexOf('assistant');
  const blocks = (m: any): any[] => (Array.isArray(m?.content) ? m.content : typeof m?.content === 'string' ? [{ type: 'text', text: m.content }] : []);
  const lastUser = [...msgs].reverse().find((m) => m?.role === 'user');
  const fmt = body?.output_format ?? body?.output_config?.format;
  return {
    dialect: 'anthropic',
    model: String(body?.model ?? ''),
    stream: body?.stream === true,
    tools: (body?.tools ?? []).filter((t: any) => t?.input_schema).map((t: any) => ({ name: t.name, schema: t.input_schema })),
    toolResults: msgs
      .slice(lastAssistant + 1)
      .filter((m) => m?.role === 'user')
      .flatMap(blocks)
      .filter((b) => b?.type === 'tool_result')
      .map((b) => ({ id: b.tool_use_id, text: textOf(b.content) })),
    lastUserText: blocks(lastUser)
      .filter((b) => b?.type === 'text')
      .map((b) => b.text)
      .join('\n'),
    allText: [textOf(body?.system), ...msgs.map((m) => textOf(blocks(m)))].join('\n'),
    jsonSchema: fmt?.type === 'json_schema' ? (fmt.schema ?? {}) : undefined,
    signaturesBack: msgs.flatMap((m) => (m?.role === 'assistant' ? blocks(m).filter((b) => b?.type === 'thinking' || b?.type === 'redacted_thinking').map((b) => b.signature ?? b.data) : [])),
    toolCallIdsBack: msgs.flatMap((m) => (m?.role === 'assistant' ? blocks(m).filter((b) => b?.type === 'tool_use').map((b) => b.id) : [])),
  };
}

/** What api.anthropic.com refuses with 400 that a translator could get wrong. */
export function validateAnthropic(body: any, headers: Record<string, unknown>): string | undefined {
  if (!headers['anthropic-version']) return 'anthropic-version: header is required';
  if (typeof body?.max_tokens !== 'number') return 'max_tokens: Field required';
  if (!Array.isArray(body?.messages)) return 'messages: Field required';
  let prevToolUses = new Set<string>();
  for (const [i, m] of body.messages.entries()) {
    const blocks: any[] = Array.isArray(m?.content) ? m.content : [];
    if (m?.role === 'user') {
      for (const [j, b] of blocks.entries()) {
        if (b?.type === 'tool_result' && !prevToolUses.has(b.tool_use_id)) {
          return `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${b.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
        }
      }
    }
    if (m?.role === 'assistant') prevToolUses = new Set(blocks.filter((b) => b?.type === 'tool_use').map((b) => b.id));
    else if (m?.role === 'user') prevToolUses = new Set();
  }
  return undefined;
}

function content(turn: Turn): any[] {
  const out: any[] = [];
  if (turn.reasoning) out.push({ type: 'thinking', thinking: turn.reasoning.text, signature: turn.reasoning.signature });
  if (turn.text !== undefined) out.push({ type: 'text', text: turn.text });
  for (const c of turn.toolCalls ?? []) out.push({ type: 'tool_use', id: c.id, name: c.name, input: c.args });
  return out;
}

const usage = (output: number, turn?: Turn) => ({
  input_tokens: turn?.cache?.input ?? USAGE.input,
  cache_creation_input_tokens: turn?.cache?.write ?? 0,
  cache_read_input_tokens: turn?.cache?.read ?? USAGE.cached,
  cache_creation: { ephemeral_5m_input_tokens: turn?.cache?.write ?? 0, ephemeral_1h_input_tokens: 0 },
  output_tokens: output,
  service_tier: 'standard',
});

export function renderAnthropic(turn: Turn, model: string) {
  return {
    id: newId('msg_01'),
    type: 'message',
    role: 'assistant',
    model,
    content: content(turn),
    stop_reason: turn.toolCalls?.length ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: usage(USAGE.output, turn),
  };
}

export function streamAnthropic(turn: Turn, model: string): string[] {
  const frames = [
    eventFrame('message_start', {
      type: 'message_start',
      message: { id: newId('msg_01'), type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: usage(1, turn) },
    }),
  ];
  content(turn).forEach((block, index) => {
    const delta = (d: unknown) => frames.push(eventFrame('content_block_delta', { type: 'content_block_delta', index, delta: d }));
    if (block.type === 'thinking') {
      frames.push(eventFrame('content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
      for (const p of pieces(block.thinking)) delta({ type: 'thinking_delta', thinking: p });
      delta({ type: 'signature_delta', signature: block.signature });
    } else if (block.type === 'text') {
      frames.push(eventFrame('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
      for (const p of textPieces(turn)) delta({ type: 'text_delta', text: p });
    } else {
      frames.push(eventFrame('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }));
      delta({ type: 'input_json_delta', partial_json: '' });
      for (const p of pieces(JSON.stringify(block.input))) delta({ type: 'input_json_delta', partial_json: p });
    }
    if (index === 0) frames.push(eventFrame('ping', { type: 'ping' }));
    frames.push(eventFrame('content_block_stop', { type: 'content_block_stop', index }));
  });
  frames.push(
    eventFrame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: turn.toolCalls?.length ? 'tool_use' : 'end_turn', stop_sequence: null },
      usage: { input_tokens: turn.cache?.input ?? USAGE.input, cache_creation_input_tokens: turn.cache?.write ?? 0, cache_read_input_tokens: turn.cache?.read ?? USAGE.cached, output_tokens: USAGE.output },
    }),
  );
  frames.push(eventFrame('message_stop', { type: 'message_stop' }));
  return frames;
}

export function anthropicModels(ids: string[]) {
  const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-05-14T00:00:00Z' }));
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
