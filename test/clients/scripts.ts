import { randomBytes } from 'node:crypto';
import { sampleFor, type RequestView, type Script, type ToolCall, type ToolDecl, type Turn, type WireDialect } from '../fakes/vendor';

/** A tool call id in the shape the answering vendor uses. */
export function callId(d: WireDialect): string {
  const r = randomBytes(12).toString('hex');
  return d === 'anthropic' ? `toolu_01${r}` : d === 'gemini' ? `gcall_${r}` : `call_${r}`;
}

/** Side calls every agent makes (titles, routers, JSON-mode): answered so they validate, never scripted. */
function sideCall(v: RequestView): Turn | undefined {
  if (v.jsonSchema !== undefined) return { text: JSON.stringify(sampleFor(v.jsonSchema)) };
  return undefined;
}

/** Stops a runaway agent loop (e.g. tool results lost on the way, so the vendor keeps asking). */
const LOOP_LIMIT = 8;

/** Arguments for a client's own file-reading (or shell) tool, read off its JSON schema. */
export function argsFor(schema: any, path: string): Record<string, unknown> {
  const props: Record<string, any> = schema?.properties ?? {};
  const names: string[] = Array.isArray(schema?.required) && schema.required.length ? schema.required : Object.keys(props).slice(0, 1);
  const out: Record<string, unknown> = {};
  for (const n of names) {
    const p = props[n] ?? {};
    const type = Array.isArray(p.type) ? p.type[0] : p.type;
    if (/path|file/i.test(n)) out[n] = type === 'array' ? [path] : path;
    else if (/^(command|cmd)$/i.test(n)) out[n] = String(type).toLowerCase() === 'array' ? ['cat', path] : `cat ${path}`;
    else out[n] = sampleFor(p);
  }
  return out;
}

const READ_TOOLS = [/^read$/i, /^read_file$/i, /^view$/i, /^(exec_command|shell|shell_command|run_shell_command|bash)$/i];

export function readToolCall(v: RequestView, path: string): ToolCall | undefined {
  for (const re of READ_TOOLS) {
    const t: ToolDecl | undefined = v.tools.find((x) => re.test(x.name));
    if (t) return { id: callId(v.dialect), name: t.name, args: argsFor(t.schema, path) };
  }
  return undefined;
}

export const pong = (marker: string) => `PONG-${marker}`;
export const finalText = (marker: string, secret: string | undefined) => `FINAL-${marker} secret=${secret ?? 'MISSING'}`;

/** CLI "text": every generate call answers the marker. */
export function cliText(marker: string): Script {
  return (v) => sideCall(v) ?? { text: `${pong(marker)}` };
}

/**
 * CLI "tool": the vendor asks the agent to read a file with the agent's own tool (with reasoning
 * and a signature, as a thinking model does); once the tool result is in the request, the final
 * text quotes the secret found in it — so the client's output proves the round trip.
 */
export function cliTool(marker: string, secret: string, path: string, signature: string): Script {
  return (v, n) => {
    const side = sideCall(v);
    if (side) return side;
    if (v.tools.length === 0) return { text: `title ${marker}` };
    if (n >= LOOP_LIMIT) return { text: `LOOP-LIMIT-${marker}: tool results never arrived` };
    if (v.toolResults.length) {
      const found = v.toolResults.some((r) => r.text.includes(secret));
      return { text: finalText(marker, found ? secret : undefined) };
    }
    const call = readToolCall(v, path);
    if (!call) return { text: `NO-READ-TOOL-${marker}: tools were ${v.tools.map((t) => t.name).join(', ')}` };
    return { reasoning: { text: `I should read the file for ${marker}.`, signature }, toolCalls: [call] };
  };
}

export const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Current weather for a city.',
  schema: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'] },
};
export const weatherResult = (city: string, marker: string) => `WEATHER-${city}-${marker}: sunny, 21 C`;

export interface SdkScriptOptions {
  marker: string;
  /** tool calls in the first turn (cities) */
  cities?: string[];
  reasoning?: boolean;
  signature: string;
}

/** SDK scenarios: text, or a (parallel) tool call whose results must come back, optionally with reasoning. */
export function sdkScript(o: SdkScriptOptions): Script {
  return (v, n) => {
    const side = sideCall(v);
    if (side) return side;
    const reasoning = o.reasoning ? { text: `THINK-${o.marker}`, signature: o.signature } : undefined;
    if (!o.cities?.length) return { reasoning, text: pong(o.marker) };
    if (n >= LOOP_LIMIT) return { text: `LOOP-LIMIT-${o.marker}` };
    if (v.toolResults.length) return { text: `FINAL-${o.marker} ${v.toolResults.map((r) => r.text).join(' | ')}` };
    return { reasoning, toolCalls: o.cities.map((city) => ({ id: callId(v.dialect), name: WEATHER_TOOL.name, args: { city } })) };
  };
}
