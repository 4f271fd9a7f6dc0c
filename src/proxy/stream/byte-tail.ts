/**
 * The last bytes written to a response (latin1, at most `TAIL_BYTES`): where an error event or
 * a keep-alive may go (StreamFraming.atBoundary). Kept lazily: a write of a chunk of at least
 * TAIL_BYTES only keeps a reference to it (the socket holds it until flushed anyway); the
 * string is built when someone asks, not for every streamed chunk.
 */
export const TAIL_BYTES = 8;

export class ByteTail {
  private last: Uint8Array | undefined;
  private text = '';

  push(chunk: Uint8Array | string): void {
    if (typeof chunk !== 'string' && chunk.byteLength >= TAIL_BYTES) {
      this.last = chunk;
      return;
    }
    const s = typeof chunk === 'string' ? chunk : latin1(chunk, 0);
    this.text = (this.get() + s).slice(-TAIL_BYTES);
    this.last = undefined;
  }

  get(): string {
    const c = this.last;
    if (c === undefined) return this.text;
    this.text = latin1(c, c.byteLength - TAIL_BYTES);
    this.last = undefined;
    return this.text;
  }
}

function latin1(c: Uint8Array, from: number): string {
  return Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString('latin1', Math.max(0, from));
}
