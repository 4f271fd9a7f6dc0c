import { Transform } from 'node:stream';

const MODEL_FIELD = /"model"\s*:\s*"(?:[^"\\]|\\.)*"/;

/**
 * Passthrough streams answer with the model the client asked for, not the mapped upstream
 * one: Claude Code drops thinking blocks whose message `model` differs from its request.
 * Rewrites the first `"model"` field of each SSE data line; bytes of other lines pass
 * untouched. A line split across chunks is held until its end (never across events).
 */
export function rewriteModelStage(clientModel: string): Transform {
  const replacement = `"model":${JSON.stringify(clientModel)}`;
  let pending = '';
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const text = pending + chunk.toString('utf8');
      const cut = text.lastIndexOf('\n') + 1;
      pending = text.slice(cut);
      if (cut === 0) return done();
      done(null, rewriteLines(text.slice(0, cut), replacement));
    },
    flush(done) {
      done(null, pending ? rewriteLines(pending, replacement) : undefined);
    },
  });
}

function rewriteLines(text: string, replacement: string): string {
  if (!text.includes('"model"')) return text;
  return text
    .split('\n')
    .map((line) => (line.startsWith('data:') && line.includes('"model"') ? line.replace(MODEL_FIELD, replacement) : line))
    .join('\n');
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
