import type { StructuredOutputsMode } from '../../../core/config';
import type { IrRequest, IrResponse, IrResponseFormat, IrStreamEvent } from '../../ir';
import { asArray, asObject, asString, isObject, type Json } from './json';
import type { Stage } from './stage';

/**
 * Structured output across dialects: the one place that knows how each vendor asks for JSON
 * and how a vendor without native structured output is made to answer it.
 */

/**
 * How an Anthropic-wire account is asked for structured output:
 * - `output_config`: GA `output_config.format` (api.anthropic.com);
 * - `output_format`: the beta `output_format` with `anthropic-beta: structured-outputs-2025-11-13`;
 * - `tool`: a forced synthetic tool whose input is the answer (vendors without either, e.g. z.ai).
 */
export type StructuredOutputMode = StructuredOutputsMode;
export const STRUCTURED_OUTPUTS_BETA = 'structured-outputs-2025-11-13';

/** The synthetic tool of `tool` mode. Its call is the answer; it never surfaces as a tool call. */
export const JSON_ANSWER_TOOL = 'structured_output_answer';

/** Gemini generationConfig (camelCase or snake_case keys) → the IR response format. */
export function decodeGeminiResponseFormat(g: Json, lowerTypes: (s: unknown) => unknown): IrResponseFormat | undefined {
  const mime = asString(g.responseMimeType ?? g.response_mime_type)?.toLowerCase();
  const jsonSchema = g.responseJsonSchema ?? g.response_json_schema ?? g._responseJsonSchema;
  const schema = g.responseSchema ?? g.response_schema;
  if (mime === 'text/x.enum') {
    const values = asArray(asObject(schema ?? jsonSchema).enum).filter((v): v is string => typeof v === 'string');
    return values.length ? { type: 'enum', values } : undefined;
  }
  // The JSON Schema form is taken as is; the OpenAPI form has upper-case types to lower.
  if (isObject(jsonSchema)) return { type: 'json_schema', schema: jsonSchema };
  if (isObject(schema)) return { type: 'json_schema', schema: lowerTypes(schema) as Record<string, unknown> };
  if (mime === 'application/json') return { type: 'json_object' };
  return undefined;
}

/** A system sentence for an upstream that cannot express the format natively (or undefined). */
export function formatInstruction(f: IrResponseFormat | undefined): string | undefined {
  if (!f || f.type === 'text') return undefined;
  if (f.type === 'enum') return `Answer with exactly one of these values and nothing else (no quotes, no prose): ${f.values.join(', ')}`;
  if (f.type === 'json_object') return 'Respond with a single valid JSON object only, no prose and no code fences.';
  return `Respond with a single JSON value only (no prose, no code fences) that validates against this JSON Schema:\n${JSON.stringify(f.schema)}`;
}

/**
 * OpenAI refuses `json_object` unless the messages contain the word "json": the sentence to add
 * when they do not.
 */
export function needsJsonWord(f: IrResponseFormat | undefined, texts: string[]): boolean {
  return f?.type === 'json_object' && !texts.some((t) => /json/i.test(t));
}

/**
 * What an Anthropic request carries for `f` in `mode`: native fields, a synthetic tool, or
 * (formats the vendor cannot express: enum, non-object roots in tool mode) an instruction.
 * json_object always uses the tool: Anthropic's native format needs a schema.
 */
export function anthropicFormat(f: IrResponseFormat | undefined, mode: StructuredOutputMode): { fields?: Json; tool?: Json; instruction?: string } {
  if (!f || f.type === 'text') return {};
  if (f.type === 'enum') return { instruction: formatInstruction(f) };
  if (f.type === 'json_schema' && mode !== 'tool') {
    const format = { type: 'json_schema', schema: f.schema };
    return { fields: mode === 'output_format' ? { output_format: format } : { output_config: { format } } };
  }
  const schema = f.type === 'json_schema' ? f.schema : { type: 'object' };
  if (schema.type !== 'object') return { instruction: formatInstruction(f) };
  const description = (f.type === 'json_schema' && f.description) || 'Give the final answer by calling this tool; its input is the answer.';
  return { tool: { name: JSON_ANSWER_TOOL, description, input_schema: schema } };
}

/** The synthetic tool an upstream Anthropic body carries, if any (its answer is mapped back to text). */
export function jsonToolOf(body: Json): string | undefined {
  return asArray(body.tools).some((t) => asObject(t).name === JSON_ANSWER_TOOL) ? JSON_ANSWER_TOOL : undefined;
}

/**
 * An Anthropic client body passed through to an Anthropic-wire account whose vendor takes
 * structured output another way: the format moved to the account's field (same schema), or
 * for `tool` mode undefined (the request must be translated so the answer is mapped back).
 */
