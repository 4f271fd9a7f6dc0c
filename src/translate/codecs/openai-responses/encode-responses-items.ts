import type { Json } from '../shared/json';
import { redactedAsSignature } from '../shared/signature';

/** Output item shapes shared by the Responses response and stream encoders. */
export function messageItem(id: string, text: string, status = 'completed'): Json {
  return { id, type: 'message', status, role: 'assistant', content: status === 'in_progress' ? [] : [outputText(text)] };
}

export function outputText(text: string): Json {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

export function reasoningItem(id: string, text: string, signature?: string, redacted?: string): Json {
  const item: Json = { id, type: 'reasoning', summary: text ? [{ type: 'summary_text', text }] : [] };
  const enc = redacted !== undefined ? redactedAsSignature(redacted) : signature;
  if (enc) item.encrypted_content = enc;
  return item;
}

export function functionCallItem(id: string, callId: string, name: string, args: string, status = 'completed'): Json {
  return { id, type: 'function_call', status, arguments: args, call_id: callId, name };
}

/** The response envelope; `extra` overrides status, output, usage, … */
export function responseObject(id: string, model: string, createdAt: number, extra: Json): Json {
  return {
    id,
    object: 'response',
    created_at: createdAt,
    status: 'in_progress',
    background: false,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model,
    output: [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    truncation: 'disabled',
    usage: null,
    metadata: {},
    ...extra,
  };
}
