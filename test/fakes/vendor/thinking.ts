import { createHmac } from 'node:crypto';
import { sendError } from './http';
import type { RecordedRequest } from './serve';
import { FakeVendor } from './server';
import { vendorError, type VendorKind } from './wire/errors';
import { newId, type Script, type Turn } from './wire/turn';

/**
 * Fake vendors that validate reasoning the way the real ones do (issue 17):
 *  - Anthropic signs every thinking block for the account (HMAC over the thinking text with the
 *    account's key) and refuses a block whose signature it did not issue, with the real wording
 *    "Invalid `signature` in `thinking` block"; with thinking on, the final assistant tool-use
 *    turn must start with a thinking block.
 *  - Gemini 3 signs the first function call of each answer and refuses a functionCall part in
 *    history without a thoughtSignature ("Function call is missing a thought_signature …");
 *    a signature it did not issue is "Corrupted thought signature."; Google's documented
 *    placeholder `skip_thought_signature_validator` is accepted, as by the real API.
 *  - An OpenAI-compatible thinking vendor (DeepSeek) refuses an assistant tool-call message
 *    without `reasoning_content` ("Missing `reasoning_content` field …").
 * Each answers a tool session: `step` calls with `{ k }` until five tool results came back,
 * then text. The turn number is read from the `result-N` markers of the history.
 */
export type ThinkingVendorKind = 'anthropic' | 'gemini' | 'deepseek';

export const GEMINI_SKIP = 'skip_thought_signature_validator';

const hmac = (key: string, text: string) => createHmac('sha256', `fake-vendor:${key}`).update(text).digest('base64');

/** The signature the Anthropic fake of `apiKey` puts on a thinking block with this text. */
export const anthropicSignature = (apiKey: string, thinking: string) => hmac(apiKey, `thinking\u0000${thinking}`);

/** The thoughtSignature the Gemini fake of `apiKey` puts on a function call. */
export const geminiCallSignature = (apiKey: string, name: string, args: unknown) => hmac(apiKey, `call\u0000${name}\u0000${JSON.stringify(args)}`);

const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);

export function checkAnthropic(body: any, apiKey: string): string | undefined {
  const msgs = arr(body?.messages);
  for (const [i, m] of msgs.entries()) {
    if (m?.role !== 'assistant') continue;
    for (const [j, b] of arr(m.content).entries()) {
      if (b?.type !== 'thinking') continue;
      if (typeof b.signature !== 'string') return `messages.${i}.content.${j}.thinking.signature: Field required`;
      if (b.signature !== anthropicSignature(apiKey, String(b.thinking ?? ''))) return `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`;
    }
  }
  if (body?.thinking?.type === 'enabled') {
    const last = msgs.map((m) => m?.role).lastIndexOf('assistant');
    const blocks = arr(msgs[last]?.content);
    if (last >= 0 && blocks.some((b) => b?.type === 'tool_use') && !['thinking', 'redacted_thinking'].includes(blocks[0]?.type)) {
      return `messages.${last}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${blocks[0]?.type}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking`;
    }
  }
  return undefined;
}

export function checkGemini(body: any, apiKey: string, model: string): string | undefined {
  if (!/gemini-3/.test(model)) return undefined;
  for (const c of arr(body?.contents)) {
    if (c?.role !== 'model') continue;
    const parts = arr(c.parts);
    const at = parts.findIndex((p) => p?.functionCall);
    if (at < 0) continue;
    const p = parts[at];
    const sig = p.thoughtSignature ?? p.thought_signature;
    if (sig === undefined) {
      return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${p.functionCall.name}\` , position ${at + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`;
    }
    if (sig !== GEMINI_SKIP && sig !== geminiCallSignature(apiKey, p.functionCall.name, p.functionCall.args)) return 'Corrupted thought signature.';
  }
  return undefined;
}

export function checkDeepSeek(body: any): string | undefined {
  for (const [i, m] of arr(body?.messages).entries()) {
    if (m?.role === 'assistant' && arr(m.tool_calls).length && typeof m.reasoning_content !== 'string') {
      return `Missing \`reasoning_content\` field in the assistant message at message index ${i}. For more information, please refer to https://api-docs.deepseek.com/guides/thinking_mode#tool-calls`;
    }
  }
  return undefined;
}

/** The step of a tool session a request is at: 1 + the number of `result-N` tool results in its history. */
export function stepOf(allText: string): number {
  return new Set(allText.match(/result-\d+/g) ?? []).size + 1;
}

/** Tool calls for steps 1–5, then a text answer; reasoning signed by `sign`. */
export function toolSessionScript(kind: ThinkingVendorKind, apiKey: string, steps = 5): Script {
  return (view) => {
    const k = stepOf(view.allText);
    const thinking = `${kind} thinks about step ${k}`;
    if (k > steps) return { text: `done after ${steps} steps`, reasoning: { text: thinking, signature: kind === 'anthropic' ? anthropicSignature(apiKey, thinking) : '' } };
    const args = { k };
    const call = { id: kind === 'anthropic' ? newId('toolu_01') : newId('call_'), name: 'step', args };
    const signature = kind === 'anthropic' ? anthropicSignature(apiKey, thinking) : kind === 'gemini' ? geminiCallSignature(apiKey, 'step', args) : '';
    const turn: Turn = { reasoning: { text: thinking, signature }, toolCalls: [call] };
    return turn;
  };
}

/** A fake of `kind` for one account key: validates reasoning like the real vendor, then answers the tool session. */
export async function startThinkingVendor(kind: ThinkingVendorKind, apiKey: string): Promise<FakeVendor> {
  const vendorKind: VendorKind = kind === 'deepseek' ? 'openai' : kind;
  let self!: FakeVendor;
  const handler = (req: RecordedRequest, res: Parameters<FakeVendor['serve']>[1]) => {
    if (req.method === 'POST' && req.json) {
      const model = /models\/([^/:]+):/.exec(req.path)?.[1] ?? String(req.json.model ?? '');
      const bad = kind === 'anthropic' ? checkAnthropic(req.json, apiKey) : kind === 'gemini' ? checkGemini(req.json, apiKey, decodeURIComponent(model)) : checkDeepSeek(req.json);
      if (bad && !req.path.includes('count')) {
        req.refused = bad;
        req.action = 'generate';
        return sendError(res, vendorError(vendorKind, 400, bad));
      }
    }
    return self.serve(req, res);
  };
  self = await FakeVendor.start({ kind: vendorKind, apiKey, script: toolSessionScript(kind, apiKey), handler });
  return self;
}
