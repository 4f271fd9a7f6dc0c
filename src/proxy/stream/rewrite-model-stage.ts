import { Transform } from 'node:stream';

import type { Dialect } from '../../core/dialect';

/** A mapped model on a passthrough: the answer must name the client's model again (Gemini answers name none). */
export function renamesModel(call: { dialect: Dialect; clientModel: string }, upstreamModel: string): boolean {
  return call.dialect !== 'gemini' && upstreamModel !== call.clientModel;
}

const MODEL_FIELD = /"model"\s*:\s*"(?:[^"\\]|\\.)*"/;
const NL = 0x0a;

/**
 * Passthrough streams answer with the model the client asked for, not the mapped upstream
 * one: Claude Code drops thinking blocks whose message `model` differs from its request.
 * Rewrites the first `"model"` field of each SSE data line; other lines pass untouched.
 * Works on bytes: a line is cut only at a newline byte (never inside a UTF-8 sequence), and
 * a line split across chunks is held until its end (never across events).
 */
export function rewriteModelStage(clientModel: string): Transform {
  const replacement = `"model":${JSON.stringify(clientModel)}`;
  let pending: Buffer = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const bytes = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      const cut = bytes.lastIndexOf(NL) + 1;
      pending = bytes.subarray(cut);
      if (cut === 0) return done();
      done(null, rewriteLines(bytes.subarray(0, cut), replacement));
    },
    flush(done) {
      done(null, pending.length ? rewriteLines(pending, replacement) : undefined);
    },
  });
}

function rewriteLines(bytes: Buffer, replacement: string): Buffer {
  if (bytes.indexOf('"model"') < 0) return bytes;
  const text = bytes.toString('utf8'); // whole lines: every UTF-8 sequence is complete
  return Buffer.from(
    text
      .split('\n')
      .map((line) => (line.startsWith('data:') && line.includes('"model"') ? line.replace(MODEL_FIELD, replacement) : line))
      .join('\n'),
  );
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
