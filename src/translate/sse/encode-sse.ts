/** Server-sent events framing. `data` is written as one line (JSON never contains a raw newline). */
export function encodeSse(data: string, event?: string): string {
  return event ? `event: ${event}\ndata: ${data}\n\n` : `data: ${data}\n\n`;
}

const encoder = new TextEncoder();
export function encodeSseBytes(data: string, event?: string): Uint8Array {
  return encoder.encode(encodeSse(data, event));
}
