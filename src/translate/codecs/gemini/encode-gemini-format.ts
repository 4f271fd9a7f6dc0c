import type { IrResponseFormat } from '../../ir';
import type { Json } from '../shared/json';
import { cleanGeminiSchema } from './clean-schema';

/**
 * The generationConfig fields for a response format. A schema the OpenAPI subset holds without
 * loss goes as `responseSchema` (every Gemini model takes it); one that needs more (additional
 * properties, $ref, unions, …) goes intact as `responseJsonSchema` (full JSON Schema). An enum
 * is `text/x.enum`: the answer is the bare value.
 */
export function geminiFormatFields(rf: IrResponseFormat | undefined): Json {
  if (!rf || rf.type === 'text') return {};
  if (rf.type === 'json_object') return { responseMimeType: 'application/json' };
  if (rf.type === 'enum') return { responseMimeType: 'text/x.enum', responseSchema: { type: 'STRING', enum: rf.values } };
  const cleaned = cleanGeminiSchema(rf.schema);
  if (canonical(cleaned) === canonical(rf.schema)) return { responseMimeType: 'application/json', responseSchema: cleaned };
  return { responseMimeType: 'application/json', responseJsonSchema: rf.schema };
}

/** JSON text with object keys sorted (key order does not change a schema). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
