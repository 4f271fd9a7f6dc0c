/**
 * Sets the top-level `model` of a JSON body given as its raw text, without re-serialising
 * (a passthrough of a multi-megabyte Claude Code body must not pay for stringify).
 * Falls back to a full stringify when the value cannot be located unambiguously.
 */
export function rewriteModel(raw: string, body: Record<string, unknown>, model: string): string {
  if (body.model === model) return raw;
  if (typeof body.model === 'string') {
    const pattern = new RegExp(`"model"\\s*:\\s*${escapeRegExp(JSON.stringify(body.model))}`, 'g');
    const first = pattern.exec(raw);
    if (first && pattern.exec(raw) === null) {
      return raw.slice(0, first.index) + `"model":${JSON.stringify(model)}` + raw.slice(first.index + first[0].length);
    }
  }
  return JSON.stringify({ ...body, model });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
