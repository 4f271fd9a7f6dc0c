import type { Dialect } from '../../core/dialect';

/** A mapped model on a passthrough: the answer must name the client's model again (Gemini answers name none). */
export function renamesModel(call: { dialect: Dialect; clientModel: string }, upstreamModel: string): boolean {
  return call.dialect !== 'gemini' && upstreamModel !== call.clientModel;
}

const MODEL_FIELD = /"model"\s*:\s*"(?:[^"\\]|\\.)*"/;
const DATA = Buffer.from('data:');
const MODEL = Buffer.from('"model"');

/**
 * Passthrough streams answer with the model the client asked for, not the mapped upstream
 * one: Claude Code drops thinking blocks whose message `model` differs from its request.
 * Rewrites the first `"model"` field of an SSE data line; other lines pass untouched. Gets
 * whole lines from the line tap (so every UTF-8 sequence in them is complete).
 */
export function rewriteModelLine(clientModel: string): (line: Buffer) => Buffer {
  const replacement = `"model":${JSON.stringify(clientModel)}`;
  return (line) => {
    if (line.indexOf(MODEL) < 0 || !line.subarray(0, DATA.length).equals(DATA)) return line;
    return Buffer.from(line.toString('utf8').replace(MODEL_FIELD, replacement));
  };
}

/** The same for a whole JSON answer: only the top-level `model` changes. */
export function rewriteResponseModel(text: string, clientModel: string): string {
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    if (j && typeof j === 'object' && typeof j.model === 'string' && j.model !== clientModel) return JSON.stringify({ ...j, model: clientModel });
  } catch {
    // not JSON: leave it as it came
  }
  return text;
}
