const utf8 = new TextEncoder();

/** One SSE frame: optional `event:` line, the data (JSON-encoded unless a string), a blank line. */
export function sseFrame(data: unknown, event?: string): Uint8Array {
  const body = typeof data === 'string' ? data : JSON.stringify(data);
  // JSON.stringify never writes a raw line break: one data line, no split.
  const lines = typeof data !== 'string' || !LINE_BREAK.test(body) ? `data: ${body}\n` : body.split(/\r\n|\r|\n/).map((l) => `data: ${l}\n`).join('');
  // Buffer.from: a small frame is a slice of Node's pool (cheaper than TextEncoder's own allocation).
  return Buffer.from(`${event ? `event: ${event}\n` : ''}${lines}\n`, 'utf8');
}

const LINE_BREAK = /[\r\n]/;

export function utf8Bytes(text: string): Uint8Array {
  return utf8.encode(text);
}
