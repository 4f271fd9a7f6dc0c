const utf8 = new TextEncoder();

/** One SSE frame: optional `event:` line, the data (JSON-encoded unless a string), a blank line. */
export function sseFrame(data: unknown, event?: string): Uint8Array {
  const body = typeof data === 'string' ? data : JSON.stringify(data);
  const lines = body.split(/\r\n|\r|\n/).map((l) => `data: ${l}\n`).join('');
  return utf8.encode(`${event ? `event: ${event}\n` : ''}${lines}\n`);
}

export function utf8Bytes(text: string): Uint8Array {
  return utf8.encode(text);
}
