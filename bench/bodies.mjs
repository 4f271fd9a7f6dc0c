// Request bodies for the benchmarks: small requests per dialect and Claude-Code-shaped large
// bodies (system prompt with cache_control, tool definitions, long tool_use / tool_result
// history) of a given size.

export const SYSTEM = 'You are a terse assistant.';
export const USER = 'Say hi.';

export function openaiBody(model, stream) {
  const b = { model, messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: USER }], max_tokens: 64 };
  if (stream) Object.assign(b, { stream: true, stream_options: { include_usage: true } });
  return b;
}
export function anthropicBody(model, stream) {
  const b = { model, max_tokens: 64, system: SYSTEM, messages: [{ role: 'user', content: USER }] };
  if (stream) b.stream = true;
  return b;
}
export function geminiBody() {
  return { systemInstruction: { parts: [{ text: SYSTEM }] }, contents: [{ role: 'user', parts: [{ text: USER }] }], generationConfig: { maxOutputTokens: 64 } };
}
export function responsesBody(model, stream) {
  const b = { model, instructions: SYSTEM, input: [{ role: 'user', content: [{ type: 'input_text', text: USER }] }], max_output_tokens: 64, store: false };
  if (stream) b.stream = true;
  return b;
}

// A code-like file body: quotes, backslashes, newlines, tabs and some non-ASCII, like real
// tool results (every one of those needs escaping in JSON).
function fileText(i, bytes) {
  const lines = [];
  let n = 0;
  for (let l = 0; n < bytes; l++) {
    const line = `${String(l + 1).padStart(5)}\t  const v${l} = await read("src/file_${i}_${l}.ts", { encoding: 'utf8' }); // ü→ "${i}:${l}" \\ done`;
    lines.push(line);
    n += line.length + 1;
  }
  return lines.join('\n');
}

function tools() {
  const names = ['Bash', 'Glob', 'Grep', 'Read', 'Edit', 'MultiEdit', 'Write', 'NotebookEdit', 'WebFetch', 'TodoWrite', 'WebSearch', 'BashOutput', 'KillShell', 'Task', 'ExitPlanMode'];
  return names.map((name) => ({
    name,
    description: `${name}: ` + 'Performs the operation described here in detail, with usage notes and examples. '.repeat(12),
    input_schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      properties: {
        path: { type: 'string', description: 'Absolute path' },
        pattern: { type: 'string', description: 'Optional pattern' },
        limit: { type: 'number', description: 'Max lines' },
        options: { type: 'object', properties: { recursive: { type: 'boolean' } } },
      },
    },
  }));
}

/** Anthropic /v1/messages body shaped like Claude Code's, about `size` bytes when serialized. */
export function claudeCodeBody(model, size) {
  const body = {
    model,
    max_tokens: 32000,
    system: [
      { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
      { type: 'text', text: 'Instructions. '.repeat(800), cache_control: { type: 'ephemeral' } },
    ],
    tools: tools(),
    metadata: { user_id: JSON.stringify({ device_id: 'bench', account_uuid: '', session_id: '00000000-0000-0000-0000-000000000000' }) },
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Refactor the project.' }] }],
    stream: false,
  };
  let approx = JSON.stringify(body).length;
  const chunk = Math.min(32 * 1024, Math.max(2048, Math.floor(size / 40)));
  for (let i = 0; approx < size; i++) {
    const id = `toolu_${String(i).padStart(6, '0')}`;
    const text = fileText(i, Math.min(chunk, size - approx));
    body.messages.push({ role: 'assistant', content: [{ type: 'text', text: `Reading file ${i}.` }, { type: 'tool_use', id, name: 'Read', input: { path: `/repo/src/file_${i}.ts` } }] });
    body.messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: text }] });
    approx += text.length * 1.08 + 300;
  }
  body.messages[body.messages.length - 1].content.push({ type: 'text', text: 'Continue.', cache_control: { type: 'ephemeral' } });
  return body;
}

/** The same conversation as an OpenAI chat body: what the proxy sends upstream after translation. */
export function openaiFromAnthropic(a) {
  const messages = [{ role: 'system', content: a.system.map((s) => s.text).join('\n') }];
  for (const m of a.messages) {
    if (m.role === 'assistant') {
      const tu = m.content.filter((c) => c.type === 'tool_use');
      messages.push({
        role: 'assistant',
        content: m.content.filter((c) => c.type === 'text').map((c) => c.text).join('') || null,
        ...(tu.length ? { tool_calls: tu.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: JSON.stringify(t.input) } })) } : {}),
      });
    } else {
      for (const c of m.content) {
        if (c.type === 'tool_result') messages.push({ role: 'tool', tool_call_id: c.tool_use_id, content: c.content });
        else if (c.type === 'text') messages.push({ role: 'user', content: c.text });
      }
    }
  }
  return {
    model: a.model,
    max_tokens: a.max_tokens,
    messages,
    tools: a.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.input_schema } })),
  };
}