export function adaptAnthropicFormat(body: Json, mode: StructuredOutputMode): Json | undefined {
  const cfg = asObject(body.output_config);
  const format = cfg.format ?? body.output_format;
  if (!isObject(format)) return body;
  if (mode === 'tool') return undefined;
  const { output_format: _drop, ...rest } = body;
  const { format: _f, ...cfgRest } = cfg;
  if (mode === 'output_format') {
    const out: Json = { ...rest, output_format: format };
    if (Object.keys(cfgRest).length) out.output_config = cfgRest;
    else delete out.output_config;
    return out;
  }
  return { ...rest, output_config: { ...cfgRest, format } };
}

/** Whether an Anthropic client body asks for structured output in the form `mode` does not send. */
export function anthropicFormatMismatch(body: Json, mode: StructuredOutputMode): boolean {
  const viaConfig = isObject(asObject(body.output_config).format);
  const viaBeta = isObject(body.output_format);
  if (!viaConfig && !viaBeta) return false;
  return mode === 'tool' || (mode === 'output_config' ? viaBeta : viaConfig);
}

/** A whole answer: the synthetic tool's call becomes the answer's JSON text. */
export function jsonToolAnswerAsText(r: IrResponse, tool: string): IrResponse {
  if (!r.content.some((p) => p.type === 'tool-call' && p.name === tool)) return r;
  const content = r.content.map((p) => (p.type === 'tool-call' && p.name === tool ? { type: 'text' as const, text: JSON.stringify(p.input) } : p));
  const otherCalls = content.some((p) => p.type === 'tool-call');
  return { ...r, content, finishReason: r.finishReason === 'tool_calls' && !otherCalls ? 'stop' : r.finishReason };
}

/**
 * A stream: the synthetic tool's input deltas become text deltas (input_json_delta → text),
 * its `tool-call` is swallowed (or, when no delta came, its arguments become the text), and a
 * `tool_calls` finish caused only by it becomes `stop`.
 */
export class JsonToolAsText implements Stage<IrStreamEvent, IrStreamEvent> {
  private readonly blocks = new Map<string, { sent: boolean; ended: boolean }>();
  private otherCalls = false;

  constructor(private readonly tool: string) {}

  push(ev: IrStreamEvent, emit: (e: IrStreamEvent) => void): void {
    switch (ev.type) {
      case 'tool-input-start':
        if (ev.name !== this.tool) break;
        this.blocks.set(ev.id, { sent: false, ended: false });
        return emit({ type: 'text-start', id: ev.id });
      case 'tool-input-delta': {
        const b = this.blocks.get(ev.id);
        if (!b) break;
        if (ev.delta && !b.ended) {
          b.sent = true;
          emit({ type: 'text-delta', id: ev.id, delta: ev.delta });
        }
        return;
      }
      case 'tool-input-end': {
        const b = this.blocks.get(ev.id);
        if (!b) break;
        // Without any delta the text comes from the `tool-call` that follows.
        if (b.sent && !b.ended) {
          b.ended = true;
          emit({ type: 'text-end', id: ev.id });
        }
        return;
      }
      case 'tool-call': {
        if (ev.name !== this.tool) {
          this.otherCalls = true;
          break;
        }
        const b = this.blocks.get(ev.id) ?? { sent: false, ended: false };
        if (b.ended) return;
        if (!this.blocks.has(ev.id)) emit({ type: 'text-start', id: ev.id });
        this.blocks.set(ev.id, { sent: true, ended: true });
        if (ev.arguments && !b.sent) emit({ type: 'text-delta', id: ev.id, delta: ev.arguments });
        emit({ type: 'text-end', id: ev.id });
        return;
      }
      case 'finish':
        if (ev.reason === 'tool_calls' && !this.otherCalls && this.blocks.size > 0) return emit({ ...ev, reason: 'stop' });
        break;
    }
    emit(ev);
  }

  flush(): void {
    // nothing buffered
  }
}

/**
 * The system sentence an OpenAI-wire request needs for its format: an enum (no native form),
 * or json_object when no text mentions JSON (OpenAI refuses json_object without the word).
 */
export function openAIFormatHint(ir: IrRequest): string | undefined {
  const f = ir.responseFormat;
  if (f?.type === 'enum') return formatInstruction(f);
  if (f?.type !== 'json_object') return undefined;
  const texts = [...ir.system.map((p) => p.text), ...ir.messages.flatMap((m) => m.content.map((p) => (p.type === 'text' ? p.text : '')))];
  return needsJsonWord(f, texts) ? formatInstruction(f) : undefined;
}

/** OpenAI's json_schema `name`: required, ^[a-zA-Z0-9_-]{1,64}$. */
export function openAISchemaName(name: string | undefined): string {
  return (name || 'response').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}
