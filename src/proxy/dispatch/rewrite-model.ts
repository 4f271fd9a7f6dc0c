/**
 * Sets the top-level `model` of a JSON body given as its raw bytes, without re-serialising:
 * a passthrough of a multi-megabyte Claude Code body must not pay for stringify + encode.
 * The search runs on a latin1 view (one byte per character, so string offsets are byte
 * offsets). Falls back to a full stringify when the value cannot be located unambiguously.
 */
export function rewriteModel(raw: Buffer, body: Record<string, unknown>, model: string): Buffer {
  if (body.model === model) return raw;
  if (typeof body.model === 'string' && /^[\x20-\x7e]*$/.test(body.model)) {
    const view = raw.toString('latin1');
    const pattern = new RegExp(`"model"\\s*:\\s*${escapeRegExp(JSON.stringify(body.model))}`, 'g');
    const first = pattern.exec(view);
    if (first && pattern.exec(view) === null) {
      return Buffer.concat([raw.subarray(0, first.index), Buffer.from(`"model":${JSON.stringify(model)}`), raw.subarray(first.index + first[0].length)]);
    }
  }
  return Buffer.from(JSON.stringify({ ...body, model }));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
